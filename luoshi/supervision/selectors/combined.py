"""A county's or park's combined report (综合报告): one editor for every task of the period it
is implicitly involved in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.plans.models import Task
from luoshi.supervision import permissions, queries, status
from luoshi.supervision.models import Period, UnitReport
from luoshi.supervision.services.combined import combined_tasks, stamp_of

# The combined report's status, from its tasks' reports: the one that needs the unit most.
_PRIORITY = ["returned", "draft", "pending", "submitted", "approved"]


@dataclass
class CombinedRow:
    task: Task
    report: UnitReport | None
    light: status.Light
    instructions: int  # leaders' instructions to the unit on the task still to answer


def overall_status(statuses: list[str | None]) -> str | None:
    """None when nothing is written yet; else the status that needs the unit most."""
    if not any(statuses):
        return None
    return min((s or UnitReport.Status.DRAFT for s in statuses), key=_PRIORITY.index)


def combined_editor(*, viewer, period: Period, today: dt.date | None = None) -> dict[str, Any]:
    """The viewer's unit's combined report in the period. Queries: the unit and cycle, the
    covered tasks (2), their reports (1), the status read model (5), pending instructions
    (1 per task that has any)."""
    today = today or timezone.localdate()
    unit = getattr(viewer, "unit", None)
    tasks = combined_tasks(unit=unit, period=period)
    if not tasks:
        raise NotFound()
    reports = {
        r.task_id: r for r in UnitReport.objects.filter(period=period, unit=unit, task__in=tasks)
    }
    data = status.load(period.plan, [period], task_ids=[t.pk for t in tasks], unit_id=unit.pk)
    rows = [
        CombinedRow(
            task=t,
            report=reports.get(t.pk),
            light=status.light_for(data, period, t, unit.pk, today),
            instructions=len(
                queries.pending_instructions(task=t, unit_id=unit.pk, report=reports.get(t.pk))
            ),
        )
        for t in tasks
    ]
    # The shared account comes from the combined report once written; a task's own draft
    # written before (not combined) stays that task's note.
    shared = next((r.report for r in rows if r.report is not None and r.report.combined), None)
    editable = [r for r in rows if r.report is None or r.report.editable]
    overall = overall_status([r.report.status if r.report else None for r in rows])
    return {
        "period": period,
        "unit": unit,
        "rows": rows,
        "shared": shared,
        "stamp": stamp_of(reports | {t.pk: reports.get(t.pk) for t in tasks}),
        "status": overall,
        "editable": bool(editable)
        and permissions.can_write_report(viewer, period, tasks[0], "implicit"),
        "can_sign_off": permissions.signs_off_reports(viewer),
        "light": status.worst([r.light for r in rows]),
    }
