"""A plan imported without tasks (a policy text, a notice whose task lists are attachments)
has nothing to report on: no period is generated and no round opened for it."""

import datetime as dt

import pytest
from django.utils import translation

from luoshi.core.errors import ValidationFailed
from luoshi.plans import services as plan_services
from luoshi.supervision import services
from luoshi.supervision.models import Period, ReportingCycle

pytestmark = pytest.mark.django_db

NOTICE = (
    "遂宁市人民政府办公室关于印发遂宁市2024年重点任务清单的通知\n"
    "现将《遂宁市2024年重点任务清单》印发给你们，请认真抓好落实。\n"
    "一、压实工作责任。各牵头单位要细化措施。\n"
    "附件：遂宁市2024年重点任务清单\n"
    "遂宁市人民政府办公室\n"
    "2024年1月8日\n"
)


@pytest.fixture
def empty_plan(coordinator, directory):
    plan = plan_services.plan_import(
        actor=coordinator, data=NOTICE.encode(), filename="notice.txt", region=directory
    ).plan
    assert plan.tasks.count() == 0
    return plan


def test_no_reporting_cycle_or_period_is_set_up_for_a_plan_without_tasks(empty_plan, coordinator):
    with translation.override("zh-hans"), pytest.raises(ValidationFailed) as refused:
        services.cycle_save(
            actor=coordinator,
            plan=empty_plan,
            first_period_start=dt.date(2024, 1, 1),
            today=dt.date(2024, 6, 1),
        )
    assert "没有任务" in str(refused.value)
    assert not Period.objects.filter(plan=empty_plan).exists()
    assert not ReportingCycle.objects.filter(plan=empty_plan).exists()


def test_no_round_is_opened_for_a_plan_without_tasks(empty_plan, coordinator):
    with pytest.raises(ValidationFailed) as refused:
        services.period_open_adhoc(
            actor=coordinator,
            plan=empty_plan,
            title="专项督查",
            due_date=dt.date(2024, 6, 30),
            tasks=[],
            today=dt.date(2024, 6, 1),
        )
    assert "no tasks" in str(refused.value) or "没有任务" in str(refused.value)
    assert not Period.objects.filter(plan=empty_plan).exists()
