"""The programme's figures in the registry→indicator seam: per county and city, constant
queries, drill-down limited to what the viewer may see."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.indicators import computations
from luoshi.instruments import services as instruments
from luoshi.org.models import Region
from luoshi.vouchers import services
from luoshi.vouchers.tests.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(directory):
    return {r.name: r for r in Region.objects.all()}


def _place_firm(org_admin, places, name="射洪市"):
    from luoshi.organisations.models import Organisation

    Organisation.objects.filter(pk=org_admin.org_membership.organisation_id).update(
        region=places[name]
    )


def test_vouchers_issued_and_settled_per_county_and_city(
    places, org_admin, coordinator, voucher, contract
):
    _place_firm(org_admin, places)
    r = services.redemption_request(actor=org_admin, contract=contract, invoice=pdf(), proof=pdf())
    services.redemption_check(actor=coordinator, redemption=r)
    services.redemption_settle(actor=coordinator, redemption=r, payee="provider")
    year = timezone.localdate().year
    ids = [places["遂宁市"].pk, places["射洪市"].pk, places["船山区"].pk]
    issued = computations.get("vouchers_issued").values(ids, [year])
    assert issued[(places["遂宁市"].pk, year)].value == Decimal("5")  # 50,000 yuan = 5 万元
    assert issued[(places["射洪市"].pk, year)].value == Decimal("5")
    assert (places["船山区"].pk, year) not in issued
    settled = computations.get("vouchers_settled").values(ids, [year])
    assert settled[(places["遂宁市"].pk, year)].value == Decimal("3")
    drill = computations.get("vouchers_issued").rows(
        viewer=coordinator, region_id=places["遂宁市"].pk, year=year
    )
    assert drill.total == 1 and drill.rows[0][0] == voucher.number
    hidden = computations.get("vouchers_issued").rows(
        viewer=None, region_id=places["遂宁市"].pk, year=year
    )
    assert hidden.total == 1 and hidden.rows == []


def test_instrument_figures_count_open_instruments_and_outside_hours(
    places, org_admin, other_org_admin, coordinator
):
    from luoshi.organisations.models import Organisation

    owner = other_org_admin.org_membership.organisation
    Organisation.objects.filter(pk=owner.pk).update(region=places["船山区"])
    owner.refresh_from_db()
    instrument = instruments.instrument_save(
        actor=None, owner=owner, name="质谱仪", category="analysis", original_value=Decimal(900000)
    )
    instruments.instrument_save(
        actor=None,
        owner=owner,
        name="关闭的仪器",
        category="analysis",
        original_value=Decimal(900000),
        is_open=False,
    )
    start = (
        timezone.now().replace(month=1, day=10, hour=9)
        if timezone.now().month > 1
        else timezone.now()
    )
    for org in (org_admin.org_membership.organisation, owner):
        b = instruments.booking_request(
            actor=None,
            organisation=org,
            instrument=instrument,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=4),
            purpose="x",
        )
        instruments.booking_approve(actor=None, booking=b)
        instruments.booking_record_usage(actor=None, booking=b, hours_used=Decimal(3))
        start += dt.timedelta(days=1)
    year = start.year
    ids = [places["遂宁市"].pk, places["船山区"].pk]
    with CaptureQueriesContext(connection) as ctx:
        opened = computations.get("sharing_instruments_open").values(ids, [year, year + 1])
    assert len(ctx.captured_queries) == 2  # regions' lineage, instruments
    assert opened[(places["遂宁市"].pk, year)].value == 1
    assert opened[(places["船山区"].pk, year + 1)].value == 1
    hours = computations.get("sharing_outside_hours").values(ids, [year])
    assert hours[(places["遂宁市"].pk, year)].value == 3  # the owner's own use is not shared
