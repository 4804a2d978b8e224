"""Submitting: the approver's one-click "sign off and submit" saves the form and signs the
report off in one transaction; a reporter hands the report in for sign-off instead."""

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.supervision import services
from luoshi.supervision.models import Notification, UnitReport


def test_an_approver_submits_a_new_report_in_one_write(period, tasks, coop_approver, lead_reporter):
    report = services.report_sign_off(
        actor=coop_approver,
        period=period,
        task=tasks["1"],
        version=0,
        work_done="本期工作",
        quantities=[{"label": "企业", "value": "3", "unit_of_measure": "家"}],
    )
    assert report.status == "submitted" and report.first_submitted_at == report.submitted_at
    assert report.signed_by == coop_approver
    version = report.versions.get()
    assert version.content["quantities"] == [
        {"label": "企业", "value": "3", "unit_of_measure": "家", "indicator_code": ""}
    ]
    events = AuditEvent.objects.filter(model="supervision.unitreport", object_pk=str(report.pk))
    assert [e.verb for e in events] == ["report_sign_off"]
    assert Notification.objects.filter(recipient=lead_reporter, kind="coop_submitted").exists()


def test_submitting_a_draft_keeps_its_first_submission_time_after_a_return(
    period, tasks, coop_reporter, coop_approver, coordinator
):
    draft = services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="草稿"
    )
    report = services.report_sign_off(
        actor=coop_approver, period=period, task=tasks["1"], version=draft.version, work_done="定稿"
    )
    first = report.first_submitted_at
    report = services.report_return(actor=coordinator, report=report, comment="补充")
    report = services.report_sign_off(
        actor=coop_approver,
        period=period,
        task=tasks["1"],
        version=report.version,
        work_done="补充后定稿",
    )
    assert report.first_submitted_at == first and report.submitted_at > first
    assert [v.event for v in report.versions.order_by("number")] == [
        "submitted",
        "returned",
        "submitted",
    ]


def test_a_reporter_cannot_submit_and_nothing_is_written(period, tasks, coop_reporter):
    with pytest.raises(PermissionDenied):
        services.report_sign_off(
            actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="x"
        )
    assert not UnitReport.objects.exists()


def test_an_empty_report_or_a_missing_answer_is_refused_and_nothing_is_written(
    period, tasks, coop_approver, leader
):
    with pytest.raises(ValidationFailed):
        services.report_sign_off(actor=coop_approver, period=period, task=tasks["1"], version=0)
    instruction = services.instruction_add(actor=leader, task=tasks["1"], text="请说明")
    with pytest.raises(ValidationFailed):
        services.report_sign_off(
            actor=coop_approver, period=period, task=tasks["1"], version=0, work_done="x"
        )
    assert not UnitReport.objects.exists()
    report = services.report_sign_off(
        actor=coop_approver,
        period=period,
        task=tasks["1"],
        version=0,
        work_done="x",
        answers={instruction.pk: "已落实"},
    )
    assert report.versions.get().content["answers"] == {str(instruction.pk): "已落实"}


def test_a_reporter_hands_in_and_the_approver_signs_off(
    period, tasks, coop_reporter, coop_approver
):
    draft = services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="x"
    )
    pending = services.report_hand_in(
        actor=coop_reporter, period=draft.period, task=draft.task, version=draft.version
    )
    assert pending.status == "pending"
    with pytest.raises(PermissionDenied):
        services.report_sign_off(
            actor=coop_reporter, period=pending.period, task=pending.task, version=pending.version
        )
    assert (
        services.report_sign_off(
            actor=coop_approver, period=pending.period, task=pending.task, version=pending.version
        ).status
        == "submitted"
    )
