"""A city's figures and targets are read by its own people and those above it, not by
another city's."""

import pytest
from django.urls import reverse

from luoshi.indicators.models import Goal
from luoshi.indicators.tests.helpers import entry, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def suining_figures(catalogue, places, units):
    return publish(catalogue["unit"], [entry(catalogue["firms"], places["遂宁市"], 2022, 169)])


def test_another_citys_leader_and_office_read_none_of_suinings_figures(
    suining_figures, elsewhere, leader, coordinator, login
):
    value = suining_figures[0]
    for user in (elsewhere["leader"], elsewhere["office"]):
        client = login(user)
        assert client.get(reverse("indicators:value", args=[value.pk])).status_code == 404
        rows = client.get("/api/indicators/values?limit=50").json()
        assert rows["count"] == 0, user
        assert client.get("/api/indicators/computed").json()["count"] == 0
    for user in (leader, coordinator):
        assert login(user).get("/api/indicators/values?limit=50").json()["count"] == 1


def test_another_citys_people_do_not_open_suinings_targets(elsewhere, leader, login):
    from luoshi.indicators import services
    from luoshi.indicators.tests.helpers import suining_plan, ten_indicators

    plan = suining_plan()
    ten_indicators()
    services.goals_link_plan(actor=None, plan=plan, baseline_year=2021)
    goal = Goal.objects.filter(plan=plan).first()
    assert (
        login(elsewhere["leader"]).get(reverse("indicators:goal", args=[goal.pk])).status_code
        == 404
    )
    assert login(leader).get(reverse("indicators:goal", args=[goal.pk])).status_code == 200
    page = login(elsewhere["leader"]).get(reverse("indicators:dashboard")).content.decode()
    assert plan.title not in page
