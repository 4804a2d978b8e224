"""The projects API: open calls and published challenges for anyone; applications with the
pages' visibility; the figures for the office and the city's leaders; constant queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from luoshi.core.testing import assert_constant_queries
from luoshi.projects import services
from luoshi.projects.tests.conftest import submit

pytestmark = pytest.mark.django_db

WHO = ["admin", "office", "leader", "reporter", "applicant", "university", "other_city"]
READS_ALL = {"admin", "office", "leader"}


@pytest.fixture
def people(personas, elsewhere, applicant_person, university_person):
    return {
        "admin": personas["admin"],
        "office": personas["coordinator"],
        "leader": personas["leader"],
        "reporter": personas["lead_reporter"],
        "applicant": applicant_person,
        "university": university_person,
        "other_city": elsewhere["leader"],
    }


@pytest.fixture
def challenge(coordinator, applicant):
    draft = services.challenge_create(
        actor=coordinator,
        publisher=applicant,
        title="固态电池隔膜",
        goal="目标",
        indicators={"寿命": 2000},
        budget=5_000_000,
        deadline=dt.date(2099, 1, 1),
    )
    services.challenge_create(
        actor=coordinator,
        publisher=applicant,
        title="草稿榜单",
        goal="目标",
        indicators={"寿命": 1},
        budget=1_000_000,
        deadline=dt.date(2099, 1, 1),
    )
    return services.challenge_publish(actor=coordinator, challenge=draft)


@pytest.fixture
def draft_call(coordinator):
    return services.call_create(
        actor=coordinator,
        title="未开放的指南",
        year=2025,
        guide="",
        categories=["a"],
        budget=1,
        max_request=1,
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
    )


def test_open_calls_and_published_challenges_are_public(call, draft_call, challenge):
    anonymous = Client()
    calls = anonymous.get("/api/projects/calls/open")
    assert calls.status_code == 200
    assert [c["title"] for c in calls.json()["items"]] == [call.title]
    assert calls.json()["items"][0]["budget"] == "1000000"
    challenges = anonymous.get("/api/projects/challenges/open").json()["items"]
    assert [(c["title"], c["publisher"]) for c in challenges] == [
        ("固态电池隔膜", "遂宁锂电科技有限公司")
    ]


def test_the_private_endpoints_ask_for_a_sign_in():
    anonymous = Client()
    for url in ("/api/projects/applications", "/api/projects/figures"):
        assert anonymous.get(url).status_code == 401


@pytest.mark.parametrize("who", WHO)
def test_applications_answer_what_the_pages_show(
    request, who, people, login, call, applicant_person, university_person
):
    submit(applicant_person, call, title="锂电池回收")
    submit(university_person, call, title="电解液")
    items = login(people[who]).get("/api/projects/applications").json()["items"]
    titles = {a["title"] for a in items}
    expected = {
        "applicant": {"锂电池回收"},
        "university": {"电解液"},
    }.get(who, {"锂电池回收", "电解液"} if who in READS_ALL else set())
    assert titles == expected


@pytest.mark.parametrize("who", WHO)
def test_figures_for_the_office_and_the_citys_leaders_only(
    who, people, login, coordinator, call, applicant_person
):
    submit(applicant_person, call, requested=300_000)
    submit(applicant_person, call, title="第二项", requested=200_000)
    answer = login(people[who]).get("/api/projects/figures")
    if who not in READS_ALL:
        assert answer.status_code == 403
        return
    row = next(r for r in answer.json() if r["id"] == call.pk)
    assert (row["applications"], Decimal(row["requested"])) == (2, Decimal(500_000))
    assert row["approved"] == 0 and Decimal(row["paid"]) == 0


def test_application_list_costs_the_same_queries_for_one_and_many(
    login, coordinator, call, applicant_person
):
    submit(applicant_person, call, title="项目0")
    client = login(coordinator)

    def grow():
        for i in range(1, 15):
            submit(applicant_person, call, title=f"项目{i}")

    # session, user, the user's unit (is it the office?), the page of applications with
    # call and organisation, their attachments, the count
    assert_constant_queries(lambda: client.get("/api/projects/applications"), grow, expected=6)


def test_public_lists_cost_the_same_queries_for_one_and_many(coordinator, applicant):
    anonymous = Client()

    def grow():
        for i in range(10):
            c = services.challenge_create(
                actor=coordinator,
                publisher=applicant,
                title=f"榜单{i}",
                goal="g",
                indicators={"x": 1},
                budget=1_000_000,
                deadline=dt.date(2099, 1, 1),
            )
            services.challenge_publish(actor=coordinator, challenge=c)

    # count, the page of challenges with their publishers
    assert_constant_queries(
        lambda: anonymous.get("/api/projects/challenges/open"), grow, expected=2
    )
