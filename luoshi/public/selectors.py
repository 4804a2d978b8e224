"""Reads for a plan's public page. It needs no viewer: it reads only what may be public —
figures accepted by the office, the status the office approved in the lead units'
consolidated reports, and the documents the office published — and nothing about people
(no names, accounts or report texts)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from luoshi.assessment import permissions
from luoshi.assessment.models import IssuedDocument
from luoshi.core.errors import NotFound
from luoshi.indicators import outcome as outcomes
from luoshi.indicators import selectors as indicators
from luoshi.indicators.models import IndicatorValue
from luoshi.plans.models import Plan, Task
from luoshi.public.models import PublicPage
from luoshi.supervision.models import Consolidation, SelfStatus


@dataclass
class TargetRow:
    goal: Any
    outcome: outcomes.Outcome
    years: list[tuple[int, IndicatorValue | None]]
    target_text: str
    pct: float | None  # latest figure as a share of the target, 0–100, for the bar


@dataclass
class TaskRow:
    task: Task
    status: str  # SelfStatus value or ""
    status_label: str
    progress: int | None
    period: str


@dataclass
class GroupRow:
    title: str
    tasks: list[TaskRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(t.status or "none" for t in self.tasks))

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.status == SelfStatus.DONE)


def _targets(plan: Plan, today: dt.date) -> list[TargetRow]:
    from luoshi.indicators.selectors.outcomes import plan_goals

    goals = plan_goals(plan)
    results = indicators.outcomes_of(goals, plan.region, today=today)
    ids = {g.indicator_id for g in goals if g.indicator_id}
    series: dict[int, dict[int, IndicatorValue]] = {}
    for row in IndicatorValue.objects.filter(region=plan.region, indicator_id__in=ids):
        series.setdefault(row.indicator_id, {})[row.year] = row
    rows = []
    for result in results:
        goal = result.goal
        by_year = series.get(goal.indicator_id, {})
        first = goal.baseline_year or min(by_year, default=goal.target_year or today.year)
        last = goal.target_year or max(by_year, default=first)
        years = [(y, by_year.get(y)) for y in range(first, last + 1)]
        latest = next(
            (v for _y, v in reversed(years) if v is not None and v.value is not None), None
        )
        pct = None
        if latest is not None and goal.target_value:
            pct = max(0.0, min(100.0, latest.value / float(goal.target_value) * 100))
        if result.outcome.data_status == outcomes.UNACCEPTED:
            # Figures still in approval are not public: the page says only that none is out.
            result.outcome.data_status = outcomes.MISSING
        rows.append(TargetRow(goal, result.outcome, years, result.target_text, pct))
    return rows


def _groups(plan: Plan) -> list[GroupRow]:
    tasks = list(
        Task.objects.filter(plan=plan, active=True)
        .select_related("section")
        .only("id", "number", "title", "order", "section__title", "section__order")
        .order_by("order", "id")
    )
    latest: dict[int, Consolidation] = {}
    for c in (
        Consolidation.objects.filter(period__plan=plan, status=Consolidation.Status.APPROVED)
        .select_related("period")
        .only(
            "task_id",
            "self_status",
            "progress_pct",
            "period__start",
            "period__end",
            "period__kind",
            "period__title",
        )
        .order_by("task_id", "-period__end", "-id")
    ):
        latest.setdefault(c.task_id, c)
    labels = dict(SelfStatus.choices)
    groups: dict[str, GroupRow] = {}
    for task in tasks:
        title = task.section.title if task.section else ""
        group = groups.setdefault(title, GroupRow(title))
        c = latest.get(task.pk)
        group.tasks.append(
            TaskRow(
                task=task,
                status=c.self_status if c else "",
                status_label=str(labels.get(c.self_status, "")) if c else "",
                progress=c.progress_pct if c else None,
                period=c.period.label if c else "",
            )
        )
    return list(groups.values())


def page(*, plan_id: int, today: dt.date | None = None) -> dict[str, Any]:
    """The public page of a plan, or NotFound when the office has not published one.
    Queries: the page with its plan (1), targets (5), task groups (2), documents (1)."""
    today = today or timezone.localdate()
    public = (
        PublicPage.objects.select_related("plan", "plan__region", "plan__coordinating_unit")
        .filter(plan_id=plan_id, enabled=True)
        .first()
    )
    if public is None:
        raise NotFound()
    plan = public.plan
    targets = _targets(plan, today) if public.show_targets else []
    groups = _groups(plan) if public.show_tasks else []
    documents = (
        list(
            IssuedDocument.objects.filter(plan=plan, published=True, is_demo=False)
            .defer("content")
            .order_by("-issued_on", "-id")
        )
        if public.show_documents
        else []
    )
    return {
        "public": public,
        "plan": plan,
        "targets": targets,
        "groups": groups,
        "documents": documents,
        "demo": plan.is_demo or any(t.outcome.is_demo for t in targets),
        "provisional": any(v is not None and v.provisional for t in targets for _y, v in t.years),
        "today": today,
    }


def document(*, pk: int) -> IssuedDocument:
    """A published document of a public page (404 otherwise)."""
    found = (
        IssuedDocument.objects.filter(
            pk=pk,
            published=True,
            is_demo=False,
            plan__public_page__enabled=True,
            plan__public_page__show_documents=True,
        )
        .select_related("plan")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def settings_page(*, viewer, plan: Plan) -> dict[str, Any]:
    if not permissions.can_publish(viewer, plan):
        raise NotFound()
    public = PublicPage.objects.filter(plan=plan).first()
    return {
        "plan": plan,
        "public": public,
        "published_documents": IssuedDocument.objects.filter(plan=plan, published=True).count(),
    }
