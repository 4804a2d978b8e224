"""A unit's to-do and its notifications."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import permissions, status
from luoshi.supervision.models import (
    Consolidation,
    Instruction,
    InstructionAnswer,
    Milestone,
    Period,
    SupervisionNotice,
    UnitReport,
)
from luoshi.supervision.notifications import render

TODO_LOOKBACK_DAYS = 90
MILESTONE_LOOKAHEAD_DAYS = 60
# A report due within this many days is "due soon" (its own group, above the rest).
DUE_SOON_DAYS = 7


@dataclass
class TodoItem:
    # returned, instruction, sign_off, notice, overdue, due_soon, due, pending, consolidate,
    # milestone
    kind: str
    due: dt.date | None
    title: str
    url: str
    period: Period | None = None
    task: Task | None = None
    light: status.Light | None = None
    detail: str = ""
    plan: Plan | None = None


# What needs the person most comes first: work handed back, instructions waiting for an
# answer, reports waiting for their signature, 督办单, then by deadline.
GROUPS = [
    "returned",
    "instruction",
    "sign_off",
    "notice",
    "overdue",
    "due_soon",
    "due",
    "pending",
    "consolidate",
    "milestone",
]
_KIND_ORDER = {kind: n for n, kind in enumerate(GROUPS)}


def _report_edit_urls():
    """period id, task id -> the report editor's URL, from one reverse() per page: the to-do
    lists hundreds of reports, and reverse() per item cost ~15% of the page."""
    marks = ("7919791979", "3571357135")
    pattern = reverse("supervision:report_edit", args=[int(m) for m in marks])

    def url(period_id: int, task_id: int) -> str:
        return pattern.replace(marks[0], str(period_id)).replace(marks[1], str(task_id))

    return url


def todo(*, viewer, today: dt.date | None = None) -> dict[str, Any]:
    """What the viewer's unit has to do, in deadline order, each report item with the light
    every other page shows for it (from the status read model).

    Queries: the periods in the window of the active plans the unit reports on, with their
    plans (1), the status read model for the unit (tasks, ad-hoc selections, assignments,
    reports, milestones: 5),
    returned reports of older periods (1), consolidations of tasks it leads (1), milestones
    to list (1), open notices (1), instructions waiting for its answer (1)."""
    today = today or timezone.localdate()
    items: list[TodoItem] = []
    if not permissions.has_unit_todo(viewer):
        return {"items": items, "counts": {}, "today": today}
    unit_id = viewer.unit_id
    signs_off = permissions.signs_off_reports(viewer)
    periods = list(
        Period.objects.filter(
            plan__status=Plan.Status.ACTIVE,
            plan_id__in=Assignment.objects.filter(
                unit_id=unit_id, active=True, task__active=True
            ).values("task__plan_id"),
            start__lte=today,
            due_date__gte=today - dt.timedelta(days=TODO_LOOKBACK_DAYS),
        )
        .select_related("plan__reporting_cycle")
        .order_by("due_date", "id")
    )
    plans = {p.plan_id: p.plan for p in periods}
    data = status.load(
        list(plans.values()), periods, unit_id=unit_id, report_fields=("return_comment",)
    )
    tasks = {t.pk: t for t in data.tasks}
    for task in tasks.values():
        task.plan = plans[task.plan_id]
    report_url = _report_edit_urls()

    # Returned reports stay on the list whatever their period's age.
    for r in (
        UnitReport.objects.filter(
            unit_id=unit_id, status=UnitReport.Status.RETURNED, task__active=True
        )
        .exclude(period__in=periods)
        .select_related("period__plan", "task")
    ):
        items.append(
            TodoItem(
                "returned",
                r.period.due_date,
                str(r.task),
                report_url(r.period_id, r.task_id),
                r.period,
                r.task,
                detail=r.return_comment,
                plan=r.period.plan,
            )
        )
    lead_tasks = {a.task_id for a in data.assignments if a.role == Assignment.Role.LEAD}
    consolidations = {
        (c.period_id, c.task_id): c
        for c in Consolidation.objects.filter(period__in=periods, task_id__in=lead_tasks).only(
            "id", "period_id", "task_id", "status", "return_comment"
        )
    }
    for period in periods:
        plan = plans[period.plan_id]
        for a in data.assignments_in(period):
            task = tasks[a.task_id]
            r = data.reports.get((period.pk, task.pk, unit_id))
            report_status = r["status"] if r else None
            url = report_url(period.pk, task.pk)
            light = status.light_for(data, period, task, unit_id, today)
            if report_status == UnitReport.Status.RETURNED:
                kind, detail = "returned", r["return_comment"]
            elif report_status == UnitReport.Status.PENDING:
                kind, detail = ("sign_off" if signs_off else "pending"), ""
            elif report_status not in UnitReport.SENT:
                if today > period.due_date:
                    kind = "overdue"
                elif (period.due_date - today).days <= DUE_SOON_DAYS:
                    kind = "due_soon"
                else:
                    kind = "due"
                detail = "draft" if r else ""
            else:
                kind = None
            if kind:
                items.append(
                    TodoItem(
                        kind, period.due_date, str(task), url, period, task, light, detail, plan
                    )
                )
            if task.pk in lead_tasks:
                c = consolidations.get((period.pk, task.pk))
                if c is None or c.status in Consolidation.EDITABLE:
                    items.append(
                        TodoItem(
                            "consolidate",
                            period.due_date,
                            str(task),
                            reverse("supervision:consolidation", args=[period.pk, task.pk]),
                            period,
                            task,
                            detail=c.return_comment
                            if c and c.status == Consolidation.Status.RETURNED
                            else "",
                            plan=plan,
                        )
                    )
    for m in (
        Milestone.objects.filter(
            owner_id=unit_id,
            done_on__isnull=True,
            deadline__lte=today + dt.timedelta(days=MILESTONE_LOOKAHEAD_DAYS),
            task__active=True,
            task__plan__status=Plan.Status.ACTIVE,
            task__in=Assignment.objects.filter(unit_id=unit_id, active=True).values("task_id"),
        )
        .select_related("task__plan")
        .order_by("deadline", "id")
    ):
        items.append(
            TodoItem(
                "milestone",
                m.deadline,
                m.title,
                reverse("supervision:task_timeline", args=[m.task_id]),
                task=m.task,
                plan=m.task.plan,
            )
        )
    for n in SupervisionNotice.objects.filter(
        unit_id=unit_id, status__in=SupervisionNotice.OPEN
    ).select_related("task", "plan"):
        items.append(
            TodoItem(
                "notice",
                n.answer_by,
                f"{n.number} · {n.task}",
                reverse("supervision:notice_detail", args=[n.pk]),
                task=n.task,
                detail=n.level,
                plan=n.plan,
            )
        )
    answered = InstructionAnswer.objects.filter(unit_id=unit_id, report__status__in=UnitReport.SENT)
    for i in (
        Instruction.objects.filter(units=unit_id, task__active=True)
        .exclude(pk__in=answered.values("instruction_id"))
        .select_related("task__plan")
    ):
        items.append(
            TodoItem(
                "instruction",
                None,
                str(i.task),
                reverse("supervision:task_timeline", args=[i.task_id]),
                task=i.task,
                detail=i.text,
                plan=i.task.plan,
            )
        )
    items.sort(key=lambda i: (_KIND_ORDER[i.kind], i.due or dt.date.max))
    groups: dict[str, list[TodoItem]] = defaultdict(list)
    for item in items:
        groups[item.kind].append(item)
    return {
        "items": items,
        "groups": [(kind, groups[kind]) for kind in GROUPS if groups[kind]],
        "counts": {kind: len(found) for kind, found in groups.items()},
        "several_plans": len({item.plan.pk for item in items if item.plan}) > 1,
        "today": today,
    }


def notifications_list(*, viewer, limit: int = 100) -> list[dict]:
    rows = list(permissions.notifications_of(viewer).order_by("-created_at", "-id")[:limit])
    return [{"n": n, "text": render(n.kind, n.params)} for n in rows]


def unread_count(*, viewer) -> int:
    return permissions.notifications_of(viewer).filter(read_at__isnull=True).count()
