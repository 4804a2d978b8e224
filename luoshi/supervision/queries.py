"""Bulk reads shared by selectors and services: who reports on what in a period, and the
lights of every cell, in a fixed number of queries whatever the size of the plan.

These functions do not check permissions; selectors (which take the viewer) do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import cycles, lights
from luoshi.supervision.models import (
    Instruction,
    InstructionAnswer,
    Milestone,
    Period,
    ReportingCycle,
    UnitReport,
)

REPORT_FIELDS = (
    "id",
    "period_id",
    "task_id",
    "unit_id",
    "status",
    "first_submitted_at",
    "return_count",
    "progress_pct",
    "nothing_new",
)
# What pages read of an assignment and its unit (a matrix loads hundreds of them).
ASSIGNMENT_FIELDS = (
    "id",
    "task_id",
    "unit_id",
    "role",
    "order",
    "active",
    "unit__id",
    "unit__name",
    "unit__short_name",
    "unit__code",
    "unit__kind",
    "unit__order",
    "unit__place_id",
    "unit__region_id",
)


def cycle_of(plan: Plan) -> ReportingCycle | None:
    try:
        return plan.reporting_cycle
    except ReportingCycle.DoesNotExist:
        return None


@dataclass
class PeriodData:
    """Everything needed to draw one or more periods' matrices."""

    plan: Plan
    cycle: ReportingCycle | None
    tasks: list[Task]
    assignments: list[Assignment]
    # period id → task ids reported on in it (all active tasks, or an ad-hoc round's selection)
    period_tasks: dict[int, set[int]]
    reports: dict[tuple[int, int, int], dict] = field(
        default_factory=dict
    )  # (period, task, unit) → row
    milestones: dict[tuple[int, int], list[lights.MilestoneState]] = field(default_factory=dict)

    def assignments_in(self, period: Period) -> list[Assignment]:
        wanted = self.period_tasks[period.pk]
        return [a for a in self.assignments if a.task_id in wanted]


def load(
    plan: Plan,
    periods: list[Period],
    *,
    with_reports: bool = True,
    with_milestones: bool = True,
    task_ids=None,
) -> PeriodData:
    """Tasks (1 query), ad-hoc selections (1 when periods are given), assignments with units
    (1), report rows of the periods (1) and milestones (1)."""
    cycle = cycle_of(plan)
    tasks_qs = (
        Task.objects.filter(plan=plan, active=True)
        .select_related("section")
        .order_by("order", "id")
    )
    if task_ids is not None:
        tasks_qs = tasks_qs.filter(pk__in=list(task_ids))
    tasks = list(tasks_qs)
    all_ids = {t.pk for t in tasks}
    period_tasks = {p.pk: all_ids for p in periods if not p.is_adhoc}
    adhoc = [p for p in periods if p.is_adhoc]
    if periods:
        # One query whether or not the periods include ad-hoc rounds, so a page's query
        # count does not depend on the kind of periods it shows.
        selected: dict[int, set[int]] = defaultdict(set)
        through = Period.tasks.through.objects.filter(period__plan=plan)
        for period_id, task_id in through.values_list("period_id", "task_id"):
            if task_id in all_ids:
                selected[period_id].add(task_id)
        for p in adhoc:
            period_tasks[p.pk] = selected.get(p.pk, set())
    assignments = list(
        Assignment.objects.filter(task_id__in=all_ids, active=True)
        .select_related("unit")
        .only(*ASSIGNMENT_FIELDS)
        .order_by("unit__order", "unit_id", "task_id")
    )
    data = PeriodData(
        plan=plan, cycle=cycle, tasks=tasks, assignments=assignments, period_tasks=period_tasks
    )
    if with_reports and periods:
        rows = UnitReport.objects.filter(period_id__in=[p.pk for p in periods]).values(
            *REPORT_FIELDS
        )
        if task_ids is not None:
            rows = rows.filter(task_id__in=all_ids)
        zone = timezone.get_current_timezone()
        data.reports = {}
        for r in rows:
            first = r["first_submitted_at"]
            r["submitted_on"] = first.astimezone(zone).date() if first else None
            data.reports[(r["period_id"], r["task_id"], r["unit_id"])] = r
    if with_milestones and periods:
        latest = max(p.due_date for p in periods)
        window = cycle.yellow_window_days if cycle else lights.Thresholds().yellow_window_days
        earliest = min(p.start for p in periods)
        milestones = (
            Milestone.objects.filter(
                task_id__in=all_ids, deadline__lte=latest + dt.timedelta(days=window)
            )
            .exclude(done_on__lt=earliest)
            .values_list("task_id", "owner_id", "title", "deadline", "done_on")
        )
        for task_id, owner_id, title, deadline, done_on in milestones:
            data.milestones.setdefault((task_id, owner_id), []).append(
                lights.MilestoneState(title=title, deadline=deadline, done_on=done_on)
            )
    return data


def task_deadline(task: Task, cycle: ReportingCycle | None) -> dt.date | None:
    if task.deadline_date:
        return task.deadline_date
    if cycle is None:
        return None
    return cycle.target_date or cycle.ends_on


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
    cycle = data.cycle
    start = cycle.first_period_start if cycle else period.start
    expected = cycles.expected_progress(
        as_of=min(today, period.end), start=start, end=task_deadline(task, cycle)
    )
    return lights.cell_light(
        today=today,
        due_date=period.due_date,
        grace_days=period.grace_days,
        status=report["status"] if report else None,
        submitted_on=report["submitted_on"] if report else None,
        return_count=report["return_count"] if report else 0,
        nothing_new=report["nothing_new"] if report else False,
        progress_pct=report["progress_pct"] if report else None,
        expected_pct=expected,
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


def periods_of(plan: Plan) -> list[Period]:
    return list(Period.objects.filter(plan=plan).order_by("due_date", "id"))


def default_period(periods: list[Period], today: dt.date) -> Period | None:
    """The regular period most recently ended (the one being reported on or just reported),
    or the first one when none has ended yet."""
    regular = [p for p in periods if not p.is_adhoc]
    ended = [p for p in regular if p.end < today]
    if ended:
        return ended[-1]
    return regular[0] if regular else (periods[-1] if periods else None)


def pending_instructions(
    *, task: Task, unit_id: int, report: UnitReport | None = None
) -> list[Instruction]:
    """Instructions on the task addressed to the unit that no sent report of it has answered."""
    answered_elsewhere = InstructionAnswer.objects.filter(
        unit_id=unit_id, report__status__in=UnitReport.SENT
    )
    if report is not None and report.pk:
        answered_elsewhere = answered_elsewhere.exclude(report=report)
    return list(
        Instruction.objects.filter(task=task, units=unit_id)
        .exclude(pk__in=answered_elsewhere.values("instruction_id"))
        .order_by("created_at", "id")
    )
