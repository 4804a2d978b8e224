"""The yearly evaluation: figures as ratios of sums, the score rule, the .xlsx result list."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.instruments import evaluation, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_use(owner_admin, org_admin):
    owner = owner_admin.org_membership.organisation
    firm = org_admin.org_membership.organisation
    instruments = [
        services.instrument_save(
            actor=None,
            owner=owner,
            name=f"仪器{i}",
            category="analysis",
            original_value=Decimal("800000"),
            fees={"machine_hour": Decimal("100")},
        )
        for i in range(5)
    ]
    start = timezone.make_aware(dt.datetime(2025, 3, 1, 8))
    # Each of 5 instruments: 5 used 10-day bookings of 240 recorded hours (1,200 h a year).
    for instrument in instruments:
        for k in range(5):
            org = firm if k < 3 else owner  # 3 of 5 by the outside firm
            b = services.booking_request(
                actor=None,
                organisation=org,
                instrument=instrument,
                starts_at=start + dt.timedelta(days=11 * k),
                ends_at=start + dt.timedelta(days=11 * k + 10),
                purpose="测试",
            )
            services.booking_approve(actor=None, booking=b)
            services.booking_record_usage(actor=None, booking=b, hours_used=Decimal(240))
    return owner


def test_the_owner_is_scored_from_its_year(coordinator, year_of_use):
    rows = evaluation.evaluate(viewer=coordinator, year=2025)
    row = next(r for r in rows if r.owner_id == year_of_use.pk)
    assert row.instruments == 5 and row.hours == 6000 and row.fees == 600000
    assert row.outside_share == Decimal("0.6")  # 3,600 of 6,000 hours
    assert row.utilisation == 1  # 6,000 h ÷ (5 × 1,200 h)
    assert row.evaluated and row.score == Decimal("100.0") and row.result == "优秀"
    assert evaluation.evaluate(viewer=coordinator, year=2024)[0].hours == 0


def test_an_owner_with_fewer_than_five_is_listed_but_not_scored(coordinator, instrument):
    rows = evaluation.evaluate(viewer=coordinator, year=2025)
    assert rows[0].instruments == 1 and not rows[0].evaluated and rows[0].score is None


def test_the_result_list_exports_to_xlsx(login, coordinator, year_of_use):
    from openpyxl import load_workbook

    response = login(coordinator).get(reverse("instruments:evaluation_xlsx", args=[2025]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for c in ws[2]]
    assert values[0] == "西南测试大学" and values[1] == 5 and values[-1] == "优秀"


@pytest.mark.parametrize(
    "who,status",
    [("coordinator", 200), ("leader", 200), ("org_admin", 404), ("lead_reporter", 404)],
)
def test_who_reads_the_evaluation(request, login, who, status, units):
    assert (
        login(request.getfixturevalue(who)).get(reverse("instruments:evaluation")).status_code
        == status
    )
