"""A loan from application to compensation, through the services, with the pool's balance."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.finance import selectors, services
from luoshi.finance.models import Claim, Loan
from luoshi.finance.tests.conftest import apply

pytestmark = pytest.mark.django_db


def test_a_loan_disbursed_defaulted_and_compensated_leaves_the_pool_balance_right(
    coordinator, borrower_person, bank_person, product, bank, guarantor, pool
):
    loan = apply(borrower_person, product, bank, guarantor, amount=3_000_000)
    assert loan.eligible_by == ["high_tech"]
    services.loan_decide(actor=bank_person, loan=loan, approve=True, amount="2500000")
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    assert loan.due_on == dt.date(2026, 3, 20)
    services.loan_repay(actor=bank_person, loan=loan, amount="500000", on=dt.date(2025, 9, 20))
    services.loan_default(actor=bank_person, loan=loan, on=dt.date(2026, 4, 1))
    assert loan.loss == Decimal(2_000_000)
    claim = services.claim_file(actor=bank_person, loan=loan)
    assert (claim.pool_part, claim.bank_part, claim.guarantor_part) == (
        Decimal(800_000),
        Decimal(600_000),
        Decimal(600_000),
    )
    services.claim_decide(actor=coordinator, claim=claim, pay=True, on=dt.date(2026, 5, 1))
    loan.refresh_from_db()
    assert loan.state == Loan.State.COMPENSATED
    assert claim.paid == Decimal(800_000) and claim.shortfall == 0
    assert services.pool_balance(pool) == Decimal(4_200_000)
    page = selectors.pool_page(viewer=coordinator, pool=pool)
    assert page["balance"] == Decimal(4_200_000)
    verbs = set(AuditEvent.objects.filter(model="finance.loan").values_list("verb", flat=True))
    assert {"loan_apply", "loan_approve", "loan_disburse", "loan_repay", "loan_default"} <= verbs


def test_the_pool_pays_no_more_than_its_balance(
    coordinator, borrower_person, bank_person, product, bank, pool
):
    loan = apply(borrower_person, product, bank, amount=19_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True)
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    services.loan_default(actor=bank_person, loan=loan, on=dt.date(2026, 4, 1))
    claim = services.claim_file(actor=bank_person, loan=loan)
    # without a guarantor: pool 40% = 7,600,000, bank the rest
    assert claim.pool_part == Decimal(7_600_000) and claim.guarantor_part == 0
    services.claim_decide(actor=coordinator, claim=claim, pay=True, on=dt.date(2026, 5, 1))
    assert (claim.paid, claim.shortfall) == (Decimal(5_000_000), Decimal(2_600_000))
    assert services.pool_balance(pool) == 0


def test_the_yearly_cap_counts_what_the_firm_already_asked_for(borrower_person, product, bank):
    apply(borrower_person, product, bank, amount=15_000_000)
    with pytest.raises(ValidationFailed) as exc:
        apply(borrower_person, product, bank, amount=6_000_000)
    assert "amount" in exc.value.errors
    # before 2025 the cap was 10 million
    with pytest.raises(ValidationFailed):
        apply(borrower_person, product, bank, amount=11_000_000, today=dt.date(2024, 6, 1))


def test_a_declined_application_frees_the_cap(borrower_person, bank_person, product, bank):
    loan = apply(borrower_person, product, bank, amount=20_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=False, note="抵押不足")
    assert apply(borrower_person, product, bank, amount=20_000_000).state == Loan.State.SUBMITTED


def test_an_ineligible_firm_is_told_what_the_product_is_for(borrower_person, product, bank):
    with pytest.raises(ValidationFailed) as exc:
        apply(borrower_person, product, bank, declared_kinds=["srdi"], tech_sme_years=[2021])
    assert "declared_kinds" in exc.value.errors
    loan = apply(borrower_person, product, bank, declared_kinds=[], tech_sme_years=[2023])
    assert loan.eligible_by == ["tech_sme"]


def test_a_term_above_the_products_longest_is_refused(borrower_person, product, bank):
    with pytest.raises(ValidationFailed) as exc:
        services.loan_apply(
            actor=borrower_person,
            product=product,
            bank=bank,
            amount=1000,
            term_months=24,
            purpose="x",
            declared_kinds=["high_tech"],
            today=dt.date(2025, 3, 1),
        )
    assert "term_months" in exc.value.errors


@pytest.mark.parametrize("amount", ["abc", "-5", "0", "1e30", "NaN", "Infinity"])
def test_a_bad_amount_is_refused_with_a_message(borrower_person, product, bank, amount):
    with pytest.raises(ValidationFailed):
        apply(borrower_person, product, bank, amount=amount)
    assert not Loan.objects.exists()


def test_only_the_lending_bank_decides(borrower_person, other_bank_person, product, bank):
    loan = apply(borrower_person, product, bank)
    with pytest.raises(PermissionDenied):
        services.loan_decide(actor=other_bank_person, loan=loan, approve=True)
    with pytest.raises(PermissionDenied):
        services.loan_decide(actor=borrower_person, loan=loan, approve=True)


def test_a_bank_cannot_approve_more_than_asked_or_skip_a_step(
    borrower_person, bank_person, product, bank
):
    loan = apply(borrower_person, product, bank, amount=1_000_000)
    with pytest.raises(ValidationFailed):
        services.loan_decide(actor=bank_person, loan=loan, approve=True, amount="2000000")
    with pytest.raises(ValidationFailed):
        services.loan_default(actor=bank_person, loan=loan, on=dt.date(2025, 4, 1))


def test_repaying_everything_closes_the_loan(borrower_person, bank_person, product, bank):
    loan = apply(borrower_person, product, bank, amount=1_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True)
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    with pytest.raises(ValidationFailed):
        services.loan_repay(actor=bank_person, loan=loan, amount="1000001", on=dt.date(2025, 4, 1))
    services.loan_repay(actor=bank_person, loan=loan, amount="1000000", on=dt.date(2025, 9, 1))
    assert loan.state == Loan.State.REPAID


def test_a_claim_rejected_needs_a_reason_and_pays_nothing(
    coordinator, borrower_person, bank_person, product, bank, pool
):
    loan = apply(borrower_person, product, bank, amount=1_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True)
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    services.loan_default(actor=bank_person, loan=loan, on=dt.date(2026, 4, 1))
    claim = services.claim_file(actor=bank_person, loan=loan)
    with pytest.raises(ValidationFailed):
        services.claim_decide(actor=coordinator, claim=claim, pay=False, on=dt.date(2026, 5, 1))
    services.claim_decide(
        actor=coordinator, claim=claim, pay=False, on=dt.date(2026, 5, 1), note="未尽职调查"
    )
    assert Claim.objects.get().state == Claim.State.REJECTED
    assert services.pool_balance(pool) == Decimal(5_000_000)


def test_figures_by_bank_product_county_and_year(
    coordinator, borrower_person, bank_person, product, bank
):
    loan = apply(borrower_person, product, bank, amount=2_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True)
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    figures = selectors.figures(viewer=coordinator)
    assert figures["bank"][0]["key"] == "遂宁银行科技支行"
    assert figures["county"][0] == {
        "key": "船山区",
        "count": 1,
        "lent": Decimal(2_000_000),
        "outstanding": Decimal(2_000_000),
        "defaults": 0,
        "compensated": Decimal(0),
    }
    assert figures["year"][0]["key"] == 2025
    assert selectors.amount_lent(kind="tianfu", year=2025) == Decimal(2_000_000)
    assert selectors.amount_lent(kind="ip_pledge", year=2025) == 0


def _registered(borrower, *kinds, year=2025):
    """The firm in the enterprise registry with qualifications (plain rows: the registry's
    imports are tested in luoshi.enterprises)."""
    from luoshi.enterprises import services as registry
    from luoshi.enterprises.models import Qualification

    firm = registry.enterprise_save(
        actor=None, credit_code=borrower.credit_code, name=borrower.name
    )
    for kind in kinds:
        Qualification.objects.create(
            enterprise=firm,
            kind=kind,
            year=year,
            issued_on=dt.date(year - 1, 12, 1),
            valid_until=dt.date(year + 2, 12, 1) if kind == "high_tech" else None,
        )
    return firm


def test_the_registry_answers_for_a_firm_it_knows(borrower, borrower_person, product, bank):
    _registered(borrower, "high_tech")
    loan = apply(borrower_person, product, bank, declared_kinds=[])
    assert loan.eligible_by == ["high_tech"]


def test_a_declaration_does_not_override_the_registry(borrower, borrower_person, product, bank):
    _registered(borrower)  # known, holding nothing
    with pytest.raises(ValidationFailed) as exc:
        apply(borrower_person, product, bank, declared_kinds=["high_tech"])
    assert "declared_kinds" in exc.value.errors


def test_a_tech_sme_registration_in_the_registry_counts_for_three_years(
    borrower, borrower_person, product, bank
):
    _registered(borrower, "tech_sme", year=2023)
    assert apply(borrower_person, product, bank, declared_kinds=[]).eligible_by == ["tech_sme"]
