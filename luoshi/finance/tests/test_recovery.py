"""Money recovered after the pool compensated a default (追偿): capped by the loss less
earlier recoveries, split back by the pool's shares, the pool's balance right."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.finance import rules, selectors, services
from luoshi.finance.models import PoolEntry, Recovery
from luoshi.finance.tests.conftest import apply

pytestmark = pytest.mark.django_db


def _compensated(coordinator, borrower_person, bank_person, product, bank, guarantor=None):
    loan = apply(borrower_person, product, bank, guarantor, amount=3_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True, amount="2500000")
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    services.loan_repay(actor=bank_person, loan=loan, amount="500000", on=dt.date(2025, 9, 20))
    services.loan_default(actor=bank_person, loan=loan, on=dt.date(2026, 4, 1))
    claim = services.claim_file(actor=bank_person, loan=loan)
    services.claim_decide(actor=coordinator, claim=claim, pay=True, on=dt.date(2026, 5, 1))
    loan.refresh_from_db()
    return loan


def test_disburse_default_compensate_recover_leaves_the_balance_right(
    coordinator, borrower_person, bank_person, product, bank, guarantor, pool
):
    loan = _compensated(coordinator, borrower_person, bank_person, product, bank, guarantor)
    # 5,000,000 paid in; the pool's 40% of the 2,000,000 loss paid out
    assert services.pool_balance(pool) == Decimal(4_200_000)
    first = services.pool_recover(
        actor=coordinator, loan=loan, amount="500001", on=dt.date(2026, 8, 1), note="拍卖抵押物"
    )
    # 40% of 500,001 = 200,000.4 → 200,000; guarantor 30% = 150,000.3 → 150,000; bank the rest
    assert (first.pool_part, first.guarantor_part, first.bank_part) == (
        Decimal(200_000),
        Decimal(150_000),
        Decimal(150_001),
    )
    assert services.pool_balance(pool) == Decimal(4_400_000)
    services.pool_recover(actor=coordinator, loan=loan, amount="1499999", on=dt.date(2026, 9, 1))
    assert services.pool_balance(pool) == Decimal(4_400_000) + Decimal(600_000)
    page = selectors.pool_page(viewer=coordinator, pool=pool)
    assert page["totals"]["recovery"] == Decimal(800_000)
    assert page["balance"] == Decimal(5_000_000)
    # the whole loss is back: nothing more can be recovered
    with pytest.raises(ValidationFailed) as exc:
        services.pool_recover(actor=coordinator, loan=loan, amount="1", on=dt.date(2026, 10, 1))
    assert "amount" in exc.value.errors
    assert set(
        AuditEvent.objects.filter(verb__in=["pool_recover", "loan_recover"]).values_list(
            "verb", flat=True
        )
    ) == {"pool_recover", "loan_recover"}


def test_a_recovery_above_the_loss_less_earlier_recoveries_is_refused_and_changes_nothing(
    coordinator, borrower_person, bank_person, product, bank, pool
):
    loan = _compensated(coordinator, borrower_person, bank_person, product, bank)
    services.pool_recover(actor=coordinator, loan=loan, amount="1500000", on=dt.date(2026, 8, 1))
    balance = services.pool_balance(pool)
    with pytest.raises(ValidationFailed) as exc:
        services.pool_recover(actor=coordinator, loan=loan, amount="500001", on=dt.date(2026, 9, 1))
    assert "500,000" in str(exc.value)
    assert services.pool_balance(pool) == balance
    assert Recovery.objects.count() == 1


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "1e40"])
def test_a_bad_recovery_amount_is_refused(
    coordinator, borrower_person, bank_person, product, bank, pool, amount
):
    loan = _compensated(coordinator, borrower_person, bank_person, product, bank)
    with pytest.raises(ValidationFailed):
        services.pool_recover(actor=coordinator, loan=loan, amount=amount, on=dt.date(2026, 8, 1))
    assert not PoolEntry.objects.filter(kind=PoolEntry.Kind.RECOVERY).exists()


def test_only_a_compensated_loan_is_recovered_on_and_only_by_the_office(
    coordinator, borrower_person, bank_person, product, bank, pool
):
    loan = apply(borrower_person, product, bank)
    with pytest.raises(ValidationFailed):
        services.pool_recover(actor=coordinator, loan=loan, amount="100", on=dt.date(2026, 8, 1))
    loan = _compensated(coordinator, borrower_person, bank_person, product, bank)
    with pytest.raises(PermissionDenied):
        services.pool_recover(actor=bank_person, loan=loan, amount="100", on=dt.date(2026, 8, 1))


def test_the_pool_gets_back_no_more_than_it_paid_when_it_fell_short(
    coordinator, borrower_person, bank_person, product, bank, pool
):
    # a 19,000,000 loss: the pool's part 7,600,000 but its balance only 5,000,000
    loan = apply(borrower_person, product, bank, amount=19_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True)
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    services.loan_default(actor=bank_person, loan=loan, on=dt.date(2026, 4, 1))
    claim = services.claim_file(actor=bank_person, loan=loan)
    services.claim_decide(actor=coordinator, claim=claim, pay=True, on=dt.date(2026, 5, 1))
    loan.refresh_from_db()
    recovery = services.pool_recover(
        actor=coordinator, loan=loan, amount="19000000", on=dt.date(2026, 8, 1)
    )
    assert recovery.pool_part == Decimal(5_000_000)
    assert recovery.bank_part == Decimal(14_000_000)
    assert services.pool_balance(pool) == Decimal(5_000_000)


def test_the_office_records_a_recovery_on_the_loan_page(
    client, coordinator, borrower_person, bank_person, product, bank, guarantor, pool
):
    loan = _compensated(coordinator, borrower_person, bank_person, product, bank, guarantor)
    client.force_login(coordinator)
    page = client.get(reverse("finance:loan", args=[loan.pk]))
    assert b'data-testid="recover-form"' in page.content
    client.post(
        reverse("finance:loan_action", args=[loan.pk, "recover"]),
        {"amount": "100000", "on": "2026-08-01", "note": ""},
    )
    assert services.pool_balance(pool) == Decimal(4_240_000)
    answer = client.post(
        reverse("finance:loan_action", args=[loan.pk, "recover"]),
        {"amount": "99999999", "on": "2026-08-01"},
        follow=True,
    )
    assert "1,900,000" in answer.content.decode()
    assert services.pool_balance(pool) == Decimal(4_240_000)
    client.force_login(bank_person)
    assert (
        b'data-testid="recover-form"'
        not in client.get(reverse("finance:loan", args=[loan.pk])).content
    )
    client.post(
        reverse("finance:loan_action", args=[loan.pk, "recover"]),
        {"amount": "100000", "on": "2026-08-01"},
    )
    assert services.pool_balance(pool) == Decimal(4_240_000)


def test_split_recovery_rounds_once_and_caps_the_pool_at_what_it_paid():
    shares = rules.Shares(Decimal(40), Decimal(30), Decimal(30))
    split = rules.split_recovery(
        amount=Decimal(101),
        shares=shares,
        has_guarantor=False,
        pool_paid=Decimal(1000),
        pool_recovered_before=Decimal(0),
    )
    assert (split.pool, split.bank, split.guarantor) == (Decimal(40), Decimal(61), Decimal(0))
    capped = rules.split_recovery(
        amount=Decimal(1000),
        shares=shares,
        has_guarantor=True,
        pool_paid=Decimal(500),
        pool_recovered_before=Decimal(300),
    )
    assert (capped.pool, capped.bank, capped.guarantor) == (
        Decimal(200),
        Decimal(500),
        Decimal(300),
    )
    assert rules.recovery_room(loss=Decimal(100), recovered_before=Decimal(120)) == 0
