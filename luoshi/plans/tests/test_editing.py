"""After the import the plan is editable: a task's text, units and deadline; tasks added by
hand (a document whose lists were attachments) and removed. Each change is audited and
listed in the revision history; only the office edits."""

import pytest
from django.urls import reverse

from luoshi.core.models import AuditEvent
from luoshi.plans.models import Assignment, Task

pytestmark = pytest.mark.django_db


def test_the_office_edits_a_tasks_text_units_and_deadline(login, coordinator, plan, units):
    task = plan.tasks.get(number="3")
    involved = set(task.assignments.filter(role="implicit").values_list("unit_id", flat=True))
    client = login(coordinator)
    response = client.post(
        reverse("plans:task_edit", args=[task.pk]),
        {
            "title": task.title + "（修订）",
            "text": task.text,
            "deadline_text": "2027年底前",
            "lead": [units["kjj"].pk],
            "cooperating": [units["fgw"].pk],
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.title.endswith("（修订）") and task.deadline_text == "2027年底前"
    live = {a.unit_id: a.role for a in task.assignments.filter(active=True)}
    assert live[units["kjj"].pk] == Assignment.Role.LEAD
    assert live[units["fgw"].pk] == Assignment.Role.COOPERATING
    assert all(live.get(u) == Assignment.Role.IMPLICIT for u in involved - {units["fgw"].pk})
    event = AuditEvent.objects.get(verb="task_edit")
    assert {"title", "deadline_text", "lead_units", "cooperating_units"} <= set(event.changes)
    history = client.get(reverse("plans:revisions", args=[plan.pk])).content.decode()
    assert "手工修改记录" in history and "牵头单位" in history and "任务" in history


def test_a_plan_without_tasks_gets_them_by_hand_and_can_then_open_a_round(
    login, coordinator, directory, units
):
    from luoshi.plans import services
    from luoshi.supervision import services as supervision

    text = (
        "遂宁市人民政府办公室关于做好科技创新工作的通知\n各县（市、区）人民政府，市级有关部门：\n"
        "一、总体要求\n（一）指导思想。坚持创新驱动发展。\n二、工作任务\n"
        "具体任务分工见附件1《重点任务清单》。\n三、工作要求\n各单位要高度重视。\n"
    )
    plan = services.plan_import(
        actor=coordinator, data=text.encode(), filename="notice.txt", region=directory
    ).plan
    assert not plan.tasks.exists()
    client = login(coordinator)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "请手工录入任务" in page
    response = client.post(
        reverse("plans:task_new", args=[plan.pk]),
        {"title": "建设科技成果转化平台", "lead": [units["kjj"].pk], "cooperating": []},
    )
    assert response.status_code == 302
    task = Task.objects.get(plan=plan)
    assert task.number == "1" and task.assignments.get().unit == units["kjj"]
    assert AuditEvent.objects.filter(verb="task_add").exists()
    import datetime as dt

    supervision.cycle_save(actor=coordinator, plan=plan, first_period_start=dt.date(2026, 1, 1))
    assert plan.periods.exists()


def test_a_removed_task_leaves_the_plan_in_force_and_keeps_its_row(login, coordinator, plan):
    task = plan.tasks.get(number="2")
    login(coordinator).post(reverse("plans:task_edit", args=[task.pk]), {"action": "remove"})
    task.refresh_from_db()
    assert not task.active and AuditEvent.objects.filter(verb="task_remove").exists()


def test_a_task_needs_a_lead_unit_and_the_error_is_in_chinese(login, coordinator, plan):
    task = plan.tasks.get(number="1")
    response = login(coordinator).post(
        reverse("plans:task_edit", args=[task.pk]), {"title": "x", "lead": []}
    )
    assert response.status_code == 400 and "必填" in response.content.decode()
    task.refresh_from_db()
    assert task.title != "x"


@pytest.mark.parametrize("persona", ["leader", "lead_reporter", "lead_approver", "outsider"])
def test_only_the_office_edits_tasks(persona, personas, login, plan):
    task = plan.tasks.get(number="1")
    client = login(personas[persona])
    assert client.get(reverse("plans:task_edit", args=[task.pk])).status_code in (403, 404)
    assert client.get(reverse("plans:task_new", args=[plan.pk])).status_code in (403, 404)
    client.post(reverse("plans:task_edit", args=[task.pk]), {"action": "remove"})
    task.refresh_from_db()
    assert task.active
