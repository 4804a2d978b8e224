"""Offices and leaders work within their own region: the people of another city (南充市) see
nothing of Suining's supervision, and Suining's leader nothing of theirs; a provincial plan
is read by both cities but supervised by neither."""

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.plans.models import Plan
from luoshi.supervision import services
from luoshi.supervision.tests import factories


@pytest.fixture
def suining(plan, tasks, cycle, past_period, lead_approver, coordinator, units):
    report = services.report_sign_off(
        actor=lead_approver,
        period=past_period,
        task=tasks["1"],
        version=0,
        work_done="遂宁的工作进展",
        progress_pct=40,
    )
    notice = services.notice_issue(
        actor=coordinator,
        task=tasks["1"],
        unit=units["fgw"],
        level="blue",
        reason="进度滞后",
        answer_by=dt.date.today() + dt.timedelta(days=7),
    )
    return {
        "plan": plan,
        "task": tasks["1"],
        "period": past_period,
        "report": report,
        "notice": notice,
    }


def _pages(s, fgw) -> dict[str, str]:
    plan, task, period = s["plan"], s["task"], s["period"]
    return {
        "overview": reverse("supervision:overview") + f"?plan={plan.pk}",
        "assessment": reverse("assessment:home") + f"?plan={plan.pk}",
        "ledger": reverse("supervision:ledger_xlsx") + f"?plan={plan.pk}",
        "report": reverse("supervision:report_view", args=[period.pk, task.pk, fgw.pk]),
        "consolidation": reverse("supervision:consolidation", args=[period.pk, task.pk]),
        "timeline": reverse("supervision:task_timeline", args=[task.pk]),
        "notice": reverse("supervision:notice_detail", args=[s["notice"].pk]),
        "review queue": reverse("supervision:review_queue", args=[plan.pk]),
        "plan": reverse("plans:detail", args=[plan.pk]),
        "api lights": f"/api/supervision/plans/{plan.pk}/lights-summary",
        "api status": f"/api/supervision/periods/{period.pk}/tasks/{task.pk}/units/{fgw.pk}/status",
    }


@pytest.mark.parametrize("who", ["office", "leader", "reporter"])
def test_another_citys_people_see_nothing_of_suinings_supervision(
    who, suining, elsewhere, units, login
):
    client = login(elsewhere[who])
    for name, url in _pages(suining, units["fgw"]).items():
        assert client.get(url).status_code == 404, name
    notices = client.get(reverse("supervision:notices")).content.decode()
    assert suining["notice"].number not in notices


def test_suinings_own_office_and_leader_still_see_it(suining, coordinator, leader, units, login):
    for user in (coordinator, leader):
        client = login(user)
        for name, url in _pages(suining, units["fgw"]).items():
            if name == "review queue" and user is leader:
                continue  # the office's page
            assert client.get(url).status_code == 200, (user, name)


def test_a_provincial_plan_is_read_by_its_cities_but_supervised_by_neither(
    elsewhere, coordinator, leader, units, login
):
    province = elsewhere["region"].parent
    plan = factories.make_plan(units, title="四川省增强协同创新发展能力行动方案")
    Plan.objects.filter(pk=plan.pk).update(region=province, coordinating_unit=None)
    for user in (coordinator, leader, elsewhere["office"], elsewhere["leader"]):
        client = login(user)
        assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
        overview = reverse("supervision:overview") + f"?plan={plan.pk}"
        assert client.get(overview).status_code == 404


def test_each_leader_lands_on_their_own_citys_plan(suining, elsewhere, leader, units, login):
    theirs = factories.make_plan(units, title="南充市科技创新行动方案")
    Plan.objects.filter(pk=theirs.pk).update(
        region=elsewhere["region"], coordinating_unit=elsewhere["units"]["nc-kjj"]
    )
    theirs.refresh_from_db()
    factories.setup_cycle(theirs, elsewhere["office"])
    page = login(elsewhere["leader"]).get(reverse("supervision:overview")).content.decode()
    assert "南充市科技创新行动方案" in page and suining["plan"].title not in page
    page = login(leader).get(reverse("supervision:overview")).content.decode()
    assert suining["plan"].title in page and "南充市科技创新行动方案" not in page
