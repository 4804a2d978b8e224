"""The pages: a firm applies, the office issues, the firm records a contract and asks for
redemption with files, the office checks and settles; who sees what."""

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.vouchers.models import Application, Redemption, Voucher
from luoshi.vouchers.tests.conftest import pdf

pytestmark = pytest.mark.django_db


def test_the_flow_through_the_pages(login, batch, org_admin, coordinator, provider):
    firm = login(org_admin)
    firm.post(
        reverse("vouchers:apply", args=[batch.pk]),
        {"qualification": "tech_sme", "amount": "40000", "purpose": "电池检测"},
    )
    application = Application.objects.get()
    office = login(coordinator)
    assert "电池检测" in office.get(reverse("vouchers:home")).content.decode()
    office.post(reverse("vouchers:decide", args=[application.pk]), {"decision": "approve"})
    voucher = Voucher.objects.get()
    firm = login(org_admin)
    page = firm.get(reverse("vouchers:voucher", args=[voucher.pk])).content.decode()
    assert voucher.number in page
    firm.post(
        reverse("vouchers:contract_add", args=[voucher.pk]),
        {
            "provider": provider.pk,
            "service_type": "testing",
            "title": "检测合同",
            "amount": "50000",
            "signed_on": dt.date.today().isoformat(),
        },
    )
    contract = voucher.contracts.get()
    firm.post(
        reverse("vouchers:redeem", args=[voucher.pk, contract.pk]),
        {"invoice": pdf(), "proof": pdf("report.pdf")},
    )
    redemption = Redemption.objects.get()
    assert redemption.amount == 15000
    office = login(coordinator)
    office.post(reverse("vouchers:redemption_act", args=[redemption.pk]), {"action": "check"})
    office.post(
        reverse("vouchers:redemption_act", args=[redemption.pk]),
        {"action": "settle", "payee": "provider"},
    )
    redemption.refresh_from_db()
    assert redemption.state == "settled"
    assert (
        office.get(reverse("vouchers:redemption_file", args=[redemption.pk, "invoice"])).status_code
        == 200
    )
    stats = office.get(reverse("vouchers:statistics") + "?year=2026").content.decode()
    assert "1.50万元" in stats


def test_a_disguised_invoice_is_refused(login, voucher, contract, org_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf")
    login(org_admin).post(
        reverse("vouchers:redeem", args=[voucher.pk, contract.pk]),
        {"invoice": fake, "proof": pdf()},
    )
    assert not Redemption.objects.exists()
    assert Voucher.objects.get().committed == 0


@pytest.mark.parametrize(
    "who,home,voucher_page,stats",
    [
        ("coordinator", 200, 200, 200),
        ("leader", 200, 200, 200),
        ("org_admin", 200, 200, 404),
        ("org_member", 200, 200, 404),
        ("other_org_admin", 200, 200, 404),  # the provider, once contracted
        ("pending_org_admin", 200, 404, 404),
        ("lead_reporter", 404, 404, 404),
        ("outsider", 404, 404, 404),
    ],
)
def test_who_sees_what(request, login, contract, who, home, voucher_page, stats):
    client = login(request.getfixturevalue(who))
    assert client.get(reverse("vouchers:home")).status_code == home
    assert (
        client.get(reverse("vouchers:voucher", args=[contract.voucher_id])).status_code
        == voucher_page
    )
    assert client.get(reverse("vouchers:statistics")).status_code == stats


def test_the_office_home_keeps_its_query_count(login, coordinator, batch, voucher):
    """1 application and voucher, then 10 more of each: the same number of queries."""
    from conftest import _organisation
    from luoshi.core.testing import assert_constant_queries
    from luoshi.vouchers import services

    client = login(coordinator)

    def grow():
        for i in range(10):
            firm = _organisation(9200 + i, f"企业{i}", "enterprise", f"t-firm-{i}")
            a = services.application_submit(
                actor=None,
                batch=batch,
                qualification="tech_sme",
                amount=1000,
                purpose="p",
                organisation=firm,
            )
            if i % 2:
                services.application_approve(actor=None, application=a)

    assert_constant_queries(lambda: client.get(reverse("vouchers:home")), grow)
