"""A batch's cross-city flag: off, its vouchers are used only with providers in the city (by
the provider's county or park, else the division its credit code was registered in); on,
providers outside (Tongnan) are allowed too."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.org.models import Region
from luoshi.organisations import services as org_services
from luoshi.organisations.codes import synthetic_credit_code
from luoshi.vouchers import services
from luoshi.vouchers.models import Contract

pytestmark = pytest.mark.django_db


def _provider(serial, name, *, division, region=None):
    organisation = org_services.organisation_register(
        credit_code=synthetic_credit_code(serial, division=division),
        name=name,
        kind="provider",
        region=region,
        contact_name="联络员",
        contact_phone="023-00000000",
        username=f"t-provider-{serial}",
        password="x",
        proof=None,
        is_demo=True,  # tests need no proof file
        check_password=False,
    )
    return org_services.organisation_verify(actor=None, organisation=organisation)


@pytest.fixture
def tongnan(units):
    # 500152: 重庆市潼南区, outside Suining.
    return _provider(9501, "重庆潼南检测服务有限公司", division="500152")


@pytest.fixture
def shehong(units):
    return _provider(9502, "射洪检测服务有限公司", division="510981")


def _voucher(coordinator, org_admin, *, cross_city, providers):
    batch = services.batch_create(
        actor=coordinator,
        year=2026,
        name="跨市试点" if cross_city else "市内批次",
        budget=Decimal("1000000"),
        providers=providers,
        cross_city=cross_city,
    )
    application = services.application_submit(
        actor=org_admin,
        batch=batch,
        qualification="tech_sme",
        amount=Decimal(50000),
        purpose="检测",
    )
    return services.application_approve(actor=coordinator, application=application)


def _contract(org_admin, voucher, provider):
    return services.contract_register(
        actor=org_admin,
        voucher=voucher,
        provider=provider,
        service_type="testing",
        title="检测合同",
        amount=Decimal(10000),
        signed_on=dt.date.today(),
    )


def test_with_the_flag_off_a_provider_outside_the_city_is_refused(
    coordinator, org_admin, tongnan, shehong
):
    voucher = _voucher(coordinator, org_admin, cross_city=False, providers=[tongnan, shehong])
    with pytest.raises(ValidationFailed) as refused:
        _contract(org_admin, voucher, tongnan)
    assert "重庆潼南检测服务有限公司" in refused.value.errors["provider"][0]
    assert "遂宁市" in refused.value.errors["provider"][0]
    assert not Contract.objects.exists()
    # A provider registered in 射洪市 (by its credit code) is in the city.
    assert _contract(org_admin, voucher, shehong).provider == shehong


def test_a_chosen_county_or_park_decides_over_the_credit_code(coordinator, org_admin, units):
    moved = _provider(
        9503, "迁入船山的检测公司", division="500152", region=Region.objects.get(name="船山区")
    )
    voucher = _voucher(coordinator, org_admin, cross_city=False, providers=[moved])
    assert _contract(org_admin, voucher, moved).provider == moved


def test_with_the_flag_on_a_provider_in_tongnan_is_allowed(coordinator, org_admin, tongnan):
    voucher = _voucher(coordinator, org_admin, cross_city=True, providers=[tongnan])
    assert _contract(org_admin, voucher, tongnan).provider == tongnan


def test_the_contract_form_shows_the_refusal(login, coordinator, org_admin, tongnan):
    voucher = _voucher(coordinator, org_admin, cross_city=False, providers=[tongnan])
    client = login(org_admin)
    response = client.post(
        reverse("vouchers:contract_add", args=[voucher.pk]),
        {
            "provider": tongnan.pk,
            "service_type": "testing",
            "title": "检测合同",
            "amount": "10000",
            "signed_on": dt.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "重庆潼南检测服务有限公司" in page
    assert not Contract.objects.exists()
