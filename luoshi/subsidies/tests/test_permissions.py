"""Role × action for post-subsidy rounds: the office runs them; counties and parks read
their own firms' lines and pass on objections; leaders read and download the payment list;
other units see nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied
from luoshi.core.testing import assert_constant_queries
from luoshi.enterprises import services as registry
from luoshi.enterprises.testing import credit_code
from luoshi.subsidies import services
from luoshi.subsidies.models import Line

pytestmark = pytest.mark.django_db

PEOPLE = ["admin_user", "coordinator", "leader", "county_reporter", "park_reporter", "outsider"]
RUNS = {"admin_user", "coordinator"}
READS_ROUND = {"admin_user", "coordinator", "leader", "county_reporter", "park_reporter"}
SEES_PENGXI_LINE = {"admin_user", "coordinator", "leader"}
OBJECTS = {"admin_user", "coordinator", "county_reporter", "park_reporter"}
DOWNLOADS = {"admin_user", "coordinator", "leader"}


@pytest.fixture
def people(request):
    return {name: request.getfixturevalue(name) for name in PEOPLE}


@pytest.mark.parametrize("who", PEOPLE)
def test_round_page_shows_each_person_the_lines_of_their_firms(who, people, filled, login):
    client = login(people[who])
    response = client.get(reverse("subsidies:detail", args=[filled.pk]))
    if who not in READS_ROUND:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert "遂宁甲科技有限公司" in html
    assert ("蓬溪乙材料有限公司" in html) == (who in SEES_PENGXI_LINE)
    assert ('data-testid="actions"' in html) == (who in RUNS)


@pytest.mark.parametrize("who", PEOPLE)
def test_only_the_office_writes(who, people, filled, two_firms, login):
    client = login(people[who])
    before = list(Line.objects.values_list("spending", "review"))
    client.post(
        reverse("subsidies:line_add", args=[filled.pk]),
        {"credit_code": two_firms[0].credit_code, "spending": "1"},
    )
    client.post(reverse("subsidies:approve_all", args=[filled.pk]))
    changed = list(Line.objects.values_list("spending", "review")) != before
    assert changed == (who in RUNS)


@pytest.mark.parametrize("who", PEOPLE)
def test_objections_and_payment_list(who, people, coordinator, filled, login):
    services.lines_approve_all(actor=coordinator, round=filled)
    services.round_publicise(
        actor=coordinator,
        round=filled,
        notice_from=dt.date(2025, 6, 1),
        notice_until=dt.date(2025, 6, 7),
    )
    line = Line.objects.get(round=filled, enterprise__name="遂宁甲科技有限公司")
    user = people[who]
    if who in OBJECTS:
        services.objection_raise(actor=user, line=line, text="金额有误")
    else:
        with pytest.raises(PermissionDenied):
            services.objection_raise(actor=user, line=line, text="金额有误")
    for o in line.objections.all():
        services.objection_answer(actor=coordinator, objection=o, uphold=False, answer="维持")
    services.round_finalise(actor=coordinator, round=filled)
    response = login(user).get(reverse("subsidies:payment_list", args=[filled.pk]))
    if who in DOWNLOADS:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    else:
        assert response.status_code in (403, 404)


def test_round_page_costs_the_same_for_one_firm_and_many(coordinator, filled, login):
    client = login(coordinator)
    url = reverse("subsidies:detail", args=[filled.pk])

    def grow():
        for n in range(10, 30):
            firm = registry.enterprise_save(
                actor=coordinator, credit_code=credit_code("510903", n), name=f"企业{n}"
            )
            services.line_set(
                actor=coordinator,
                round=filled,
                enterprise=firm,
                spending=1000 * n,
                recompute_now=False,
            )

    assert_constant_queries(lambda: client.get(url), grow)


def test_list_page_costs_the_same_for_one_round_and_many(coordinator, filled, login):
    client = login(coordinator)

    def grow():
        for year in range(2010, 2020):
            services.round_create(
                actor=coordinator,
                year=year,
                title=str(year),
                base="spending",
                tiers=[{"above": "0", "rate": "0.1"}],
            )

    assert_constant_queries(lambda: client.get(reverse("subsidies:list")), grow)
