"""The demo's yearly targets, assessments and public page: published figures as reported and
not demo, the rest demo; no invented populations for parks; the plan's targets not demo."""

import io

import pytest

from luoshi.assessment.models import Adjustment, Scheme
from luoshi.demo import assessment as demo
from luoshi.demo import indicators as demo_indicators
from luoshi.indicators.models import DataValue, Goal, IndicatorValue, YearlyTarget
from luoshi.indicators.tests.helpers import suining_plan
from luoshi.org.models import Region
from luoshi.public.models import PublicPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(city, units):
    plan = suining_plan()
    demo_indicators.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    return plan


def test_the_plans_targets_are_not_demo(loaded):
    assert Goal.objects.filter(plan=loaded).exists()
    assert not Goal.objects.filter(plan=loaded, is_demo=True).exists()


def test_parks_get_no_invented_population_and_so_no_per_capita_ratio(loaded, city):
    parks = Region.objects.filter(parent=city, kind=Region.Kind.PARK)
    assert not DataValue.objects.filter(
        element__code="resident_population", region__in=parks
    ).exists()
    assert not IndicatorValue.objects.filter(
        indicator__code="hv_patents_per_10k", region__in=parks, value__isnull=False
    ).exists()
    assert not YearlyTarget.objects.filter(
        goal__indicator__code="hv_patents_per_10k", region__in=parks
    ).exists()


def test_published_yearly_targets_are_as_reported_and_the_breakdown_is_demo(loaded, city):
    published = YearlyTarget.objects.get(
        goal__indicator__code="hightech_enterprises", region=city, year=2023
    )
    assert published.value == 185 and not published.is_demo
    assert YearlyTarget.objects.filter(region__parent=city).exists()
    assert not YearlyTarget.objects.filter(region__parent=city, is_demo=False).exists()


def test_the_2024_assessment_is_locked_and_the_2025_one_a_draft_with_items(loaded):
    schemes = {s.year: s for s in Scheme.objects.filter(plan=loaded)}
    assert schemes[2024].state == Scheme.State.FINAL and schemes[2024].is_demo
    assert schemes[2025].state == Scheme.State.DRAFT
    assert Adjustment.objects.filter(scheme=schemes[2025], is_demo=True).count() == 2


def test_the_public_page_is_on(loaded):
    assert PublicPage.objects.get(plan=loaded).enabled
