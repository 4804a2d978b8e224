"""The light of a unit's report on a task in a period, and of a task, from loaded data.

Every page that shows a light comes here (through the package's public functions), so the
to-do, the editor, the overview, the timeline, the ledger and the API cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from luoshi.plans.models import Assignment, Task
from luoshi.supervision import cycles
from luoshi.supervision.models import Period, ReportingCycle
from luoshi.supervision.status import lights
from luoshi.supervision.status.data import PeriodData


def task_deadline(task: Task, cycle: ReportingCycle | None) -> dt.date | None:
    if task.deadline_date:
        return task.deadline_date
    if cycle is None:
        return None
    return cycle.target_date or cycle.ends_on


@dataclass(frozen=True)
class Pace:
    """The steady pace a task is measured against: from `start` to `deadline`, `expected` %
    done by `as_of` (the period's end, or today while it runs)."""

    start: dt.date
    deadline: dt.date | None
    as_of: dt.date
    expected: float | None


def pace(cycle: ReportingCycle | None, period: Period, task: Task, today: dt.date) -> Pace:
    start = cycle.first_period_start if cycle else period.start
    deadline = task_deadline(task, cycle)
    as_of = min(today, period.end)
    return Pace(
        start=start,
        deadline=deadline,
        as_of=as_of,
        expected=cycles.expected_progress(as_of=as_of, start=start, end=deadline),
    )


def expected_progress(data: PeriodData, period: Period, task: Task, today: dt.date) -> float | None:
    """The share of the task (0–100) that should be done by the end of the period (or today,
    when the period is still running), at a steady pace from the cycle's start to the task's
    deadline. None when the task has nothing to measure against."""
    return pace(data.cycle(period.plan_id), period, task, today).expected


def light_for(
    data: PeriodData,
    period: Period,
    task: Task,
    unit_id: int,
    today: dt.date,
    report: dict | None = None,
) -> lights.Light:
    if report is None:
        report = data.reports.get((period.pk, task.pk, unit_id))
    cycle = data.cycle(period.plan_id)
    return lights.cell_light(
        today=today,
        due_date=period.due_date,
        grace_days=period.grace_days,
        status=report["status"] if report else None,
        submitted_on=report["submitted_on"] if report else None,
        return_count=report["return_count"] if report else 0,
        nothing_new=report["nothing_new"] if report else False,
        progress_pct=report["progress_pct"] if report else None,
        expected_pct=expected_progress(data, period, task, today),
        milestones=data.milestones.get((task.pk, unit_id), ()),
        milestones_as_of=min(today, period.due_date),
        thresholds=lights.Thresholds.of(cycle),
    )


def cells(data: PeriodData, period: Period, today: dt.date) -> dict[tuple[int, int], lights.Light]:
    """(task id, unit id) → light for every responsible unit in the period."""
    tasks = {t.pk: t for t in data.tasks}
    return {
        (a.task_id, a.unit_id): light_for(data, period, tasks[a.task_id], a.unit_id, today)
        for a in data.assignments_in(period)
    }


def task_light(pairs: Iterable[tuple[str, lights.Light]]) -> lights.Light | None:
    """(assignment role, light) pairs of a task's units → the task's light: its lead unit's
    (lights.task_light explains the rule)."""
    lead, others = [], []
    for role, light in pairs:
        (lead if role == Assignment.Role.LEAD else others).append(light)
    return lights.task_light(lead, others)
