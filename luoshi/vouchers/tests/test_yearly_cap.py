"""The per-firm yearly cap holds across batches: approvals of one firm's applications in
different batches of the same year, at the same moment, never issue more than the cap (the
firm's row is the lock). On SQLite and PostgreSQL alike (and MariaDB when it answers)."""

from decimal import Decimal

import pytest

from luoshi.core.errors import ValidationFailed
from luoshi.instruments.tests.test_concurrency import _concurrently
from luoshi.vouchers import services
from luoshi.vouchers.models import Voucher

BATCHES = 10


def _applications(coordinator, org_admin, provider, *, count, amount):
    applications = []
    for i in range(count):
        batch = services.batch_create(
            actor=coordinator,
            year=2026,
            name=f"2026年第{i + 1}批",
            budget=Decimal("1000000"),
            per_firm_cap=Decimal("100000"),
            providers=[provider],
        )
        applications.append(
            services.application_submit(
                actor=org_admin,
                batch=batch,
                qualification="tech_sme",
                amount=amount,
                purpose="检测服务",
            )
        )
    return applications


@pytest.mark.django_db
def test_a_second_batch_of_the_year_counts_the_first(coordinator, org_admin, provider):
    first, second = _applications(
        coordinator, org_admin, provider, count=2, amount=Decimal("60000")
    )
    services.application_approve(actor=coordinator, application=first)
    with pytest.raises(ValidationFailed) as refused:
        services.application_approve(actor=coordinator, application=second)
    assert "60,000" in str(refused.value)
    assert Voucher.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_in_different_batches_never_exceed_the_yearly_cap(
    coordinator, org_admin, provider
):
    applications = _applications(
        coordinator, org_admin, provider, count=BATCHES, amount=Decimal("30000")
    )
    outcomes = _concurrently(
        BATCHES,
        lambda i: services.application_approve(actor=coordinator, application=applications[i]),
    )
    others = [o for o in outcomes if not isinstance(o, Voucher | ValidationFailed)]
    assert not others, others[:3]
    issued = Voucher.objects.filter(organisation=org_admin.org_membership.organisation)
    # 10 × 30,000 asked against a 100,000 cap: exactly 3 fit, whichever three come first.
    assert issued.count() == 3
    assert sum(v.amount for v in issued) == Decimal("90000")
    assert sum(isinstance(o, ValidationFailed) for o in outcomes) == BATCHES - 3
    # Budgets moved only for the vouchers issued.
    assert sum(v.batch.issued_total for v in issued) == Decimal("90000")
