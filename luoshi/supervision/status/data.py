"""Loading what lights are computed from: who reports on what in which periods, the report
rows, the milestones — in a fixed number of queries whatever the size of the plan.

These functions do not check permissions; the status functions that take a viewer do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision.models import Milestone, Period, ReportingCycle, UnitReport
from luoshi.supervision.status import lights

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
    "unit__category",
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
    """Everything needed to compute the lights of one or more periods (of one or more plans)."""

    cycles: dict[int, ReportingCycle | None]  # plan id → its reporting cycle
    tasks: list[Task]
    assignments: list[Assignment]
    # period id → task ids reported on in it (all active tasks, or an ad-hoc round's selection)
    period_tasks: dict[int, set[int]]
    # (period, task, unit) → report row (REPORT_FIELDS plus `submitted_on`)
    reports: dict[tuple[int, int, int], dict] = field(default_factory=dict)
    # (task, unit) → the unit's milestones on the task that matter to these periods
    milestones: dict[tuple[int, int], list[lights.MilestoneState]] = field(default_factory=dict)

    def assignments_in(self, period: Period) -> list[Assignment]:
        wanted = self.period_tasks.get(period.pk, set())
        return [a for a in self.assignments if a.task_id in wanted]

    def cycle(self, plan_id: int) -> ReportingCycle | None:
        return self.cycles.get(plan_id)


def _as_list(plans) -> list[Plan]:
    return [plans] if isinstance(plans, Plan) else list(plans)


def _cycles(plans: list[Plan]) -> dict[int, ReportingCycle | None]:
    """Each plan's cycle: from the plan when loaded with it, else all in one query."""
    field = Plan._meta.get_field("reporting_cycle")
    missing = [p.pk for p in plans if not field.is_cached(p)]
    fetched = (
        {c.plan_id: c for c in ReportingCycle.objects.filter(plan_id__in=missing)}
        if missing
        else {}
    )
    return {p.pk: fetched.get(p.pk) if p.pk in missing else cycle_of(p) for p in plans}


def load(
    plans: Plan | list[Plan],
    periods: list[Period],
    *,
    task_ids=None,
    unit_id: int | None = None,
    with_reports: bool = True,
    with_milestones: bool = True,
    report_fields: tuple[str, ...] = (),
) -> PeriodData:
    """Tasks (1 query), ad-hoc selections (1 when periods are given), assignments with units
    (1), report rows of the periods (1) and milestones (1). `unit_id` restricts everything to
    one unit's assignments (a unit's to-do); `task_ids` to some tasks (one task's pages);
    `report_fields` adds fields to the report rows that a page shows besides the light."""
    plans = _as_list(plans)
    plan_ids = [p.pk for p in plans]
    tasks_qs = (
        Task.objects.filter(plan_id__in=plan_ids, active=True)
        .select_related("section")
        # Lights and the pages built on them show a task's number and title, never its text.
        .defer("text", "units_raw")
        .order_by("plan_id", "order", "id")
    )
    if task_ids is not None:
        tasks_qs = tasks_qs.filter(pk__in=list(task_ids))
    if unit_id is not None:
        tasks_qs = tasks_qs.filter(
            pk__in=Assignment.objects.filter(unit_id=unit_id, active=True).values("task_id")
        )
    tasks = list(tasks_qs)
    all_ids = {t.pk for t in tasks}
    ids_by_plan: dict[int, set[int]] = defaultdict(set)
    for t in tasks:
        ids_by_plan[t.plan_id].add(t.pk)
    period_tasks = {p.pk: ids_by_plan[p.plan_id] for p in periods if not p.is_adhoc}
    if periods:
        # One query whether or not the periods include ad-hoc rounds, so a page's query
        # count does not depend on the kind of periods it shows.
        selected: dict[int, set[int]] = defaultdict(set)
        through = Period.tasks.through.objects.filter(period__plan_id__in=plan_ids)
        for period_id, task_id in through.values_list("period_id", "task_id").order_by():
            if task_id in all_ids:
                selected[period_id].add(task_id)
        for p in periods:
            if p.is_adhoc:
                period_tasks[p.pk] = selected.get(p.pk, set())
    assignments_qs = Assignment.objects.filter(task_id__in=all_ids, active=True)
    if unit_id is not None:
        assignments_qs = assignments_qs.filter(unit_id=unit_id)
    assignments = list(
        assignments_qs.select_related("unit")
        .only(*ASSIGNMENT_FIELDS)
        .order_by("unit__order", "unit_id", "task_id")
    )
    data = PeriodData(
        cycles=_cycles(plans),
        tasks=tasks,
        assignments=assignments,
        period_tasks=period_tasks,
    )
    if with_reports and periods:
        # No ORDER BY: the rows become a dict, and the model's ordering joins four tables.
        rows = (
            UnitReport.objects.filter(period_id__in=[p.pk for p in periods])
            .order_by()
            .values(*REPORT_FIELDS, *report_fields)
        )
        if task_ids is not None:
            rows = rows.filter(task_id__in=all_ids)
        if unit_id is not None:
            rows = rows.filter(unit_id=unit_id)
        zone = timezone.get_current_timezone()
        for r in rows:
            first = r["first_submitted_at"]
            r["submitted_on"] = first.astimezone(zone).date() if first else None
            data.reports[(r["period_id"], r["task_id"], r["unit_id"])] = r
    if with_milestones and periods:
        windows = [
            c.yellow_window_days if c else lights.Thresholds().yellow_window_days
            for c in data.cycles.values()
        ]
        latest = max(p.due_date for p in periods) + dt.timedelta(days=max(windows))
        earliest = min(p.start for p in periods)
        milestones = (
            Milestone.objects.filter(task_id__in=all_ids, deadline__lte=latest)
            .exclude(done_on__lt=earliest)
            # A deterministic order without the model's joins: the first of equally severe
            # reasons is the one shown.
            .order_by("deadline", "id")
        )
        if unit_id is not None:
            milestones = milestones.filter(owner_id=unit_id)
        for task_id, owner_id, title, deadline, done_on in milestones.values_list(
            "task_id", "owner_id", "title", "deadline", "done_on"
        ):
            data.milestones.setdefault((task_id, owner_id), []).append(
                lights.MilestoneState(title=title, deadline=deadline, done_on=done_on)
            )
    return data


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
