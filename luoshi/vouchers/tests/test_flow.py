"""apply → approve (issue) → contract → redemption → check → settle, and the limits."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.vouchers import selectors, services
from luoshi.vouchers.models import Redemption, Voucher
from luoshi.vouchers.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def test_the_whole_flow_is_audited_and_settles_the_provider(
    voucher, contract, org_admin, coordinator
):
    assert voucher.number.startswith("CXQ2026") and voucher.amount == 50000
    assert voucher.expires_on == voucher.issued_on + dt.timedelta(days=365)
    redemption = services.redemption_request(
        actor=org_admin, contract=contract, invoice=pdf(), proof=pdf("proof.pdf")
    )
    # 30% of a 100,000 contract
    assert redemption.amount == Decimal("30000")
    services.redemption_check(actor=coordinator, redemption=redemption)
    services.redemption_settle(actor=coordinator, redemption=redemption, payee="provider")
    voucher.refresh_from_db()
    assert voucher.redeemed == 30000 and voucher.committed == 30000
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"apply", "approve", "issue", "request_redemption", "check", "settle"} <= verbs


def test_a_contract_is_never_redeemed_twice(contract, org_admin):
    services.redemption_request(
        actor=org_admin, contract=contract, amount=1000, invoice=pdf(), proof=pdf()
    )
    with pytest.raises(Conflict):
        services.redemption_request(
            actor=org_admin, contract=contract, amount=1000, invoice=pdf(), proof=pdf()
        )
    assert Redemption.objects.count() == 1
    assert Voucher.objects.get().committed == 1000


def test_nothing_beyond_the_voucher(voucher, org_admin, provider):
    contracts = [
        services.contract_register(
            actor=org_admin,
            voucher=voucher,
            provider=provider,
            service_type="testing",
            title=f"合同{i}",
            amount=Decimal("100000"),
            signed_on=dt.date.today(),
        )
        for i in range(2)
    ]
    services.redemption_request(
        actor=org_admin, contract=contracts[0], invoice=pdf(), proof=pdf()
    )  # 30,000
    with pytest.raises(Conflict):
        services.redemption_request(
            actor=org_admin, contract=contracts[1], invoice=pdf(), proof=pdf()
        )
    services.redemption_request(
        actor=org_admin, contract=contracts[1], amount=20000, invoice=pdf(), proof=pdf()
    )
    assert Voucher.objects.get().committed == 50000


def test_a_rejected_redemption_frees_its_amount(contract, org_admin, coordinator):
    r = services.redemption_request(actor=org_admin, contract=contract, invoice=pdf(), proof=pdf())
    services.redemption_reject(actor=coordinator, redemption=r, note="发票不符")
    assert Voucher.objects.get().committed == 0
    services.redemption_request(actor=org_admin, contract=contract, invoice=pdf(), proof=pdf())


def test_an_expired_voucher_cannot_be_used(voucher, contract, org_admin):
    later = voucher.expires_on + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed):
        services.redemption_request(
            actor=org_admin, contract=contract, invoice=pdf(), proof=pdf(), today=later
        )
    assert services.vouchers_expire(actor=None, today=later) == 1
    assert services.vouchers_expire(actor=None, today=later) == 0
    assert Voucher.objects.get().state == Voucher.State.EXPIRED


def test_the_budget_and_the_firms_cap_hold(coordinator, org_admin, other_org_admin, provider):
    batch = services.batch_create(
        actor=coordinator,
        year=2026,
        name="小额批次",
        budget=Decimal("60000"),
        per_firm_cap=Decimal("50000"),
        providers=[provider],
    )
    a = services.application_submit(
        actor=org_admin, batch=batch, qualification="tech_sme", amount=50000, purpose="x"
    )
    services.application_approve(actor=coordinator, application=a)
    with pytest.raises(ValidationFailed):
        services.application_submit(
            actor=org_admin, batch=batch, qualification="tech_sme", amount=60000, purpose="x"
        )
    b = services.application_submit(
        actor=other_org_admin, batch=batch, qualification="tech_sme", amount=20000, purpose="y"
    )
    with pytest.raises(Conflict):
        services.application_approve(actor=coordinator, application=b)  # 10,000 left
    services.application_approve(actor=coordinator, application=b, amount=10000)
    batch.refresh_from_db()
    assert batch.issued_total == batch.budget == 60000


def test_the_provider_must_be_registered_and_the_voucher_is_the_firms_own(
    voucher, org_admin, other_org_admin, coordinator, units
):
    from conftest import _organisation

    stranger = _organisation(9100, "未登记服务机构", "provider", "t-stranger")
    with pytest.raises(ValidationFailed):
        services.contract_register(
            actor=org_admin,
            voucher=voucher,
            provider=stranger,
            service_type="testing",
            title="x",
            amount=1000,
            signed_on=dt.date.today(),
        )
    with pytest.raises(PermissionDenied):
        services.contract_register(
            actor=other_org_admin,
            voucher=voucher,
            provider=stranger,
            service_type="testing",
            title="x",
            amount=1000,
            signed_on=dt.date.today(),
        )


def test_only_the_office_approves_checks_and_settles(batch, org_admin, leader, lead_reporter):
    a = services.application_submit(
        actor=org_admin, batch=batch, qualification="tech_sme", amount=1000, purpose="x"
    )
    for who in (org_admin, leader, lead_reporter):
        with pytest.raises(PermissionDenied):
            services.application_approve(actor=who, application=a)
    with pytest.raises(PermissionDenied):
        services.application_submit(
            actor=lead_reporter, batch=batch, qualification="tech_sme", amount=1, purpose="x"
        )


def test_statistics_by_county_service_and_provider(voucher, contract, org_admin, coordinator):
    r = services.redemption_request(actor=org_admin, contract=contract, invoice=pdf(), proof=pdf())
    services.redemption_check(actor=coordinator, redemption=r)
    services.redemption_settle(actor=coordinator, redemption=r, payee="firm")
    stats = selectors.statistics(viewer=coordinator, year=2026)
    assert stats["totals"]["issued"] == 50000 and stats["totals"]["redeemed"] == 30000
    assert stats["totals"]["vouchers"] == 1
    assert [(row["label"], row["redeemed"]) for row in stats["by_service"]] == [
        ("检验检测认证", 30000)
    ] or [row["redeemed"] for row in stats["by_service"]] == [30000]
    assert [row["redeemed"] for row in stats["by_provider"]] == [30000]


def test_eligibility_reads_the_enterprise_registry_for_a_firm_it_knows(
    batch, org_admin, coordinator
):
    from luoshi.enterprises.models import Enterprise, Qualification

    firm = org_admin.org_membership.organisation
    enterprise = Enterprise.objects.create(credit_code=firm.credit_code, name=firm.name)
    Qualification.objects.create(
        enterprise=enterprise, kind="tech_sme", year=dt.date.today().year - 1, number="2025-1"
    )
    with pytest.raises(ValidationFailed) as err:
        services.application_submit(
            actor=org_admin, batch=batch, qualification="tech_sme", amount=1000, purpose="x"
        )
    assert "qualification" in err.value.errors
    Qualification.objects.create(
        enterprise=enterprise, kind="tech_sme", year=dt.date.today().year, number="2026-1"
    )
    services.application_submit(
        actor=org_admin, batch=batch, qualification="tech_sme", amount=1000, purpose="x"
    )
