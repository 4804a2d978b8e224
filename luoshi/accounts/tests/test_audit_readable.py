"""The audit trail reads as a person writes it: record types and fields by name, values by
their labels, one line per changed field, no bookkeeping keys."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_audit_trail_names_record_types_and_fields(login, coordinator, directory):
    from luoshi.plans import services
    from luoshi.plans.tests.conftest import DATA

    plan = services.plan_import(
        actor=coordinator, data=DATA.read_bytes(), filename=DATA.name, region=directory
    ).plan
    task = plan.tasks.get(number="1")
    lead = [a.unit for a in task.assignments.filter(role="lead")]
    services.task_update(
        actor=coordinator, task=task, title="新的任务名称", deadline_text="2027年底前", lead=lead
    )
    html = login(coordinator).get(reverse("accounts:audit") + "?model=plans.task").content.decode()
    assert "任务</a>：1. 新的任务名称" in html and "完成时限：" in html and "配合单位：" in html
    assert "plans.task #" not in html and "_extra" not in html and "deadline_text" not in html
