"""One unit's report: the editor, the view, version diffs; and the office's review queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import diffs, permissions, queries, status
from luoshi.supervision.models import (
    Consolidation,
    InstructionAnswer,
    Milestone,
    Period,
    ReportVersion,
    UnitReport,
)


def report_qs(base=None):
    """Reports (of `base`, default all) with what their pages show: figures, attachments,
    answers, who signed."""
    return (
        (UnitReport.objects.all() if base is None else base)
        .select_related("period__plan", "task", "unit", "signed_by", "updated_by")
        .prefetch_related(
            "quantities",
            "attachments",
            Prefetch(
                "instruction_answers",
                queryset=InstructionAnswer.objects.select_related("instruction"),
            ),
        )
    )


def with_previous(versions) -> list[tuple[ReportVersion, ReportVersion | None]]:
    """Each version with the one before it, for "changes from the previous version" links."""
    versions = list(versions)
    return list(zip(versions, [None, *versions][: len(versions)], strict=True))


def _light(period: Period, task: Task, unit_id: int, today: dt.date) -> status.Light:
    data = status.load(period.plan, [period], task_ids=[task.pk])
    return status.light_for(data, period, task, unit_id, today)


def progress_hint(
    *, period: Period, task: Task, progress_pct: int | None, today: dt.date | None = None
) -> dict[str, Any]:
    """The pace the task is measured against in the period and, for a progress figure, the
    light it would give once sent (the status read model's own rule). No query: the plan's
    cycle comes with the period."""
    today = today or timezone.localdate()
    cycle = status.cycle_of(period.plan)
    pace = status.pace(cycle, period, task, today)
    reason = status.progress_reason(progress_pct, pace.expected, status.Thresholds.of(cycle))
    return {"pace": pace, "reason": reason, "progress_pct": progress_pct}


def report_editor(
    *, viewer, period: Period, task: Task, today: dt.date | None = None
) -> dict[str, Any]:
    """The viewer's own unit's report on the task in the period, for editing."""
    today = today or timezone.localdate()
    unit_role = permissions.unit_role_on_task(viewer, task)
    if unit_role is None or not permissions.task_in_period(task, period):
        raise NotFound()
    report = report_qs().filter(period=period, task=task, unit_id=viewer.unit_id).first()
    instructions = queries.pending_instructions(task=task, unit_id=viewer.unit_id, report=report)
    answers = {a.instruction_id: a.text for a in report.instruction_answers.all()} if report else {}
    milestones = list(
        Milestone.objects.filter(task=task, owner_id=viewer.unit_id).order_by("deadline")
    )
    previous = (
        UnitReport.objects.filter(
            task=task,
            unit_id=viewer.unit_id,
            period__plan=period.plan,
            period__due_date__lt=period.due_date,
            status__in=UnitReport.SENT,
        )
        .select_related("period")
        .order_by("-period__due_date")
        .first()
    )
    editable = report is None or permissions.can_edit_report(viewer, report)
    probe = report or UnitReport(period=period, task=task, unit_id=viewer.unit_id)
    return {
        "period": period,
        "task": task,
        "unit_role": unit_role,
        "report": report,
        "editable": editable and permissions.can_write_report(viewer, period, task, unit_role),
        "can_sign_off": permissions.can_sign_off_report(viewer, probe),
        "can_hand_in": report is not None and permissions.can_hand_in_report(viewer, report),
        "instructions": [(i, answers.get(i.pk, "")) for i in instructions],
        "milestones": milestones,
        "light": _light(period, task, viewer.unit_id, today),
        "progress": progress_hint(
            period=period,
            task=task,
            progress_pct=report.progress_pct if report else None,
            today=today,
        ),
        "previous": previous,
        "versions": with_previous(report.versions.select_related("created_by").order_by("number"))
        if report
        else [],
    }


def report_view(
    *, viewer, period: Period, task: Task, unit_id: int, today: dt.date | None = None
) -> dict[str, Any]:
    """Any unit's report as the viewer may see it: the content once sent (or to its own unit),
    otherwise only its light. Missing and forbidden both answer 404 when the viewer may not
    even know the task's units."""
    today = today or timezone.localdate()
    try:
        unit = Unit.objects.get(pk=unit_id)
    except Unit.DoesNotExist as exc:
        raise NotFound() from exc
    assignment = Assignment.objects.filter(task=task, unit=unit, active=True).first()
    if assignment is None or not permissions.task_in_period(task, period):
        raise NotFound()
    plan = period.plan
    own = viewer.unit_id == unit_id
    if not (
        own
        or permissions.can_view_overview(viewer, plan)
        or permissions.unit_role_on_task(viewer, task)
    ):
        raise NotFound()
    report = report_qs().filter(period=period, task=task, unit=unit).first()
    visible = report is not None and permissions.can_view_report(viewer, report)
    reviews = list(report.reviews.select_related("reviewer").order_by("at")) if visible else []
    versions = (
        with_previous(report.versions.select_related("created_by").order_by("number"))
        if visible
        else []
    )
    return {
        "period": period,
        "task": task,
        "unit": unit,
        "assignment": assignment,
        "report": report if visible else None,
        "status": report.status
        if report and (visible or report.status in UnitReport.SENT)
        else None,
        "light": _light(period, task, unit_id, today),
        "reviews": reviews,
        "versions": versions,
        "own": own,
        "can_review": visible and permissions.can_review_report(viewer, report),
        "can_edit": own and (report is None or permissions.can_edit_report(viewer, report)),
    }


VERSION_FIELDS = [
    "work_done",
    "problems",
    "next_steps",
    "self_status",
    "progress_pct",
    "nothing_new",
    "quantities",
    "attachments",
    "answers",
]
CONSOLIDATION_VERSION_FIELDS = [
    "summary",
    "problems",
    "next_steps",
    "self_status",
    "progress_pct",
    "attachments",
]


def version_diff(*, viewer, version_a: int, version_b: int) -> dict[str, Any]:
    """Two versions of one report (or consolidation) compared field by field."""
    found = {
        v.pk: v
        for v in ReportVersion.objects.filter(pk__in=[version_a, version_b]).select_related(
            "report__period__plan",
            "report__task",
            "report__unit",
            "consolidation__period__plan",
            "consolidation__task",
        )
    }
    if len(found) != len({version_a, version_b}):
        raise NotFound()
    ordered = sorted(found.values(), key=lambda v: (v.number, v.pk))
    old, new = ordered[0], ordered[-1]
    if old.report_id != new.report_id or old.consolidation_id != new.consolidation_id:
        raise NotFound()
    if old.report_id:
        if not permissions.can_view_report(viewer, old.report):
            raise NotFound()
        fields = VERSION_FIELDS
    else:
        if not permissions.can_view_consolidation(viewer, old.consolidation):
            raise NotFound()
        fields = CONSOLIDATION_VERSION_FIELDS
    return {
        "old": old,
        "new": new,
        "subject": old.report or old.consolidation,
        "fields": diffs.compare(_labelled(old.content), _labelled(new.content), fields),
    }


def _labelled(content: dict) -> dict:
    """A version's content with coded values in words (on_track → 进展正常)."""
    from luoshi.supervision.models.reports import SelfStatus

    shown = dict(content or {})
    status = shown.get("self_status")
    if status in SelfStatus.values:
        shown["self_status"] = str(SelfStatus(status).label)
    return shown


def review_queue(*, viewer, plan: Plan, period: Period | None = None) -> dict[str, Any]:
    """What waits for the office's review, across periods (or in one): submitted
    consolidations, and — grouped by period and task — submitted unit reports on tasks whose
    consolidation has not arrived yet; with how many wait in each period, for the switcher.
    Queries: waiting consolidations (1), waiting reports (1), the periods with counts (1)."""
    if not permissions.can_review(viewer, plan):
        raise NotFound()
    all_consolidations = Consolidation.objects.filter(
        period__plan=plan, status=Consolidation.Status.SUBMITTED
    )
    all_reports = UnitReport.objects.filter(period__plan=plan, status=UnitReport.Status.SUBMITTED)
    consolidations, reports = all_consolidations, all_reports
    if period is not None:
        consolidations = consolidations.filter(period=period)
        reports = reports.filter(period=period)
    consolidations = list(
        consolidations.select_related("period", "task", "author_unit").order_by(
            "period__due_date", "submitted_at"
        )
    )
    waiting_tasks = {(c.period_id, c.task_id) for c in consolidations}
    groups: dict[tuple[int, int], dict] = {}
    for r in reports.select_related("period", "task", "unit").order_by(
        "period__due_date", "task__order", "submitted_at"
    ):
        if (r.period_id, r.task_id) in waiting_tasks:
            continue
        group = groups.setdefault(
            (r.period_id, r.task_id), {"period": r.period, "task": r.task, "reports": []}
        )
        group["reports"].append(r)

    def waiting(model, status):
        rows = model.objects.filter(period=OuterRef("pk"), status=status).order_by()
        return Coalesce(Subquery(rows.values("period").annotate(n=Count("id")).values("n")), 0)

    switcher = [
        {"period": p, "count": p.waiting_c + p.waiting_r}
        for p in Period.objects.filter(plan=plan)
        .annotate(
            waiting_c=waiting(Consolidation, Consolidation.Status.SUBMITTED),
            waiting_r=waiting(UnitReport, UnitReport.Status.SUBMITTED),
        )
        .filter(Q(waiting_c__gt=0) | Q(waiting_r__gt=0))
        .order_by("-due_date", "-id")
    ]
    return {
        "plan": plan,
        "period": period,
        "consolidations": consolidations,
        "reports": list(groups.values()),
        "periods": switcher,
        "total": sum(p["count"] for p in switcher),
    }
