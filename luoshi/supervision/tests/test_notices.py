"""Supervision notices (督办单): issued by the office, signed for and answered by the unit,
closed by the office; levels escalate blue → yellow → red."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.supervision import services, status
from luoshi.supervision.models import Notification, SupervisionNotice


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def answer_by():
    return timezone.localdate() + dt.timedelta(days=7)


def issue(coordinator, tasks, units, answer_by, **kwargs):
    return services.notice_issue(
        actor=coordinator,
        task=tasks["1"],
        unit=units["jxj"],
        reason="连续两期未报送",
        answer_by=answer_by,
        **kwargs,
    )


def test_the_full_chain_issue_sign_answer_close(
    coordinator, coop_reporter, coop_approver, tasks, units, answer_by
):
    notice = issue(coordinator, tasks, units, answer_by)
    assert (notice.level, notice.status) == ("blue", "issued")
    assert notice.number == f"督办〔{timezone.localdate().year}〕1号"
    assert Notification.objects.filter(recipient=coop_reporter, kind="notice_issued").exists()
    with pytest.raises(ValidationFailed):  # answering before signing for it
        services.notice_answer(actor=coop_approver, notice=notice, text="已整改")
    notice = services.notice_sign(actor=coop_reporter, notice=notice)
    assert notice.status == "signed" and notice.signed_by == coop_reporter
    notice = services.notice_answer(
        actor=coop_approver, notice=notice, text="已明确专人负责，按期报送"
    )
    assert notice.status == "answered"
    assert Notification.objects.filter(recipient=coordinator, kind="notice_answered").exists()
    notice = services.notice_close(actor=coordinator, notice=notice)
    assert notice.status == "closed" and notice.closed_at


def test_levels_escalate_with_each_new_notice(coordinator, coop_reporter, tasks, units, answer_by):
    levels = []
    for _ in range(4):
        notice = issue(coordinator, tasks, units, answer_by)
        levels.append(notice.level)
        notice = services.notice_sign(actor=coop_reporter, notice=notice)
        notice = services.notice_answer(actor=coop_reporter, notice=notice, text="已整改")
    assert levels == ["blue", "yellow", "red", "red"]
    assert SupervisionNotice.objects.filter(previous__isnull=False).count() == 3


def test_one_open_notice_per_task_and_unit(coordinator, tasks, units, answer_by):
    issue(coordinator, tasks, units, answer_by)
    with pytest.raises(ValidationFailed):
        issue(coordinator, tasks, units, answer_by)


def test_a_notice_needs_a_reason_a_future_date_and_a_responsible_unit(
    coordinator, tasks, units, answer_by
):
    with pytest.raises(ValidationFailed) as caught:
        services.notice_issue(
            actor=coordinator,
            task=tasks["1"],
            unit=units["sfj"],
            reason="",
            answer_by=timezone.localdate() - dt.timedelta(days=1),
        )
    assert set(caught.value.errors) == {"reason", "answer_by", "unit"}


def test_only_the_addressed_unit_signs_and_answers(
    coordinator, lead_reporter, outsider, tasks, units, answer_by
):
    notice = issue(coordinator, tasks, units, answer_by)
    for user in (lead_reporter, outsider, coordinator):
        with pytest.raises(PermissionDenied):
            services.notice_sign(actor=user, notice=notice)


def test_the_unit_sees_it_on_its_to_do_and_signs_through_the_page(
    coordinator, coop_reporter, tasks, units, answer_by
):
    notice = issue(coordinator, tasks, units, answer_by)
    client = client_for(coop_reporter)
    todo = client.get(reverse("supervision:todo")).context["items"]
    assert any(i.kind == "notice" and notice.number in i.title for i in todo)
    page = client.get(reverse("supervision:notice_detail", args=[notice.pk]))
    assert 'data-testid="sign-notice"' in page.content.decode()
    client.post(reverse("supervision:notice_act", args=[notice.pk, "sign"]))
    client.post(
        reverse("supervision:notice_act", args=[notice.pk, "answer"]), {"answer": "已整改到位"}
    )
    notice.refresh_from_db()
    assert (notice.status, notice.answer) == ("answered", "已整改到位")


def test_another_units_notice_is_not_found(coordinator, outsider, tasks, units, answer_by):
    notice = issue(coordinator, tasks, units, answer_by)
    assert (
        client_for(outsider).get(reverse("supervision:notice_detail", args=[notice.pk])).status_code
        == 404
    )


def test_the_office_issues_from_the_form_with_the_suggested_level(
    coordinator, tasks, units, answer_by
):
    client = client_for(coordinator)
    url = reverse("supervision:notice_new", args=[tasks["1"].pk])
    form = client.get(url, {"unit": units["jxj"].pk}).context["form"]
    assert form.initial["level"] == "blue"
    response = client.post(
        url,
        {
            "unit": units["jxj"].pk,
            "level": "blue",
            "reason": "逾期未报",
            "answer_by": answer_by.isoformat(),
        },
    )
    assert response.status_code == 302
    assert SupervisionNotice.objects.get().unit == units["jxj"]


def test_units_red_two_periods_running_are_offered_for_a_notice(
    plan, cycle, tasks, units, coordinator, leader
):
    # No one has reported anything: every unit is red in the last two due periods.
    candidates = status.escalation_candidates(
        viewer=coordinator, plan=plan, today=timezone.localdate()
    )
    pairs = {(c["task"].number, c["unit"].code) for c in candidates}
    assert ("1", "jxj") in pairs
    assert all(c["next_level"] == "blue" for c in candidates)
    services.notice_issue(
        actor=coordinator,
        task=tasks["1"],
        unit=units["jxj"],
        reason="x",
        answer_by=timezone.localdate() + dt.timedelta(days=3),
    )
    again = {
        (c["task"].number, c["unit"].code)
        for c in status.escalation_candidates(
            viewer=coordinator, plan=plan, today=timezone.localdate()
        )
    }
    assert ("1", "jxj") not in again  # an open notice: wait for the answer
    assert status.escalation_candidates(viewer=leader, plan=plan, today=timezone.localdate()) == []
