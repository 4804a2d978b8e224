"""A task over time: its timeline, the task page's panel, its milestones, and notices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import permissions, status
from luoshi.supervision.models import (
    Consolidation,
    Instruction,
    InstructionAnswer,
    Milestone,
    SupervisionNotice,
)


def task_timeline(*, viewer, task: Task, today: dt.date | None = None) -> dict[str, Any]:
    """Every period's consolidation and unit reports on the task, with instructions and
    notices, newest first. Only what the viewer may read is included."""
    today = today or timezone.localdate()
    plan = task.plan
    periods = [p for p in status.periods_of(plan) if p.start <= today]
    reports = {
        (r.period_id, r.unit_id): r
        for r in permissions.reports_visible_to(viewer)
        .filter(task=task)
        .only("id", "period_id", "unit_id", "status", "nothing_new", "work_done")
    }
    consolidations = {
        c.period_id: c
        for c in permissions.consolidations_visible_to(viewer)
        .filter(task=task)
        .select_related("author_unit")
    }
    # An answer is kept with its unit's report (a draft too): it is shown only to those
    # who may read that report.
    readable_answers = InstructionAnswer.objects.filter(
        report__in=permissions.reports_visible_to(viewer)
    ).select_related("unit")
    instructions = list(
        Instruction.objects.filter(task=task)
        .select_related("author")
        .prefetch_related("units", Prefetch("answers", queryset=readable_answers))
        .order_by("-created_at")
    )
    notices = list(
        permissions.notices_visible_to(viewer)
        .filter(task=task)
        .select_related("unit")
        .order_by("-issued_at")
    )
    milestones = list(
        Milestone.objects.filter(task=task).select_related("owner").order_by("deadline")
    )
    data = status.load(plan, periods, task_ids=[task.pk])
    links = _links(viewer, task)
    entries = []
    for period in reversed(periods):
        if task.pk not in data.period_tasks.get(period.pk, set()):
            continue
        units = []
        for a in sorted(data.assignments_in(period), key=status.assignment_sort):
            units.append(
                {
                    "unit": a.unit,
                    "role": a.role,
                    "light": status.light_for(data, period, task, a.unit_id, today),
                    "report": reports.get((period.pk, a.unit_id)),
                    "url": reverse("supervision:report_view", args=[period.pk, task.pk, a.unit_id])
                    if links.reports or a.unit_id == viewer.unit_id
                    else "",
                }
            )
        entries.append(
            {
                "period": period,
                "light": status.task_light((u["role"], u["light"]) for u in units),
                "consolidation": consolidations.get(period.pk),
                "consolidation_url": reverse("supervision:consolidation", args=[period.pk, task.pk])
                if links.workspace or period.pk in consolidations
                else "",
                "units": units,
                "instructions": [i for i in instructions if i.period_id == period.pk],
            }
        )
    return {
        "task": task,
        "entries": entries,
        "instructions": instructions,
        "notices": notices,
        "milestones": milestones,
        "can_instruct": permissions.can_instruct(viewer, task),
        "can_issue_notice": permissions.can_issue_notice(viewer, plan),
        "can_manage_milestones": permissions.can_manage_milestones(viewer, task),
        "assignments": sorted(data.assignments, key=status.assignment_sort),
        "today": today,
    }


def task_panel(*, viewer, task: Task, today: dt.date | None = None) -> dict[str, Any]:
    """A compact block for the task page: this period's lights per unit, the consolidation's
    state, and links. Queries: periods (1), the status read model for the task (5),
    consolidation (1)."""
    today = today or timezone.localdate()
    if not permissions.has_any_role(viewer):
        return {}
    plan = task.plan
    period = status.default_period(status.periods_of(plan), today)
    if period is None:
        return {
            "task": task,
            "period": None,
            "timeline_url": reverse("supervision:task_timeline", args=[task.pk]),
        }
    data = status.load(plan, [period], task_ids=[task.pk])
    links = _links(viewer, task)
    cells = [
        (
            a.unit,
            a.role,
            status.light_for(data, period, task, a.unit_id, today),
            reverse("supervision:report_view", args=[period.pk, task.pk, a.unit_id])
            if links.reports or a.unit_id == viewer.unit_id
            else "",
        )
        for a in sorted(data.assignments_in(period), key=status.assignment_sort)
    ]
    consolidation = Consolidation.objects.filter(period=period, task=task).only("status").first()
    readable = links.workspace or (
        consolidation is not None and permissions.can_view_consolidation(viewer, consolidation)
    )
    return {
        "task": task,
        "period": period,
        "cells": cells,
        "light": status.task_light((c[1], c[2]) for c in cells),
        "totals": status.count([c[2] for c in cells]),
        "consolidation": consolidation,
        "timeline_url": reverse("supervision:task_timeline", args=[task.pk]),
        "consolidation_url": reverse("supervision:consolidation", args=[period.pk, task.pk])
        if readable
        else "",
    }


@dataclass(frozen=True)
class _Links:
    reports: bool  # every unit's report page opens (its light at least)
    workspace: bool  # the consolidation page opens even before it is sent


def _links(viewer, task: Task) -> _Links:
    """Which of the task's pages the viewer may open, so that no page links to a page that
    would answer 404 (the rules of selectors.reports.report_view and
    selectors.consolidation.consolidation_page). One query."""
    office = permissions.can_view_overview(viewer, task.plan)
    role = permissions.unit_role_on_task(viewer, task)
    return _Links(
        reports=office or role is not None,
        workspace=office or role == Assignment.Role.LEAD,
    )


def milestones_of_task(*, viewer, task: Task) -> dict[str, Any]:
    return {
        "task": task,
        "milestones": list(
            Milestone.objects.filter(task=task).select_related("owner").order_by("deadline", "id")
        ),
        "units": [
            a.unit for a in Assignment.objects.filter(task=task, active=True).select_related("unit")
        ],
        "can_manage": permissions.can_manage_milestones(viewer, task),
    }


def notices_list(*, viewer, plan: Plan | None = None) -> list[SupervisionNotice]:
    qs = permissions.notices_visible_to(viewer).select_related("task", "unit", "plan")
    if plan is not None:
        qs = qs.filter(plan=plan)
    return list(qs.order_by("-issued_at", "-id")[:500])
