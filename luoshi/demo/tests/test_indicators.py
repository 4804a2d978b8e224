"""The demo: Suining's published figures as reported, the rest generated and marked as
demo, and the plan's seven targets linked."""

import io

import pytest

from luoshi.demo import indicators as demo
from luoshi.indicators.models import DataValue, Goal, IndicatorValue
from luoshi.indicators.tests.helpers import suining_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(city, units):
    plan = suining_plan()
    out = io.StringIO()
    demo.load(stdout=out)
    return plan, out.getvalue()


def test_published_figures_are_entered_as_reported_and_not_marked_demo(loaded, city):
    value = DataValue.objects.get(element__code="hightech_enterprises", region=city, year=2022)
    assert value.value == 169 and not value.is_demo and "科技局" in value.source
    gdp = DataValue.objects.get(element__code="gdp", region=city, year=2020)
    assert str(gdp.value) == "1403.1800" and not gdp.is_demo


def test_generated_figures_are_marked_demo(loaded, city, places):
    county = DataValue.objects.get(
        element__code="hightech_enterprises", region=places["船山区"], year=2022
    )
    assert county.is_demo and county.source == demo.DEMO_SOURCE
    assert not DataValue.objects.filter(is_demo=False).exclude(region=city).exists()


def test_county_splits_add_up_to_the_published_city_figure(loaded, city, places):
    counties = [places[n] for n in demo.COUNTY_SHARES]
    total = sum(
        DataValue.objects.filter(
            element__code="tech_smes", region__in=counties, year=2023
        ).values_list("value", flat=True)
    )
    assert total == 570


def test_the_seven_targets_are_linked_with_2021_baselines(loaded):
    plan, out = loaded
    goals = list(Goal.objects.filter(plan=plan))
    assert len(goals) == 7
    assert sum(1 for g in goals if g.kind == Goal.Kind.MILESTONE) == 1
    enterprises = next(
        g for g in goals if g.indicator and g.indicator.code == "hightech_enterprises"
    )
    assert (enterprises.baseline_year, enterprises.baseline_value, enterprises.target_value) == (
        2021,
        130,
        150,
    )
    assert "7 plan targets linked" in out


def test_2025_is_still_moving_through_approval(loaded):
    states = set(DataValue.objects.filter(year=2025).values_list("state", flat=True))
    assert states == {"draft", "approved", "accepted"}


def test_the_demo_works_without_a_plan_and_links_when_one_arrives(city, units):
    out = io.StringIO()
    demo.load(stdout=out)
    assert "not linked" in out.getvalue()
    assert IndicatorValue.objects.filter(region=city).exists()
    suining_plan()
    demo.load(stdout=io.StringIO())  # a second run links without loading values twice
    assert Goal.objects.count() == 7
    assert DataValue.objects.filter(element__code="gdp", region=city, year=2020).count() == 1
