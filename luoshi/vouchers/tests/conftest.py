import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="invoice.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def provider(other_org_admin):
    """The registered provider (西南测试大学)."""
    return other_org_admin.org_membership.organisation


@pytest.fixture
def batch(coordinator, provider):
    from luoshi.vouchers import services

    return services.batch_create(
        actor=coordinator,
        year=2026,
        name="2026年度科技创新券",
        budget=Decimal("1000000"),
        share_percent=Decimal("30"),
        per_firm_cap=Decimal("100000"),
        providers=[provider],
    )


@pytest.fixture
def voucher(batch, org_admin, coordinator):
    from luoshi.vouchers import services

    application = services.application_submit(
        actor=org_admin,
        batch=batch,
        qualification="tech_sme",
        amount=Decimal("50000"),
        purpose="材料检测",
    )
    return services.application_approve(actor=coordinator, application=application)


@pytest.fixture
def contract(voucher, org_admin, provider):
    from luoshi.vouchers import services

    return services.contract_register(
        actor=org_admin,
        voucher=voucher,
        provider=provider,
        service_type="testing",
        title="正极材料检测服务合同",
        amount=Decimal("100000"),
        signed_on=dt.date.today(),
    )
