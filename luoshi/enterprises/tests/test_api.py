"""The registry and drill-down API: the pages' permissions, 404 alike for hidden and
missing, constant queries for a page of firms."""

import pytest

from luoshi.core.testing import assert_constant_queries
from luoshi.enterprises import services
from luoshi.enterprises.testing import credit_code

pytestmark = pytest.mark.django_db

PEOPLE = ["admin_user", "coordinator", "leader", "county_reporter", "park_reporter", "outsider"]
SEES_PENGXI = {"admin_user", "coordinator", "leader"}
SEES_ANY = SEES_PENGXI | {"county_reporter", "park_reporter"}


@pytest.fixture
def two_firms(coordinator):
    a = services.enterprise_save(
        actor=coordinator,
        credit_code=credit_code("510903", 1),
        name="甲",
        address="遂宁高新技术产业园区创新路1号",
    )
    b = services.enterprise_save(actor=coordinator, credit_code=credit_code("510921", 2), name="乙")
    return a, b


@pytest.mark.parametrize("who", PEOPLE)
def test_firms_endpoint_lists_what_the_pages_show(request, who, two_firms, login):
    client = login(request.getfixturevalue(who))
    response = client.get("/api/enterprises/firms")
    if who not in SEES_ANY:
        assert response.status_code == 403
        return
    names = {f["name"] for f in response.json()["items"]}
    assert "甲" in names
    assert ("乙" in names) == (who in SEES_PENGXI)
    pengxi = client.get(f"/api/enterprises/firms/{two_firms[1].pk}")
    assert pengxi.status_code == (200 if who in SEES_PENGXI else 404)
    assert client.get("/api/enterprises/firms/999999").status_code == 404


def test_firm_detail_has_its_qualifications(coordinator, two_firms, login, high_tech_list):
    batch = services.registry_import_preview(
        actor=coordinator,
        kind="high_tech",
        file_name="ht.xlsx",
        data=high_tech_list,
        options={"issued_on": "2023-12-12"},
    )
    for row in batch.plan["rows"]:
        assert row["status"] in ("new", "ask", "error")
    client = login(coordinator)
    data = client.get(f"/api/enterprises/firms/{two_firms[0].pk}").json()
    assert data["credit_code"] == two_firms[0].credit_code
    assert data["qualifications"] == []


def test_firm_list_costs_the_same_for_one_and_many(coordinator, two_firms, login):
    client = login(coordinator)

    def grow():
        for n in range(10, 40):
            services.enterprise_save(
                actor=coordinator, credit_code=credit_code("510903", n), name=f"企业{n}"
            )

    assert_constant_queries(lambda: client.get("/api/enterprises/firms?limit=100"), grow)


def test_drilldown_endpoint_gives_the_rows_behind_a_computed_figure(
    coordinator, county_reporter, outsider, login, tech_sme_list, units
):
    from luoshi.indicators import services as indicator_services
    from luoshi.org.models import Region

    indicator_services.element_save(
        actor=coordinator,
        code="tech_smes_x",
        name="科小",
        unit_of_measure="家",
        aggregation="sum",
        supplying_unit=units["kjj"] if "kjj" in units else next(iter(units.values())),
        computation="tech_sme_registered",
    )
    batch = services.registry_import_preview(
        actor=coordinator, kind="tech_sme", file_name="t.xlsx", data=tech_sme_list
    )
    services.registry_import_commit(actor=coordinator, batch=batch)
    city = Region.objects.get(kind="city", name="遂宁市")
    url = f"/api/indicators/computed/tech_smes_x/{city.pk}/2023/rows"
    data = login(coordinator).get(url).json()
    assert data["total"] == 3 and len(data["rows"]) == 3 and data["hidden"] == 0
    assert data["figure"] == 3.0
    county = login(county_reporter).get(url)
    assert county.status_code in (200, 404)
    if county.status_code == 200:
        assert county.json()["hidden"] >= 1
    # another unit reads the city's figure, as on the page, but none of the firms behind it
    other = login(outsider).get(url).json()
    assert other["rows"] == [] and other["hidden"] == 3
    assert login(coordinator).get("/api/indicators/computed/nope/1/2023/rows").status_code == 404
