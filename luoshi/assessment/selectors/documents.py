"""What each official document says, read once: the supervision bulletin (督查通报), the
quarterly implementation report (落实情况报告) built from the lead units' consolidations, the
assessment result, the final evaluation; and the documents already issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from luoshi.assessment import permissions
from luoshi.assessment.models import IssuedDocument
from luoshi.core.errors import NotFound
from luoshi.indicators import selectors as indicators
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision import status
from luoshi.supervision.models import Consolidation, Period
from luoshi.supervision.selectors import assessment as process


def _require(viewer, plan: Plan) -> None:
    if not permissions.can_read_documents(viewer, plan):
        raise NotFound()


def issued(*, viewer, plan: Plan) -> list[IssuedDocument]:
    """The documents issued for the plan, newest first (without their content): 1 query."""
    _require(viewer, plan)
    return list(
        IssuedDocument.objects.filter(plan=plan).defer("content").order_by("-issued_on", "-id")
    )


def regular_periods(*, viewer, plan: Plan, today: dt.date) -> list[Period]:
    """The regular periods already ended, newest first (a quarterly report covers one)."""
    _require(viewer, plan)
    return [p for p in reversed(status.periods_of(plan)) if not p.is_adhoc and p.end < today]


def bulletin(*, viewer, plan: Plan, today: dt.date | None = None) -> dict[str, Any]:
    """督查通报: the process figures of the year so far, the units that report late most, and
    the tasks red in the period most recently ended."""
    _require(viewer, plan)
    today = today or timezone.localdate()
    overview = status.period_overview(viewer=viewer, plan=plan, today=today)
    year = overview.period.end.year if overview.period else today.year
    figures = process.scorecard(viewer=viewer, plan=plan, year=year, today=today)
    reds = []
    for row in overview.rows:
        if row.light is None or row.light.colour != status.RED:
            continue
        units = [c.unit for c in row.cells if c is not None and c.light.colour == status.RED]
        reds.append({"task": row.task, "units": units, "reason": row.light.text})
    late = sorted(
        (ln for ln in figures["lines"] if ln.figures.on_time_rate is not None),
        key=lambda ln: (ln.figures.on_time_rate, ln.figures.completeness or 0),
    )
    return {
        "plan": plan,
        "year": year,
        "period": overview.period,
        "totals": figures["totals"],
        "periods": figures["periods"],
        "late": [ln for ln in late if ln.figures.on_time_rate < 1][:10],
        "reds": reds,
        "today": today,
        "demo": plan.is_demo,
    }


@dataclass
class TaskEntry:
    task: Any
    lead_units: list
    consolidation: Consolidation | None
    light: Any


@dataclass
class SectionEntry:
    section: Any
    tasks: list[TaskEntry] = field(default_factory=list)


def quarterly(
    *, viewer, plan: Plan, period: Period, today: dt.date | None = None
) -> dict[str, Any]:
    """落实情况报告 for one period, from the lead units' consolidations (submitted or approved;
    drafts are the lead unit's own), the task lights, and the targets' latest figures with
    their year. Queries: the lights (9), consolidations (1), the targets (5)."""
    _require(viewer, plan)
    if period.plan_id != plan.pk:
        raise NotFound()
    today = today or timezone.localdate()
    overview = status.period_overview(viewer=viewer, plan=plan, period=period, today=today)
    consolidations = {
        c.task_id: c
        for c in Consolidation.objects.filter(
            period=period, status__in=list(Consolidation.SENT)
        ).select_related("author_unit")
    }
    sections: dict[Any, SectionEntry] = {}
    for row in overview.rows:
        task = row.task
        entry = sections.setdefault(task.section_id, SectionEntry(section=task.section))
        leads = [c.unit for c in row.cells if c is not None and c.role == Assignment.Role.LEAD]
        entry.tasks.append(TaskEntry(task, leads, consolidations.get(task.pk), row.light))
    goals = indicators.targets_with_status(viewer=viewer, plan=plan)
    counts = {key: 0 for key in (status.GREEN, status.YELLOW, status.RED, status.GREY)}
    for row in overview.rows:
        counts[row.light.colour if row.light else status.GREY] += 1
    return {
        "plan": plan,
        "period": period,
        "sections": list(sections.values()),
        "counts": counts,
        "tasks": len(overview.rows),
        "consolidated": sum(1 for c in consolidations.values()),
        "approved": sum(
            1 for c in consolidations.values() if c.status == Consolidation.Status.APPROVED
        ),
        "goals": goals,
        "today": today,
        "demo": plan.is_demo
        or any(c.is_demo for c in consolidations.values())
        or any(g.latest is not None and g.latest.is_demo for g in goals),
        "provisional": any(g.latest is not None and g.latest.provisional for g in goals),
    }


def next_number(*, plan: Plan, kind: str, year: int) -> str:
    """A document number to propose: the last one of this kind with the year and the next
    serial, or a prefix from the coordinating unit's short name."""
    import re

    last = (
        IssuedDocument.objects.filter(plan=plan, kind=kind)
        .filter(Q(doc_number__contains=f"〔{year}〕"))
        .order_by("-id")
        .values_list("doc_number", flat=True)
        .first()
    )
    if last:
        match = re.match(r"^(.*〔\d{4}〕)(\d+)(号.*)$", last)
        if match:
            return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"
    unit = plan.coordinating_unit
    organ = (unit.short_name or unit.name).replace("市", "")[:1] if unit else ""
    region = (plan.region.short_name or plan.region.name)[:1] if plan.region_id else ""
    letter = {"bulletin": "督", "quarterly": "报", "assessment": "考", "final": "评"}.get(kind, "")
    return f"{region}{organ}{letter}〔{year}〕1号"
