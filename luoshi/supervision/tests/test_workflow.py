"""The whole workflow through the views: the office opens the periods → a cooperating unit
reports and its approver signs off → the lead unit consolidates → the office returns it
with a comment → the lead unit resubmits → the office approves → lights and scorecard
reflect each step."""

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.supervision import services
from luoshi.supervision.models import Consolidation, Notification, Period, UnitReport
from luoshi.supervision.tests import factories


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def cell(client, period, task, unit):
    response = client.get(reverse("supervision:overview"), {"period": period.pk})
    assert response.status_code == 200
    overview = response.context["o"]
    row = next(r for r in overview.rows if r.task == task)
    return next(c for c in row.cells if c is not None and c.unit == unit), row


def scorecard_line(viewer, plan, unit):
    """The unit's process figures, as the yearly assessment reads them."""
    from luoshi.supervision.selectors import assessment

    card = assessment.scorecard(viewer=viewer, plan=plan)
    return next(line for line in card["lines"] if line.unit == unit).figures


@pytest.mark.django_db
def test_report_consolidate_return_resubmit_approve(
    plan,
    tasks,
    units,
    coordinator,
    coop_reporter,
    coop_approver,
    lead_reporter,
    lead_approver,
    leader,
):
    office, jxj_reporter, jxj_approver, fgw = (
        client_for(u) for u in (coordinator, coop_reporter, coop_approver, lead_reporter)
    )
    task = tasks["1"]

    # The office sets up the quarterly cycle: periods are generated.
    response = office.post(
        reverse("supervision:cycle", args=[plan.pk]),
        {
            "frequency": "quarterly",
            "first_period_start": "2022-07-01",
            "consolidation_sign_off": "on",
            "due_offset_days": 5,
            "grace_days": 3,
            "reminder_lead_days": 5,
            "yellow_window_days": 5,
            "on_track_pct": 95,
            "behind_pct": 85,
            "returns_for_red": 2,
            "periods_ahead": 1,
        },
    )
    assert response.status_code == 302
    assert Period.objects.filter(plan=plan).count() > 10
    period = factories.last_due_period(plan)

    # Nothing reported yet: the cell is red and the unit has no submissions to its name.
    jxj_cell, _row = cell(office, period, task, units["jxj"])
    assert jxj_cell.light.reason.code == "overdue"
    assert scorecard_line(leader, plan, units["jxj"]).completeness == 0

    # The cooperating unit's reporter finds the report on the to-do list and types (autosave).
    todo = jxj_reporter.get(reverse("supervision:todo"))
    assert any(
        i.task == task and i.period == period and i.kind == "overdue" for i in todo.context["items"]
    )
    edit_url = reverse("supervision:report_edit", args=[period.pk, task.pk])
    assert jxj_reporter.get(edit_url).status_code == 200
    save_url = reverse("supervision:report_save", args=[period.pk, task.pk])
    saved = jxj_reporter.post(
        save_url, {"version": 0, "work_done": "配合开展成渝地区对接"}, HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200 and b'data-testid="saved"' in saved.content
    report = UnitReport.objects.get(period=period, task=task, unit=units["jxj"])
    assert report.status == "draft" and report.version == 1

    # Hand in for sign-off; the approver signs it off.
    response = jxj_reporter.post(
        reverse("supervision:report_hand_in", args=[period.pk, task.pk]),
        {"version": 1, "work_done": "配合开展成渝地区对接，签订合作协议2份", "progress_pct": 100},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "pending"
    todo = jxj_approver.get(reverse("supervision:todo"))
    assert any(i.kind == "sign_off" and i.task == task for i in todo.context["items"])
    response = jxj_approver.post(
        reverse("supervision:report_sign_off", args=[period.pk, task.pk]),
        {"version": report.version, "work_done": report.work_done, "progress_pct": 100},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.signed_by == coop_approver
    jxj_cell, _row = cell(office, period, task, units["jxj"])
    assert jxj_cell.light.reason.code == "submitted_late"
    assert Notification.objects.filter(recipient=lead_reporter, kind="coop_submitted").exists()

    # The lead unit sees the submission side by side, which units are missing, and
    # consolidates; its reporter hands the consolidation to its approver.
    consolidation_url = reverse("supervision:consolidation", args=[period.pk, task.pk])
    page = fgw.get(consolidation_url).content.decode()
    assert "签订合作协议2份" in page and 'data-testid="missing-units"' in page
    assert 'data-testid="submit-consolidation"' not in page  # the approver signs it off
    response = fgw.post(
        reverse("supervision:consolidation_hand_in", args=[period.pk, task.pk]),
        {"version": 0, "summary": "牵头汇总：各单位推进成渝协同", "progress_pct": 100},
    )
    assert response.status_code == 302
    consolidation = Consolidation.objects.get(period=period, task=task)
    assert consolidation.status == "pending"
    assert Notification.objects.filter(
        recipient=lead_approver, kind="consolidation_pending"
    ).exists()
    # Its approver signs it off; with units missing, only after saying so.
    approver = client_for(lead_approver)
    signed = {"version": consolidation.version, "summary": consolidation.summary}
    refused = approver.post(
        reverse("supervision:consolidation_submit", args=[period.pk, task.pk]), signed
    )
    assert refused.status_code == 400 and "市科技局" in refused.content.decode()
    response = approver.post(
        reverse("supervision:consolidation_submit", args=[period.pk, task.pk]),
        {**signed, "confirm_missing": "on"},
    )
    assert response.status_code == 302
    consolidation.refresh_from_db()
    assert consolidation.status == "submitted"
    queue = office.get(reverse("supervision:review_queue", args=[plan.pk]))
    assert consolidation in queue.context["consolidations"]

    # The office returns it with a comment; the lead unit sees the comment and resubmits.
    review_url = reverse("supervision:consolidation_review", args=[period.pk, task.pk])
    office.post(review_url, {"decision": "return", "comment": "请补充量化数据"})
    consolidation.refresh_from_db()
    assert consolidation.status == "returned" and consolidation.return_count == 1
    page = fgw.get(consolidation_url)
    assert "请补充量化数据" in page.content.decode()
    response = approver.post(
        reverse("supervision:consolidation_submit", args=[period.pk, task.pk]),
        {
            "version": consolidation.version,
            "summary": "牵头汇总：签订合作协议2份，落实项目3个",
            "progress_pct": 100,
            "confirm_missing": "on",
        },
    )
    assert response.status_code == 302
    consolidation.refresh_from_db()
    assert consolidation.status == "submitted"
    assert consolidation.versions.count() == 3  # submitted, returned, submitted

    # The office approves: the consolidation and the unit's report are locked.
    office.post(review_url, {"decision": "approve", "comment": ""})
    consolidation.refresh_from_db()
    report.refresh_from_db()
    assert consolidation.status == "approved" and report.status == "approved"
    jxj_cell, row = cell(office, period, task, units["jxj"])
    assert jxj_cell.light.text and jxj_cell.light.reason.code == "approved"
    assert row.consolidation == "approved"
    score = scorecard_line(leader, plan, units["jxj"])
    assert score.counts.submitted == 1 and score.completeness > 0

    # An approved report cannot change any more.
    response = jxj_reporter.post(
        save_url, {"version": report.version, "work_done": "改"}, HTTP_HX_REQUEST="true"
    )
    assert (
        b"can no longer be changed" in response.content or "不能再修改".encode() in response.content
    )
    report.refresh_from_db()
    assert report.work_done.startswith("配合开展")


def test_the_review_queue_spans_periods_with_a_switcher_and_counts(
    plan, tasks, cycle, period, past_period, coordinator, lead_approver, login
):
    for p in (past_period, period):
        services.report_sign_off(
            actor=lead_approver, period=p, task=tasks["1"], version=0, work_done="进展"
        )
    client = login(coordinator)
    url = reverse("supervision:review_queue", args=[plan.pk])
    everything = client.get(url).context
    assert everything["total"] == 2
    assert [(p["period"], p["count"]) for p in everything["periods"]] == [
        (period, 1),
        (past_period, 1),
    ]
    assert len(everything["reports"]) == 2
    one = client.get(url + f"?period={past_period.pk}")
    assert [g["period"] for g in one.context["reports"]] == [past_period]
    assert f"?period={period.pk}" in one.content.decode()
