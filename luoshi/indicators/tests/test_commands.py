"""`luoshi refresh-indicators` rebuilds the registry figures and the computed table; --dry-run
changes nothing."""

import io

import pytest
from django.core.management import call_command

from luoshi.indicators.models import IndicatorValue
from luoshi.indicators.tests.helpers import entry, publish

pytestmark = pytest.mark.django_db


def test_refresh_rebuilds_after_the_park_setting_changes(catalogue, city, places, settings):
    rd, gdp = catalogue["rd"], catalogue["gdp"]
    county, park = places["船山区"], places["遂宁经济技术开发区"]
    publish(
        catalogue["unit"],
        [
            entry(rd, county, 2023, 1),
            entry(gdp, county, 2023, 100),
            entry(rd, park, 2023, 3),
            entry(gdp, park, 2023, 100),
        ],
    )

    def city_value():
        return IndicatorValue.objects.get(indicator=catalogue["rd_intensity"], region=city).value  # noqa: E731

    assert city_value() == pytest.approx(1.0)
    settings.LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY = True
    out = io.StringIO()
    call_command("refresh_indicators", dry_run=True, stdout=out)
    assert "遂宁市" in out.getvalue() and city_value() == pytest.approx(1.0)
    call_command("refresh_indicators", stdout=io.StringIO())
    assert city_value() == pytest.approx(2.0)


def test_refresh_recounts_the_figures_computed_from_the_registries(units, city):
    from luoshi.experts import services as experts
    from luoshi.indicators import services
    from luoshi.indicators.models import ComputedValue

    services.element_save(
        actor=None,
        code="labs",
        name="检验检测机构数",
        aggregation="last",
        supplying_unit=units["kjj"],
        computation="testing_labs_in_database",
    )
    experts.lab_add(actor=None, name="检测中心", region=city.children.get(name="船山区"))
    assert not ComputedValue.objects.exists()  # a new lab alone does not recount
    out = io.StringIO()
    call_command("refresh_indicators", stdout=out)
    assert "registry figures" in out.getvalue()
    assert ComputedValue.objects.get(element__code="labs", region=city).value == 1
