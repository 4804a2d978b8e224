"""Leaders' instructions (批示): the responsible units must answer in their next report."""

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.core.errors import ValidationFailed
from luoshi.supervision import services
from luoshi.supervision.models import InstructionAnswer, Notification
from luoshi.supervision.selectors import reports


@pytest.fixture
def instruction(leader, tasks):
    return services.instruction_add(actor=leader, task=tasks["1"], text="请加快成渝合作项目落地")


def test_lead_and_cooperating_units_must_answer_and_are_notified(coop_reporter, instruction, units):
    assert {u.code for u in instruction.units.all()} == {"fgw", "jxj", "kjj"}
    assert Notification.objects.filter(recipient=coop_reporter, kind="instruction_added").exists()


def test_sign_off_waits_for_the_answer(instruction, period, tasks, coop_reporter, coop_approver):
    report = services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="推进中"
    )
    with pytest.raises(ValidationFailed, match="instruction|批示"):
        services.report_sign_off(
            actor=coop_approver, period=report.period, task=report.task, version=report.version
        )
    report = services.report_save_draft(
        actor=coop_reporter,
        period=period,
        task=tasks["1"],
        version=report.version,
        work_done="推进中",
        answers={instruction.pk: "已签约项目2个"},
    )
    report = services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    assert report.status == "submitted"
    assert InstructionAnswer.objects.get(instruction=instruction).text == "已签约项目2个"
    assert report.versions.get().content["answers"] == {str(instruction.pk): "已签约项目2个"}


def test_once_answered_the_next_report_does_not_ask_again(
    instruction, plan, period, past_period, tasks, coop_reporter, coop_approver
):
    report = services.report_save_draft(
        actor=coop_reporter,
        period=past_period,
        task=tasks["1"],
        version=0,
        work_done="x",
        answers={instruction.pk: "已落实"},
    )
    services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    editor = reports.report_editor(viewer=coop_reporter, period=period, task=tasks["1"])
    assert editor["instructions"] == []


def test_the_report_form_shows_the_instruction_and_the_timeline_the_answers(
    instruction, period, tasks, coop_reporter, leader
):
    client = Client()
    client.force_login(coop_reporter, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(
        reverse("supervision:report_edit", args=[period.pk, tasks["1"].pk])
    ).content.decode()
    assert "请加快成渝合作项目落地" in page and f'name="answer_{instruction.pk}"' in page
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    timeline = client.get(
        reverse("supervision:task_timeline", args=[tasks["1"].pk])
    ).content.decode()
    assert "请加快成渝合作项目落地" in timeline


def test_a_leader_adds_an_instruction_from_the_timeline(leader, tasks):
    client = Client()
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("supervision:instruction_add", args=[tasks["3"].pk]), {"text": "加强协同"}
    )
    assert response.status_code == 302
    assert tasks["3"].instructions.get().text == "加强协同"
