"""Process figures of each unit (the inputs of the yearly assessment) and the ledger (台账)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Unit
from luoshi.plans.models import Plan
from luoshi.supervision import permissions, scoring, status
from luoshi.supervision.models import Milestone, SupervisionNotice, UnitReport


@dataclass
class ProcessLine:
    unit: Unit
    figures: scoring.Figures


def _due_periods(plan: Plan, year: int | None, today: dt.date):
    all_periods = status.periods_of(plan)
    due = [p for p in all_periods if p.due_date < today and (year is None or p.end.year == year)]
    return all_periods, due


def process_figures(*, plan: Plan, year: int | None = None, today: dt.date) -> dict[str, Any]:
    """Each responsible unit's counts over the periods already due (ending in `year` when
    given): expected, submitted, on time, returned reports, milestones due and done,
    supervision notices (see scoring.py). No permission check: `scorecard` and the yearly
    assessment decide who reads them. Queries: due periods (1), who reports on what from the
    status read model (tasks, ad-hoc selections, assignments: 3), report aggregates (1),
    milestone aggregates (1), notice counts (1)."""
    all_periods, periods = _due_periods(plan, year, today)
    data = status.load(plan, periods, with_reports=False, with_milestones=False)
    all_tasks = {t.pk for t in data.tasks}
    counts: dict[int, scoring.Counts] = defaultdict(scoring.Counts)
    units: dict[int, Unit] = {}
    for a in data.assignments:
        units.setdefault(a.unit_id, a.unit)
    for p in periods:
        for a in data.assignments_in(p):
            counts[a.unit_id].expected += 1
    period_ids = [p.pk for p in periods]
    if period_ids:
        aggregates = (
            UnitReport.objects.filter(period_id__in=period_ids, task_id__in=all_tasks)
            .values("unit_id")
            .annotate(
                submitted=Count("id", filter=Q(first_submitted_at__isnull=False)),
                on_time=Count("id", filter=Q(first_submitted_at__date__lte=F("period__due_date"))),
                returned=Count("id", filter=Q(return_count__gt=0)),
                returns=Sum("return_count"),
            )
        )
        for row in aggregates:
            c = counts[row["unit_id"]]
            c.submitted, c.on_time, c.returned, c.returns = (
                row["submitted"],
                row["on_time"],
                row["returned"],
                row["returns"] or 0,
            )
    start = min((p.start for p in periods), default=None)
    end = min(today, max((p.end for p in periods), default=today))
    range_end = min(today, dt.date(year, 12, 31)) if year else today
    if start is not None:
        for row in (
            Milestone.objects.filter(task_id__in=all_tasks, deadline__gte=start, deadline__lte=end)
            .values("owner_id")
            .annotate(
                due=Count("id"),
                done=Count("id", filter=Q(done_on__isnull=False, done_on__lte=today)),
            )
        ):
            counts[row["owner_id"]].milestones_due = row["due"]
            counts[row["owner_id"]].milestones_done = row["done"]
        for row in (
            SupervisionNotice.objects.filter(
                plan=plan, issued_at__date__gte=start, issued_at__date__lte=range_end
            )
            .values("unit_id")
            .annotate(n=Count("id"))
        ):
            counts[row["unit_id"]].notices = row["n"]
    totals = scoring.Counts()
    for c in counts.values():
        totals.add(c)
    return {
        "plan": plan,
        "year": year,
        "years": sorted({p.end.year for p in all_periods if p.due_date < today}, reverse=True),
        "periods": periods,
        "units": units,
        "counts": {uid: counts[uid] for uid in units},
        "totals": totals,
        "today": today,
    }


def scorecard(
    *, viewer, plan: Plan, year: int | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Each unit's process figures (process_figures) with their rates, in the directory's
    order, for the office and leaders: the ledger's second sheet."""
    if not permissions.can_view_scorecard(viewer, plan):
        raise NotFound()
    data = process_figures(plan=plan, year=year, today=today or timezone.localdate())
    lines = [
        ProcessLine(unit, scoring.figures(data["counts"][uid]))
        for uid, unit in sorted(data["units"].items(), key=lambda kv: status.unit_sort(kv[1]))
    ]
    return {**data, "lines": lines, "totals": scoring.figures(data["totals"])}


LEDGER_TEXT_FIELDS = (
    "work_done",
    "problems",
    "next_steps",
    "self_status",
    "first_submitted_at",
    "approved_at",
)


def ledger_rows(*, viewer, plan: Plan, year: int | None = None, today: dt.date | None = None):
    """Every expected report in the periods due (one row per period × task × unit, missing
    ones included) for the 台账 export, with the light the pages show and the text of the
    reports the viewer may read on the pages — never a draft of another unit.
    Queries: periods (1), the status read model (5), readable report texts (1)."""
    if not permissions.can_view_scorecard(viewer, plan):
        raise NotFound()
    today = today or timezone.localdate()
    _all, periods = _due_periods(plan, year, today)
    data = status.load(plan, periods, report_fields=("is_demo",))
    texts = {
        (r["period_id"], r["task_id"], r["unit_id"]): r
        for r in permissions.reports_visible_to(viewer)
        .filter(period__in=periods)
        .values("period_id", "task_id", "unit_id", *LEDGER_TEXT_FIELDS)
    }
    tasks = {t.pk: t for t in data.tasks}
    for period in periods:
        for a in sorted(
            data.assignments_in(period),
            key=lambda a: (tasks[a.task_id].order, status.unit_sort(a.unit)),
        ):
            key = (period.pk, a.task_id, a.unit_id)
            row = data.reports.get(key)
            yield {
                "period": period,
                "task": tasks[a.task_id],
                "unit": a.unit,
                "role": a.role,
                "report": row,
                "text": texts.get(key, {}),
                "light": status.light_for(data, period, tasks[a.task_id], a.unit_id, today, row),
            }
