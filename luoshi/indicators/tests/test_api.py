"""The API answers from the same selectors as the pages, with the same visibility."""

import pytest

from luoshi.indicators import services
from luoshi.indicators.tests.helpers import entry, publish

pytestmark = pytest.mark.django_db


def test_indicators_list_their_formulas_and_elements(catalogue, leader, login):
    data = login(leader).get("/api/indicators/indicators").json()
    intensity = next(i for i in data if i["code"] == "rd_intensity")
    assert intensity["formula"] == "rd / gdp * 100" and set(intensity["elements"]) == {"rd", "gdp"}


def test_a_leader_reads_accepted_values_only(catalogue, city, places, leader, lead_reporter, login):
    publish(catalogue["unit"], [entry(catalogue["firms"], city, 2022, 169)])
    services.values_save(
        actor=None, unit=catalogue["unit"], entries=[entry(catalogue["firms"], city, 2023, 209)]
    )
    leader_view = login(leader).get("/api/indicators/values").json()
    assert [v["year"] for v in leader_view["items"]] == [2022]
    unit_view = login(lead_reporter).get("/api/indicators/values").json()
    assert sorted(v["year"] for v in unit_view["items"]) == [2022, 2023]


def test_computed_values_say_when_they_are_rolled_up(catalogue, places, city, leader, login):
    rd, gdp = catalogue["rd"], catalogue["gdp"]
    a, b = places["船山区"], places["射洪市"]
    publish(
        catalogue["unit"],
        [
            entry(rd, a, 2023, 1),
            entry(gdp, a, 2023, 100),
            entry(rd, b, 2023, 9),
            entry(gdp, b, 2023, 300),
        ],
    )
    rows = (
        login(leader)
        .get(f"/api/indicators/computed?indicator=rd_intensity&region={city.pk}")
        .json()["items"]
    )
    assert rows == [
        {
            "indicator": "rd_intensity",
            "region_id": city.pk,
            "region": "遂宁市",
            "year": 2023,
            "value": pytest.approx(2.5),
            "reason": "",
            "missing": [],
            "rolled_up": True,
            "complete": False,
            "provisional": True,
            "is_demo": False,
            "as_of": rows[0]["as_of"],
        }
    ]


def test_targets_come_with_their_status(city, units, leader, login):
    import io

    from luoshi.demo import indicators as demo
    from luoshi.indicators.tests.helpers import suining_plan

    suining_plan()
    demo.load(stdout=io.StringIO())
    data = login(leader).get("/api/indicators/targets").json()
    assert len(data) == 7
    enterprises = next(t for t in data if t["indicator"] == "hightech_enterprises")
    assert enterprises["status"] == "on_track" and enterprises["latest_year"] == 2024
    assert enterprises["projection"]["method"] in ("linear", "compound")
    milestone = next(t for t in data if t["kind"] == "milestone")
    assert len(milestone["steps"]) == 4


def test_anonymous_callers_are_refused(client):
    assert client.get("/api/indicators/indicators").status_code == 401
