"""The dashboard and the list endpoints read a fixed number of queries whatever the data:
measured with 10 indicators × 9 places × 10 years and a quarter of supervision reports,
then with more years, more places, more indicators and more reports."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from luoshi.core.testing import assert_constant_queries
from luoshi.indicators import services
from luoshi.indicators.models import Goal, IndicatorValue
from luoshi.indicators.tests.helpers import import_years, suining_plan, ten_indicators
from luoshi.org.models import Region
from luoshi.plans.models import Task
from luoshi.supervision.models import ReportingCycle, UnitReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(city, places, units, coordinator, lead_approver):
    plan = suining_plan()
    elements, indicators = ten_indicators()
    children = [p for p in places.values() if p.pk != city.pk]
    assert len(children) == 9 and len(indicators) == 10
    import_years(elements, children, range(2015, 2025))
    services.goals_link_plan(actor=None, plan=plan, baseline_year=2021)
    assert Goal.objects.filter(plan=plan).count() == 7
    _supervise(plan, coordinator, lead_approver, count=1)
    return {
        "elements": elements,
        "children": children,
        "plan": plan,
        "office": coordinator,
        "approver": lead_approver,
    }


def _supervise(plan, office, approver, count: int) -> None:
    """A reporting cycle on the plan and `count` reports signed off in its latest period."""
    from luoshi.supervision import services as supervision
    from luoshi.supervision import status

    if not ReportingCycle.objects.filter(plan=plan).exists():
        supervision.cycle_save(actor=office, plan=plan, first_period_start=dt.date(2022, 7, 1))
    period = status.default_period(status.periods_of(plan), timezone.localdate())
    done = set(UnitReport.objects.filter(period=period).values_list("task_id", flat=True))
    tasks = Task.objects.filter(
        plan=plan, assignments__unit=approver.unit, assignments__active=True
    ).exclude(pk__in=done)[:count]
    for task in tasks:
        supervision.report_sign_off(
            actor=approver, period=period, task=task, version=0, work_done="已完成", progress_pct=60
        )


def _grow(data):
    # Ten times the years: 2015–2024 becomes 1990–2089 …
    import_years(
        data["elements"], data["children"], [*range(1990, 2015), *range(2025, 2090)], seed=2
    )
    assert IndicatorValue.objects.values("year").distinct().count() == 100
    # … twice the places …
    city = data["children"][0].parent
    extra = [
        Region.objects.create(name=f"新区{n}", kind=Region.Kind.COUNTY, parent=city, order=50 + n)
        for n in range(9)
    ]
    import_years(data["elements"], extra, range(2015, 2025), seed=3)
    # … twice the indicators …
    for n in range(10):
        services.indicator_save(
            actor=None, code=f"extra_{n}", name=f"附加指标{n}", formula=f"gdp * {n + 1}"
        )
    # … and more reports in the period the summary shows.
    _supervise(data["plan"], data["office"], data["approver"], count=1)


# Queries per page, each named:
EXPECTED = {
    # session, user, plan with targets, its goals (with indicator, unit, target), milestone
    # steps (with evidence counts), indicators, places, computed values; the supervision
    # summary from the status read model: periods, tasks, ad-hoc selections, assignments,
    # the plan's reporting cycle, report rows, milestones; the viewer's unit with its region
    # chain (also the page header's) and the regions under it (the viewer's scope); the plans
    # with targets the viewer reads and their choice or the office default (the current plan);
    # the picker's plans and office default; the indicators computed from a registry; the
    # target year (2025) being over, the figures of the target year still in approval; the
    # programme figures shown with the plan's tasks (their computed values: one more when any).
    "dashboard": 23,
    # session, user, the viewer's scope (2, one shared with the header), default place, places,
    # indicators, computed values.
    "table": 8,
    # session, user, the viewer's scope (2), plans with targets, the viewer's choice or the
    # office default, goals, milestone steps, city, computed values, figures of the target
    # year still in approval (the target year being over).
    "targets api": 11,
    # session, user, the viewer's scope (2), count, one page of values with element and place.
    "values api": 6,
}


def test_pages_and_endpoints_read_a_fixed_number_of_queries_at_1x_and_10x_data(data, leader, login):
    client = login(leader)
    counts: dict[str, int] = {}

    def measure(name, url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts[name] = len(ctx.captured_queries)
        return response

    def fetch():
        page = measure("dashboard", "/indicators/").content.decode()
        assert page.count('data-testid="target-card"') == 7
        assert 'data-testid="supervision-summary"' in page
        measure("table", "/indicators/table/")
        measure("targets api", "/api/indicators/targets")
        measure("values api", "/api/indicators/values?limit=50")

    fetch()
    at_1x = dict(counts)
    assert_constant_queries(fetch, lambda: _grow(data))
    assert counts == at_1x
    assert {k: v for k, v in counts.items() if k in EXPECTED} == EXPECTED
