"""/api/experts/: the expert database to the office and leaders, contacts only to the office
(its edit page shows them); the laboratory database to everyone with a role."""

import pytest

from luoshi.experts import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(coordinator):
    services.expert_add(
        actor=coordinator,
        name="陈教授",
        field_code="480.40",
        field_name="能源材料",
        expertise="锂电池正极材料",
        region_name="船山区",
        phone="13800000001",
        email="chen@example.cn",
    )
    services.lab_add(
        actor=coordinator,
        name="潼南区检验检测中心",
        region_name="重庆市潼南区",
        accreditations=["CMA"],
        scope="食品检测",
    )
    services.lab_add(
        actor=coordinator,
        name="射洪锂电检测中心",
        region_name="射洪市",
        accreditations=["CNAS"],
        scope="锂电池检测",
    )


@pytest.mark.parametrize(
    "who,experts,contacts,labs",
    [
        ("coordinator", 200, True, 200),
        ("leader", 200, False, 200),
        ("lead_reporter", 403, None, 200),
        ("org_admin", 403, None, 200),
    ],
)
def test_each_role_reads_what_the_pages_show(request, login, who, experts, contacts, labs, rows):
    client = login(request.getfixturevalue(who))
    response = client.get("/api/experts/", {"q": "锂电"})
    assert response.status_code == experts
    if experts == 200:
        (row,) = response.json()["items"]
        assert (row["name"], row["place"], row["in_city"]) == ("陈教授", "船山区", True)
        assert (row["phone"] == "13800000001") is contacts
        assert (row["email"] is None) is not contacts
    found = client.get("/api/experts/labs", {"place": "潼南"})
    assert found.status_code == labs
    (lab,) = found.json()["items"]
    assert (lab["place"], lab["in_city"]) == ("重庆市潼南区", False)
    assert client.get("/api/experts/labs", {"q": "锂电"}).json()["items"][0]["name"] == (
        "射洪锂电检测中心"
    )


def test_signed_out_reads_nothing(client, rows):
    assert client.get("/api/experts/labs").status_code == 401
