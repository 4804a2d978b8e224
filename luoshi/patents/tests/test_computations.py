"""Figures from the hand-counted list (see conftest): in force and high-value on 31 December
per place, each patent once, the term and status changes applied; the indicator seam turns
them into the 每万人高价值发明专利 numerator that drills down to the patents."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.core.testing import assert_constant_queries
from luoshi.org.models import Region
from luoshi.patents import computations, services
from luoshi.patents.models import Patent
from luoshi.patents.testing import patent_number
from luoshi.patents.tests.conftest import ROWS, P, patent_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(directory):
    get = Region.objects.get
    return {
        "city": get(kind="city", name="遂宁市"),
        "chuanshan": get(name="船山区"),
        "pengxi": get(name="蓬溪县"),
        "hitech": get(name="遂宁高新技术产业园区"),
    }


def _figures(fn, places):
    ids = [p.pk for p in places.values()]
    found = fn(ids, None)
    return {
        (name, year): int(found[(p.pk, year)].value) if (p.pk, year) in found else 0
        for name, p in places.items()
        for year in (2017, 2021, 2022, 2023, 2024)
    }


def test_in_force_at_year_end_follows_grant_term_and_status(imported, places):
    f = _figures(computations.in_force_values, places)
    assert [f[("city", y)] for y in (2021, 2022, 2023, 2024)] == [5, 4, 3, 2]
    assert f[("city", 2017)] == 3  # P1, P2, P5 (P4 granted 2018, P3 in 2021)
    assert f[("chuanshan", 2021)] == 3 and f[("hitech", 2021)] == 3
    assert f[("pengxi", 2021)] == 2 and f[("pengxi", 2022)] == 1  # P5's term ended
    assert f[("pengxi", 2024)] == 0  # P4 invalidated in 2024


def test_high_value_counts_each_patent_once(imported, places):
    f = _figures(computations.high_value_values, places)
    assert [f[("city", y)] for y in (2021, 2022, 2023, 2024)] == [4, 3, 3, 2]
    # 2017: P1 (strategic emerging) and P5 (ten years from 2002-01-10); P2 not yet ten years
    assert f[("city", 2017)] == 2
    assert f[("pengxi", 2021)] == 2  # P4 has two categories and counts once
    assert f[("chuanshan", 2021)] == 2  # P1 and P2 (ten years from 2020-02-01); P3 none


def test_maintained_over_ten_years_may_be_listed(coordinator, imported, places):
    rows = [list(r) for r in ROWS]
    rows[2][11] = "是"  # P3 listed as maintained over 10 years
    batch = services.patent_import_preview(
        actor=coordinator, file_name="x.xlsx", data=patent_list(rows)
    )
    services.patent_import_commit(actor=coordinator, batch=batch)
    f = _figures(computations.high_value_values, places)
    assert f[("city", 2021)] == 5 and f[("city", 2023)] == 3  # P3 lapsed in 2023


def test_restored_patent_counts_again(coordinator, imported, places):
    rows = [list(r) for r in ROWS]
    rows[2][7], rows[2][8] = "权利恢复", "2023-09-01"
    batch = services.patent_import_preview(
        actor=coordinator, file_name="x.xlsx", data=patent_list(rows)
    )
    services.patent_import_commit(actor=coordinator, batch=batch)
    f = _figures(computations.in_force_values, places)
    assert f[("city", 2023)] == 4


def test_figures_are_demo_when_a_demo_patent_is_behind_them(coordinator, holders, places):
    batch = services.patent_import_preview(
        actor=coordinator, file_name="x.xlsx", data=patent_list(ROWS[:1])
    )
    services.patent_import_commit(actor=coordinator, batch=batch, is_demo=True)
    found = computations.in_force_values([places["city"].pk], [2021])
    assert found[(places["city"].pk, 2021)] == computations.Figure(Decimal(1), is_demo=True)


@pytest.fixture
def catalogue(directory):
    from luoshi.indicators import services as indicator_services
    from luoshi.org.models import Unit

    population = indicator_services.element_save(
        actor=None,
        code="resident_population",
        name="年末常住人口",
        unit_of_measure="万人",
        aggregation="last",
        supplying_unit=Unit.objects.get(code="tjj"),
    )
    element = indicator_services.element_save(
        actor=None,
        code="hv_patents",
        name="高价值发明专利拥有量",
        unit_of_measure="件",
        aggregation="last",
        value_type="integer",
        supplying_unit=Unit.objects.get(code="scjgj"),
        computation="hv_invention_patents",
    )
    indicator = indicator_services.indicator_save(
        actor=None,
        code="hv_patents_per_10k",
        name="每万人高价值发明专利拥有量",
        formula="hv_patents / resident_population",
        decimals=2,
    )
    return population, element, indicator


def test_the_numerator_of_the_per_10k_indicator_is_computed(catalogue, imported, places):
    from luoshi.indicators.models import ComputedValue

    _pop, element, _indicator = catalogue
    city = places["city"]
    assert ComputedValue.objects.get(element=element, region=city, year=2021).value == 4
    # a place whose last high-value patent was invalidated counts 0, not nothing
    assert ComputedValue.objects.get(element=element, region=places["pengxi"], year=2024).value == 0


def test_drilldown_lists_the_patents_and_exports_them(
    catalogue, coordinator, imported, login, places
):
    client = login(coordinator)
    city = places["city"]
    page = client.get(reverse("indicators:drilldown", args=["hv_patents", city.pk, 2022]))
    text = page.content.decode()
    assert page.status_code == 200
    assert all(P[n] in text for n in (1, 2, 4)) and P[3] not in text and P[5] not in text
    response = client.get(reverse("indicators:drilldown_xlsx", args=["hv_patents", city.pk, 2022]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {P[1], P[2], P[4]} <= numbers and P[3] not in numbers


def test_a_county_sees_only_its_patents_behind_the_city_figure(
    catalogue, imported, county_reporter, login, places
):
    page = login(county_reporter).get(
        reverse("indicators:drilldown", args=["hv_patents", places["city"].pk, 2022])
    )
    text = page.content.decode()
    assert P[1] in text and P[4] not in text  # 蓬溪县's university is not 船山区's


def test_drilldown_queries_do_not_grow_with_rows(catalogue, coordinator, imported, login, places):
    client = login(coordinator)
    url = reverse("indicators:drilldown", args=["hv_patents", places["city"].pk, 2022])

    def grow():
        rows = [
            (patent_number(2012, 500 + n), f"专利{n}", "遂宁甲科技有限公司", "", "2012-01-05",
             "2014-01-05", "", "有效", "", "是", "", "", "", "")
            for n in range(20)
        ]  # fmt: skip
        batch = services.patent_import_preview(
            actor=coordinator, file_name="more.xlsx", data=patent_list(rows)
        )
        services.patent_import_commit(actor=coordinator, batch=batch)

    assert_constant_queries(lambda: client.get(url), grow)
    assert Patent.objects.count() == 25


def test_the_year_end_arrays_agree_with_the_rule_on_the_model(directory):
    """selectors.standing (numpy, for figures and lists) and Patent.in_force /
    Patent.maintained (per patent, for its page) are one rule: random patents with lapses,
    restorations, expiries and 29 February dates give the same answers."""
    import datetime as dt
    import random

    from luoshi.patents.models import StatusChange
    from luoshi.patents.selectors import standing, year_end

    rng = random.Random(7)
    patents, changes = [], []
    for n in range(300):
        applied = dt.date(1996, 2, 29) + dt.timedelta(days=rng.randrange(9000))
        granted = applied + dt.timedelta(days=rng.randint(300, 1500))
        patents.append(
            Patent(
                number=f"T{n}",
                title="x",
                holder_name="x",
                applied_on=applied,
                granted_on=granted,
                maintained_listed=rng.random() < 0.1,
                award=rng.random() < 0.1,
                city=directory,
            )
        )
    Patent.objects.bulk_create(patents)
    for p in Patent.objects.all():
        day = p.granted_on
        for status in rng.choice([[], ["lapsed"], ["lapsed", "in_force"], ["invalidated"]]):
            day += dt.timedelta(days=rng.randint(200, 2500))
            changes.append(StatusChange(patent=p, status=status, changed_on=day))
    StatusChange.objects.bulk_create(changes)
    st = standing(Patent.objects.all())
    history = {}
    for c in StatusChange.objects.order_by("changed_on", "id"):
        history.setdefault(c.patent_id, []).append((c.changed_on, c.status))
    for row, p in enumerate(Patent.objects.order_by("pk")):
        for column, year in enumerate(st.years):
            end = year_end(year)
            holds = Patent.in_force(p.applied_on, p.granted_on, history.get(p.pk, []), end)
            assert st.in_force[row, column] == holds, (p.pk, year)
            assert st.high_value[row, column] == (holds and bool(p.categories_on(end)))
