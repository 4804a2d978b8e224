"""Role × action for patents (the registry's rules: the office imports; counties and parks
read their own places' patents; leaders read all), the pages and the API alike; constant
query counts for the list page and the list endpoint."""

import pytest
from django.urls import reverse

from luoshi.core.testing import assert_constant_queries
from luoshi.patents import permissions, services
from luoshi.patents.models import Patent
from luoshi.patents.testing import patent_number
from luoshi.patents.tests.conftest import P, patent_list

pytestmark = pytest.mark.django_db

PEOPLE = [
    "admin_user",
    "coordinator",
    "leader",
    "county_reporter",
    "park_reporter",
    "outsider",
    "other_office",
]
MANAGES = {"admin_user", "coordinator", "other_office"}
# P1 is 船山区's and 高新区's (its holder's places); P4 蓬溪县's university's
SEES_P1 = {"admin_user", "coordinator", "leader", "county_reporter", "park_reporter"}
SEES_P4 = {"admin_user", "coordinator", "leader"}


@pytest.fixture
def people(request, elsewhere):
    return {
        name: elsewhere["office"] if name == "other_office" else request.getfixturevalue(name)
        for name in PEOPLE
    }


@pytest.mark.parametrize("who", PEOPLE)
def test_who_sees_which_patent(who, people, imported):
    visible = set(permissions.patents_visible_to(people[who]).values_list("number", flat=True))
    assert (P[1] in visible) == (who in SEES_P1)
    assert (P[4] in visible) == (who in SEES_P4)


@pytest.mark.parametrize("who", PEOPLE)
def test_pages_show_what_the_viewer_may_see(who, people, imported, login):
    client = login(people[who])
    page = client.get(reverse("patents:list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert (P[1] in text) == (who in SEES_P1) and (P[4] in text) == (who in SEES_P4)
    p4 = Patent.objects.get(number=P[4])
    assert client.get(reverse("patents:detail", args=[p4.pk])).status_code == (
        200 if who in SEES_P4 else 404
    )
    assert client.get(reverse("patents:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_office_imports(who, people, login):
    client = login(people[who])
    assert client.get(reverse("patents:import")).status_code == (200 if who in MANAGES else 403)
    assert permissions.can_manage(people[who]) == (who in MANAGES)


@pytest.mark.parametrize("who", PEOPLE)
def test_api_has_the_pages_visibility(who, people, imported, login):
    client = login(people[who])
    response = client.get("/api/patents/patents")
    if who not in SEES_P1 and who != "other_office":
        assert response.status_code == 403
        return
    numbers = {p["number"] for p in response.json()["items"]}
    assert (P[1] in numbers) == (who in SEES_P1) and (P[4] in numbers) == (who in SEES_P4)
    p4 = Patent.objects.get(number=P[4])
    detail = client.get(f"/api/patents/patents/{p4.pk}")
    assert detail.status_code == (200 if who in SEES_P4 else 404)
    if who in SEES_P4:
        data = detail.json()
        assert data["changes"] == [{"status": "invalidated", "changed_on": "2024-07-01"}]
        years = {y["year"]: y for y in data["years"]}
        assert years[2023]["high_value"] and not years[2024]["in_force"]
        assert set(years[2023]["categories"]) == {"overseas_family", "award"}


def test_the_list_filters_high_value_at_a_year_end(coordinator, imported, login):
    page = login(coordinator).get(
        reverse("patents:list"), {"standing": "high_value", "year": "2022"}
    )
    text = page.content.decode()
    assert all(P[n] in text for n in (1, 2, 4)) and P[3] not in text and P[5] not in text
    api = login(coordinator).get("/api/patents/patents?standing=in_force&year=2023").json()
    assert {p["number"] for p in api["items"]} == {P[1], P[2], P[4]}


def test_a_firm_page_shows_its_patents(coordinator, holders, imported, login):
    client = login(coordinator)
    detail = client.get(reverse("enterprises:detail", args=[holders[0].pk])).content.decode()
    assert reverse("patents:firm", args=[holders[0].pk]) in detail
    fragment = client.get(reverse("patents:firm", args=[holders[0].pk])).content.decode()
    assert all(P[n] in fragment for n in (1, 2, 3)) and P[4] not in fragment


def test_a_firm_out_of_reach_has_no_patent_fragment(county_reporter, holders, imported, login):
    response = login(county_reporter).get(reverse("patents:firm", args=[holders[1].pk]))
    assert response.status_code == 404


def _more(coordinator, n=30):
    rows = [
        (patent_number(2018, 700 + i), f"专利{i}", "遂宁甲科技有限公司", "", "2018-01-05",
         "2020-01-05", "", "有效", "", "", "", "", "", "")
        for i in range(n)
    ]  # fmt: skip
    batch = services.patent_import_preview(
        actor=coordinator, file_name="more.xlsx", data=patent_list(rows)
    )
    services.patent_import_commit(actor=coordinator, batch=batch)


def test_list_page_costs_the_same_for_few_patents_and_many(coordinator, imported, login):
    client = login(coordinator)
    assert_constant_queries(lambda: client.get(reverse("patents:list")), lambda: _more(coordinator))
    assert_constant_queries(
        lambda: client.get(reverse("patents:list"), {"standing": "high_value", "year": "2022"}),
        lambda: _more(coordinator, 5),
    )


def test_list_endpoint_costs_the_same_for_few_patents_and_many(coordinator, imported, login):
    client = login(coordinator)
    assert_constant_queries(
        lambda: client.get("/api/patents/patents?limit=100"), lambda: _more(coordinator)
    )


def test_a_unit_without_a_place_is_told_why_the_page_is_empty(outsider, login):
    page = login(outsider).get(reverse("patents:list")).content.decode()
    assert 'data-testid="not-for-your-unit"' in page
