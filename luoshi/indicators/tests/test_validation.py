"""Entry rules: allowed range, whole numbers, a big change on last year needs a note,
a ratio's parts come together. Any problem rejects the whole batch."""

import pytest
from django.utils import translation

from luoshi.indicators import services
from luoshi.indicators.models import DataValue
from luoshi.indicators.tests.helpers import entry

pytestmark = pytest.mark.django_db


def _save(catalogue, entries, actor=None):
    return services.values_save(actor=actor, unit=catalogue["unit"], entries=entries)


def test_a_value_outside_the_allowed_range_is_rejected(catalogue, city):
    with pytest.raises(services.RowsInvalid) as exc:
        _save(
            catalogue,
            [entry(catalogue["rd"], city, 2023, 1001), entry(catalogue["gdp"], city, 2023, 1000)],
        )
    assert len(exc.value.rows) == 1
    assert not DataValue.objects.exists()


def test_a_count_must_be_a_whole_number(catalogue, city):
    with pytest.raises(services.RowsInvalid):
        _save(catalogue, [entry(catalogue["firms"], city, 2023, "20.5")])


def test_a_big_change_on_last_year_needs_a_note(catalogue, city):
    rd, gdp = catalogue["rd"], catalogue["gdp"]
    _save(catalogue, [entry(rd, city, 2022, 10), entry(gdp, city, 2022, 1000)])
    with translation.override("en"), pytest.raises(services.RowsInvalid) as exc:
        _save(catalogue, [entry(rd, city, 2023, 16), entry(gdp, city, 2023, 1100)])
    assert "+60.0%" in str(exc.value.rows[0]) and "note" in str(exc.value.rows[0])
    _save(
        catalogue, [entry(rd, city, 2023, 16, note="新增两家研究院"), entry(gdp, city, 2023, 1100)]
    )
    assert DataValue.objects.filter(year=2023).count() == 2


def test_a_ratio_part_without_its_partner_from_the_same_unit_is_rejected(catalogue, city):
    with pytest.raises(services.RowsInvalid) as exc:
        _save(catalogue, [entry(catalogue["rd"], city, 2023, 10)])
    assert "地区生产总值" in str(exc.value.rows[0])


def test_the_city_part_may_come_from_its_counties(catalogue, city, places):
    rd, gdp = catalogue["rd"], catalogue["gdp"]
    county = places["船山区"]
    _save(
        catalogue,
        [entry(rd, county, 2023, 1), entry(gdp, county, 2023, 100), entry(gdp, city, 2023, 1000)],
    )
    assert DataValue.objects.count() == 3


def test_a_ratio_part_another_unit_supplies_only_warns(catalogue, city, units):
    from luoshi.indicators.models import DataElement

    population = services.element_save(
        actor=None,
        code="population",
        name="常住人口",
        unit_of_measure="万人",
        aggregation="last",
        supplying_unit=units["tjj"],
    )
    services.indicator_save(
        actor=None, code="firms_per_10k", name="每万人企业数", formula="firms / population"
    )
    result = _save(catalogue, [entry(catalogue["firms"], city, 2023, 209)])
    assert result.created == 1 and any(population.name in w for w in result.warnings)
    assert DataElement.objects.filter(code="population").exists()


def test_an_emptied_draft_is_removed(catalogue, city):
    firms = catalogue["firms"]
    _save(catalogue, [entry(firms, city, 2023, 209)])
    value = DataValue.objects.get()
    result = _save(catalogue, [entry(firms, city, 2023, None, version=value.version)])
    assert result.deleted == 1 and not DataValue.objects.exists()


def test_a_city_only_element_is_not_entered_for_a_county(catalogue, places):
    firms = catalogue["firms"]
    services.element_save(actor=None, element=firms, coverage="city")
    with pytest.raises(services.RowsInvalid):
        _save(catalogue, [entry(firms, places["船山区"], 2023, 20)])


def test_one_bad_cell_saves_nothing(catalogue, city, places):
    firms = catalogue["firms"]
    with pytest.raises(services.RowsInvalid):
        _save(
            catalogue,
            [entry(firms, places["船山区"], 2023, 20), entry(firms, places["射洪市"], 2023, "2.5")],
        )
    assert not DataValue.objects.exists()


def test_min_above_max_is_refused(catalogue):
    from decimal import Decimal

    from luoshi.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        services.element_save(
            actor=None, element=catalogue["rd"], min_value=Decimal("10"), max_value=Decimal("1")
        )
