"""Reads for the end of a plan: the final evaluation (终期评估) of each target and task, the
state of the plan's regular rounds, the successor plan and the tasks carried over to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from luoshi.assessment import permissions
from luoshi.assessment.models import CarriedTask, EvaluationItem, FinalEvaluation
from luoshi.core.errors import NotFound
from luoshi.indicators import outcome as outcomes
from luoshi.indicators import selectors as indicators
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import status
from luoshi.supervision.models import Consolidation, SelfStatus


@dataclass
class TargetEntry:
    goal: Any
    outcome: outcomes.Outcome
    item: EvaluationItem | None
    value_text: str
    target_text: str
    gap_text: str


@dataclass
class TaskEntry:
    task: Task
    lead_units: list
    item: EvaluationItem | None
    last: Consolidation | None  # the latest consolidated report sent
    proposed: str

    @property
    def proposed_label(self) -> str:
        return str(EvaluationItem.Result(self.proposed).label)


def proposed_result(last: Consolidation | None) -> str:
    """What the last consolidated report suggests: done (or 100%) → completed; 80% or more →
    mostly completed; otherwise not completed. The office decides."""
    if last is None:
        return EvaluationItem.Result.NOT_COMPLETED
    if last.self_status == SelfStatus.DONE or last.progress_pct == 100:
        return EvaluationItem.Result.COMPLETED
    if last.progress_pct is not None and last.progress_pct >= 80:
        return EvaluationItem.Result.MOSTLY
    return EvaluationItem.Result.NOT_COMPLETED


def _last_consolidations(plan: Plan) -> dict[int, Consolidation]:
    latest: dict[int, Consolidation] = {}
    for c in (
        Consolidation.objects.filter(period__plan=plan, status__in=list(Consolidation.SENT))
        .select_related("period")
        .order_by("task_id", "-period__end", "-id")
    ):
        latest.setdefault(c.task_id, c)
    return latest


def tasks_of(plan: Plan) -> tuple[list[Task], dict[int, list]]:
    """The plan's tasks in force with their lead units: 2 queries."""
    tasks = list(
        Task.objects.filter(plan=plan, active=True)
        .select_related("section")
        .defer("text", "units_raw")
        .order_by("order", "id")
    )
    leads: dict[int, list] = {}
    for a in (
        Assignment.objects.filter(task__in=tasks, role=Assignment.Role.LEAD, active=True)
        .select_related("unit")
        .order_by("task_id", "order")
    ):
        leads.setdefault(a.task_id, []).append(a.unit)
    return tasks, leads


def evaluation_data(*, viewer, plan: Plan, today: dt.date | None = None) -> dict[str, Any]:
    """The final evaluation page and its document: each target's outcome (from
    indicators.outcome — the one source) with the office's evidence and assessment, each task
    with the result proposed from its last consolidated report and the office's judgement,
    the rounds and the successor. Queries: the evaluation (1), outcomes (4), items (1), tasks
    and lead units (2), last consolidations (1), carried tasks (1), the cycle and periods (2)."""
    if not permissions.can_view_evaluation(viewer, plan):
        raise NotFound()
    today = today or timezone.localdate()
    evaluation = FinalEvaluation.objects.filter(plan=plan).select_related("successor").first()
    goals = indicators.plan_outcomes(viewer=viewer, plan=plan, today=today)
    target_year = max((g.goal.target_year for g in goals if g.goal.target_year), default=None)
    if target_year is None:
        target_year = indicators.target_year_of(plan)
    items_by_goal, items_by_task = {}, {}
    if evaluation is not None:
        for item in evaluation.items.all():
            if item.goal_id:
                items_by_goal[item.goal_id] = item
            else:
                items_by_task[item.task_id] = item
    targets = [
        TargetEntry(
            goal=g.goal,
            outcome=g.outcome,
            item=items_by_goal.get(g.goal.pk),
            value_text=g.value_text,
            target_text=g.target_text,
            gap_text=g.gap_text,
        )
        for g in goals
    ]
    tasks, leads = tasks_of(plan)
    last = _last_consolidations(plan)
    task_entries = [
        TaskEntry(
            task=t,
            lead_units=leads.get(t.pk, []),
            item=items_by_task.get(t.pk),
            last=last.get(t.pk),
            proposed=proposed_result(last.get(t.pk)),
        )
        for t in tasks
    ]
    carried = list(
        CarriedTask.objects.filter(from_task__plan=plan).select_related("to_task", "to_task__plan")
    )
    cycle = status.cycle_of(plan)
    periods = status.periods_of(plan)
    end = dt.date(target_year, 12, 31) if target_year else None
    later = [p for p in periods if not p.is_adhoc and end is not None and p.start > end]
    over = outcomes.year_over(target_year, today)
    return {
        "plan": plan,
        "evaluation": evaluation,
        "target_year": target_year,
        "over": over,
        "targets": targets,
        "tasks": task_entries,
        "carried": carried,
        "cycle": cycle,
        "rounds_end": end,
        "later_periods": later,
        "rounds_open": bool(later)
        or (cycle is not None and (cycle.ends_on is None or (end and cycle.ends_on > end))),
        "can_evaluate": permissions.can_evaluate(viewer, plan),
        "achieved": sum(1 for t in targets if t.outcome.state == outcomes.ACHIEVED),
        "not_achieved": sum(1 for t in targets if t.outcome.state == outcomes.NOT_ACHIEVED),
        "awaiting": sum(1 for t in targets if t.outcome.state == outcomes.AWAITING_DATA),
        "open_tasks": [
            t for t in task_entries if t.item is not None and t.item.result in EvaluationItem.OPEN
        ],
        "provisional": any(t.outcome.provisional for t in targets),
        "demo": plan.is_demo
        or (evaluation is not None and evaluation.is_demo)
        or any(t.outcome.is_demo for t in targets),
        "today": today,
    }


def successor_choices(*, viewer, plan: Plan) -> list[Plan]:
    """Plans of the same region the office may name as the successor (not this plan, not
    one it succeeded)."""
    if not permissions.can_evaluate(viewer, plan):
        return []
    return list(
        Plan.objects.filter(region=plan.region, status=Plan.Status.ACTIVE)
        .exclude(pk=plan.pk)
        .order_by("-issued_on", "-id")
    )


def get_item_for_user(*, viewer, pk) -> EvaluationItem:
    try:
        item = EvaluationItem.objects.select_related("evaluation__plan").get(pk=pk)
    except (EvaluationItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not permissions.can_view_evaluation(viewer, item.evaluation.plan):
        raise NotFound()
    return item


def get_evaluation(*, viewer, plan: Plan) -> FinalEvaluation:
    if not permissions.can_view_evaluation(viewer, plan):
        raise NotFound()
    evaluation = FinalEvaluation.objects.filter(plan=plan).first()
    if evaluation is None:
        raise NotFound()
    return evaluation
