"""The to-do puts what needs the person first: work handed back, instructions to answer,
reports to sign, 督办单, then overdue, due within a week, due later; a chip per group."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.supervision import services
from luoshi.supervision.selectors import todo
from luoshi.supervision.tests import factories


@pytest.fixture
def busy(
    plan, tasks, cycle, period, past_period, coordinator, leader, lead_reporter, lead_approver
):
    returned = services.report_submit(
        actor=lead_approver, period=past_period, task=tasks["1"], version=0, work_done="进展"
    )
    services.report_return(actor=coordinator, report=returned, comment="请补充")
    services.instruction_add(actor=leader, task=tasks["3"], text="请加快进度")
    draft = services.report_save_draft(
        actor=lead_reporter, period=period, task=tasks["4"], version=0, work_done="草稿"
    )
    services.report_hand_in(actor=lead_reporter, report=draft, version=draft.version)
    factories.open_round(plan, coordinator, due_in_days=3, tasks=[tasks["3"]])
    return tasks


def test_groups_come_in_the_order_of_what_needs_the_person(busy, lead_approver):
    page = todo.todo(viewer=lead_approver)
    kinds = [kind for kind, _items in page["groups"]]
    assert kinds[:3] == ["returned", "instruction", "sign_off"]
    assert kinds.index("overdue") < kinds.index("due_soon") < kinds.index("due")
    assert [i.kind for i in page["items"]] == [
        kind for kind, items in page["groups"] for _item in items
    ]
    soon = dict(page["groups"])["due_soon"]
    assert all(0 <= (i.due - timezone.localdate()).days <= 7 for i in soon)


def test_a_reporter_sees_the_report_waiting_for_sign_off_as_pending(busy, lead_reporter):
    kinds = [kind for kind, _items in todo.todo(viewer=lead_reporter)["groups"]]
    assert "pending" in kinds and "sign_off" not in kinds


def test_each_group_has_a_chip_that_leads_to_it(busy, lead_approver, login):
    page = login(lead_approver).get(reverse("supervision:todo")).content.decode()
    for kind in ("returned", "instruction", "sign_off", "overdue", "due_soon", "due"):
        assert f'href="#todo-{kind}" data-chip="{kind}"' in page
        assert f'id="todo-{kind}"' in page


def test_items_name_their_plan_when_the_unit_reports_on_several(
    busy, units, coordinator, lead_approver, login
):
    other = factories.make_plan(
        units, title="遂宁市科技成果转化三年行动计划", deadline=dt.date(2027, 12, 31)
    )
    factories.setup_cycle(other, coordinator)
    page = login(lead_approver).get(reverse("supervision:todo")).content.decode()
    assert "遂宁市科技成果转化三年行动计划" in page and factories.TITLE in page
