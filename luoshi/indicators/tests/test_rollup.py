"""City figures roll up from counties: sums for amounts, ratios recomputed from summed
parts (never averaged), parks shown but not counted twice."""

import numpy as np
import pytest

from luoshi.indicators import rollup
from luoshi.indicators.models import IndicatorValue
from luoshi.indicators.tests.helpers import entry, publish

pytestmark = pytest.mark.django_db


def _city_value(catalogue, city, code="rd_intensity", year=2023):
    return IndicatorValue.objects.get(indicator=catalogue[code], region=city, year=year)


def test_a_ratio_is_recomputed_from_summed_parts_not_averaged(catalogue, city, places):
    rd, gdp, unit = catalogue["rd"], catalogue["gdp"], catalogue["unit"]
    a, b = places["船山区"], places["射洪市"]
    # County A: 1 / 100 = 1.0 %; county B: 9 / 300 = 3.0 %.
    publish(
        unit,
        [
            entry(rd, a, 2023, 1),
            entry(gdp, a, 2023, 100),
            entry(rd, b, 2023, 9),
            entry(gdp, b, 2023, 300),
        ],
    )
    county_ratios = [
        IndicatorValue.objects.get(indicator=catalogue["rd_intensity"], region=r, year=2023).value
        for r in (a, b)
    ]
    assert county_ratios == pytest.approx([1.0, 3.0])
    averaged = sum(county_ratios) / 2
    city_value = _city_value(catalogue, city)
    # The city spends 10 of 400: 2.5 %, not the 2.0 % an average of the counties gives.
    assert averaged == pytest.approx(2.0)
    assert city_value.value == pytest.approx(2.5)
    assert city_value.rolled_up
    assert not city_value.complete  # three counties have not reported


def test_parks_are_shown_but_not_added_into_the_city_total(catalogue, city, places):
    rd, gdp, unit = catalogue["rd"], catalogue["gdp"], catalogue["unit"]
    county, park = places["船山区"], places["遂宁高新技术产业园区"]
    publish(
        unit,
        [
            entry(rd, county, 2023, 1),
            entry(gdp, county, 2023, 100),
            entry(rd, park, 2023, 5),
            entry(gdp, park, 2023, 10),
        ],
    )
    assert IndicatorValue.objects.get(
        indicator=catalogue["rd_intensity"], region=park, year=2023
    ).value == pytest.approx(50)
    assert _city_value(catalogue, city).value == pytest.approx(1.0)


def test_parks_are_added_when_the_setting_says_so(catalogue, city, places, settings):
    settings.LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY = True
    rd, gdp, unit = catalogue["rd"], catalogue["gdp"], catalogue["unit"]
    county, park = places["船山区"], places["遂宁高新技术产业园区"]
    publish(
        unit,
        [
            entry(rd, county, 2023, 1),
            entry(gdp, county, 2023, 100),
            entry(rd, park, 2023, 5),
            entry(gdp, park, 2023, 10),
        ],
    )
    assert _city_value(catalogue, city).value == pytest.approx(6 / 110 * 100)


def test_an_entered_city_figure_wins_over_the_sum_of_counties(catalogue, city, places):
    firms, unit = catalogue["firms"], catalogue["unit"]
    publish(
        unit,
        [
            entry(firms, places["船山区"], 2023, 40),
            entry(firms, places["射洪市"], 2023, 50),
            entry(firms, city, 2023, 209),
        ],
    )
    row = _city_value(catalogue, city, "firm_count")
    assert row.value == 209 and not row.rolled_up


def test_counts_sum_up_when_the_city_is_not_entered(catalogue, city, places):
    firms, unit = catalogue["firms"], catalogue["unit"]
    publish(
        unit,
        [
            entry(firms, places[n], 2023, v)
            for n, v in [
                ("船山区", 40),
                ("安居区", 12),
                ("射洪市", 50),
                ("蓬溪县", 20),
                ("大英县", 30),
            ]
        ],
    )
    row = _city_value(catalogue, city, "firm_count")
    assert row.value == 152 and row.rolled_up and row.complete


def test_only_accepted_values_are_published(catalogue, city, places):
    from luoshi.indicators import services

    firms, unit = catalogue["firms"], catalogue["unit"]
    services.values_save(actor=None, unit=unit, entries=[entry(firms, city, 2023, 209)])
    assert not IndicatorValue.objects.filter(region=city).exists()


def test_quarters_make_a_year_by_sum_for_flows_and_by_the_last_quarter_for_stocks():
    annual = np.full((1, 1, 2), np.nan)
    quarters = np.full((1, 1, 2, 4), np.nan)
    quarters[0, 0, 0] = [1, 2, 3, 4]  # a flow
    quarters[0, 0, 1, :3] = [10, 12, 15]  # a stock, Q4 not yet in
    values, partial = rollup.annual_from_quarters(annual, quarters, ["sum", "last"])
    assert values[0, 0].tolist() == [10, 15]
    assert partial[0, 0].tolist() == [False, True]


def test_non_additive_elements_are_not_rolled_up():
    tree = rollup.Tree.build([-1, 0, 0], [True, True, True])
    values = np.array([[[np.nan]], [[1.0]], [[2.0]]])
    rolled = rollup.rollup(values, tree, ["none"])
    assert np.isnan(rolled.values[0, 0, 0])


def test_roll_up_works_through_several_levels():
    # province -> two cities -> two counties each
    tree = rollup.Tree.build([-1, 0, 0, 1, 1, 2, 2], [True] * 7)
    values = np.full((7, 1, 1), np.nan)
    values[3:, 0, 0] = [1, 2, 3, 4]
    rolled = rollup.rollup(values, tree, ["sum"])
    assert rolled.values[:3, 0, 0].tolist() == [10, 3, 7]


def test_changing_an_elements_aggregation_recomputes_the_city(catalogue, city, places):
    from luoshi.indicators import services

    firms = catalogue["firms"]
    publish(
        catalogue["unit"],
        [entry(firms, places["船山区"], 2023, 40), entry(firms, places["射洪市"], 2023, 50)],
    )
    assert _city_value(catalogue, city, "firm_count").value == 90
    services.element_save(actor=None, element=firms, aggregation="none")
    assert not IndicatorValue.objects.filter(
        indicator=catalogue["firm_count"], region=city, value__isnull=False
    ).exists()


def test_the_roll_up_reads_the_same_provisional_code_the_model_stores():
    from luoshi.indicators.models import DataValue

    assert rollup.PROVISIONAL == DataValue.Status.PROVISIONAL
