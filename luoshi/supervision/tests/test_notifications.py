"""Notifications: in-app rows in the reader's language, e-mail only after the write commits."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from luoshi.supervision import services
from luoshi.supervision.models import Notification
from luoshi.supervision.selectors import todo


@pytest.fixture
def submitted(period, tasks, coop_reporter, coop_approver):
    for user in (coop_reporter, coop_approver):
        user.email = f"{user.username}@example.cn"
        user.save()
    report = services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="x"
    )
    return services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )


def test_a_return_notifies_the_unit_in_app_and_by_mail_after_commit(
    submitted, coordinator, coop_reporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(actor=coordinator, report=submitted, comment="请补充数据")
    note = Notification.objects.get(recipient=coop_reporter, kind="report_returned")
    assert note.url.endswith(f"/units/{submitted.unit_id}/")
    assert any("请补充数据" in m.body for m in mail.outbox)


def test_no_mail_when_the_transaction_rolls_back(
    submitted, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            services.report_return(actor=coordinator, report=submitted, comment="请补充数据")
            raise RuntimeError
    assert not mail.outbox
    assert not Notification.objects.filter(kind="report_returned").exists()


def test_texts_render_in_the_readers_language(submitted, coordinator, coop_reporter):
    services.report_return(actor=coordinator, report=submitted, comment="请补充数据")
    with translation.override("en"):
        english = todo.notifications_list(viewer=coop_reporter)[0]["text"]
    with translation.override("zh-hans"):
        chinese = todo.notifications_list(viewer=coop_reporter)[0]["text"]
    # A person may report on several plans: each notification names its plan first.
    plan = submitted.period.plan.title
    assert english.startswith(f"〔{plan}〕Your report on task 1 for") and "Q" in english
    assert chinese.startswith(f"〔{plan}〕您单位关于任务1的") and "季度" in chinese


def test_the_office_hears_of_a_consolidation_and_the_lead_of_a_submission(
    lead_reporter, lead_approver, submitted, period, tasks, coordinator
):
    assert Notification.objects.filter(recipient=lead_reporter, kind="coop_submitted").exists()
    c = services.consolidation_save(
        actor=lead_reporter, period=period, task=tasks["1"], version=0, summary="汇总"
    )
    services.consolidation_submit(
        actor=lead_approver, period=c.period, task=c.task, version=c.version, confirm_missing=True
    )
    assert Notification.objects.filter(
        recipient=coordinator, kind="consolidation_submitted"
    ).exists()
