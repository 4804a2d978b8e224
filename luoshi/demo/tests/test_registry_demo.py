"""The demo patent and platform registries: imported through the registries' own imports,
marked demo, 784 invention patents in force at the end of 2021 as published, about 1.0 to 1.6
high-value patents per 10,000 residents over 2021–2025 computed from them (the 高价值发明专利
element computed, its reported demo figures equal to the computed ones), and platforms of
every level spread over the counties and parks, a few removed by an evaluation. One test:
loading the registry takes a while."""

import io

import pytest

from luoshi.demo import enterprises, patents, platforms
from luoshi.demo import indicators as demo_indicators
from luoshi.indicators.models import ComputedValue, DataElement, IndicatorValue
from luoshi.indicators.tests.helpers import suining_plan
from luoshi.patents.computations import in_force_values
from luoshi.patents.models import Patent
from luoshi.platforms.models import Evaluation, Platform

pytestmark = pytest.mark.django_db


def test_demo_patents_and_platforms(city, units):
    suining_plan()
    out = io.StringIO()
    for part in (demo_indicators, enterprises, patents, platforms):
        part.load(stdout=out)
    assert "patents: " in out.getvalue() and "platforms: " in out.getvalue()

    assert Patent.objects.count() > 1000 and not Patent.objects.filter(is_demo=False).exists()
    assert in_force_values([city.pk], [2021])[(city.pk, 2021)].value == 784
    assert DataElement.objects.get(code="hv_patents").computation == "hv_invention_patents"
    computed = dict(
        ComputedValue.objects.filter(element__code="hv_patents", region=city).values_list(
            "year", "value"
        )
    )
    for year, value in demo_indicators.GENERATED["hv_patents"].items():
        assert computed[year] == value  # the demo's reported figures agree with the registry
    per_10k = dict(
        IndicatorValue.objects.filter(
            indicator__code="hv_patents_per_10k", region=city, year__in=range(2021, 2025)
        ).values_list("year", "value")
    )
    assert len(per_10k) == 4 and all(0.95 <= v <= 1.65 for v in per_10k.values()), per_10k
    assert Patent.objects.filter(holder__isnull=True).exists()  # institutes and a college
    assert not Patent.objects.filter(city__isnull=True).exists()

    assert 40 <= Platform.objects.count() <= 60
    assert not Platform.objects.filter(is_demo=False).exists()
    assert set(Platform.objects.values_list("level", flat=True)) == {
        "national",
        "provincial",
        "city",
    }
    assert len(set(Platform.objects.values_list("kind", flat=True))) == 7
    assert Platform.objects.exclude(county=None).values("county").distinct().count() >= 4
    assert Platform.objects.exclude(park=None).exists()
    assert Evaluation.objects.filter(result__in=Evaluation.REMOVES).count() == 3
    again = io.StringIO()
    patents.load(stdout=again)
    platforms.load(stdout=again)
    assert "already loaded" in again.getvalue()
