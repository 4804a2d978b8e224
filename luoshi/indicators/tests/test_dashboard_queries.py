"""The dashboard and the list endpoints read a fixed number of queries whatever the data:
measured with 10 indicators × 9 places × 10 years, then with ten times the years."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luoshi.core.testing import assert_constant_queries
from luoshi.indicators import services
from luoshi.indicators.models import Goal, IndicatorValue
from luoshi.indicators.tests.helpers import import_years, suining_plan, ten_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(city, places, units):
    plan = suining_plan()
    elements, indicators = ten_indicators()
    children = [p for p in places.values() if p.pk != city.pk]
    assert len(children) == 9 and len(indicators) == 10
    import_years(elements, children, range(2015, 2025))
    services.goals_link_plan(actor=None, plan=plan, baseline_year=2021)
    assert Goal.objects.filter(plan=plan).count() == 7
    return {"elements": elements, "children": children, "plan": plan}


def _grow(data):
    # Ten times the years: 2015–2024 becomes 1990–2089.
    import_years(
        data["elements"], data["children"], [*range(1990, 2015), *range(2025, 2090)], seed=2
    )
    assert IndicatorValue.objects.values("year").distinct().count() == 100


# Queries per page, each named:
EXPECTED = {
    # session, user, plan with targets, its goals (with indicator, unit, target), milestone
    # steps (with evidence counts), indicators, places, computed values, the viewer's unit in
    # the page header. (The supervision summary is mocked: its queries are that app's.)
    "dashboard": 9,
    # session, user, default place, places, indicators, computed values, header unit.
    "table": 7,
    # session, user, plan, goals, milestone steps, city, computed values.
    "targets api": 7,
    # session, user, count, one page of values with element and place.
    "values api": 4,
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
        with mock.patch(
            "luoshi.indicators.selectors.dashboard.supervision_summary", return_value=None
        ):
            page = measure("dashboard", "/indicators/")
        assert page.content.decode().count('data-testid="target-card"') == 7
        measure("dashboard with supervision", "/indicators/")
        measure("table", "/indicators/table/")
        measure("targets api", "/api/indicators/targets")
        measure("values api", "/api/indicators/values?limit=50")

    fetch()
    at_1x = dict(counts)
    assert_constant_queries(fetch, lambda: _grow(data))
    assert counts == at_1x
    assert {k: v for k, v in counts.items() if k in EXPECTED} == EXPECTED
