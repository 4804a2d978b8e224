"""The end of a plan: the final evaluation, closing the regular rounds after the target
year, and a successor plan that inherits the open tasks with their units."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.assessment import permissions
from luoshi.assessment.models import CarriedTask, EvaluationItem, FinalEvaluation
from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.indicators import outcome as outcomes
from luoshi.indicators.models import Goal
from luoshi.indicators.selectors import target_year_of
from luoshi.plans.models import Assignment, Chapter, Plan, Section, Task
from luoshi.supervision import services as supervision
from luoshi.supervision.status import cycle_of


def _require(actor, plan: Plan) -> None:
    if actor is not None and not permissions.can_evaluate(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))


def _require_draft(evaluation: FinalEvaluation) -> None:
    if evaluation.locked:
        raise ValidationFailed(_("The final evaluation is final and can no longer change."))


def _target_year(plan: Plan) -> int:
    year = target_year_of(plan)
    if year is None:
        raise ValidationFailed(_("The plan has no target year: link its targets first."))
    return year


@transaction.atomic
def evaluation_start(
    *, actor, plan: Plan, today: dt.date | None = None, is_demo: bool = False
) -> FinalEvaluation:
    """Open the final evaluation once the plan's target year is over: one item per
    monitored target and per task in force, the tasks' results proposed from their last
    consolidated report."""
    from luoshi.assessment.selectors.evaluation import _last_consolidations, proposed_result

    _require(actor, plan)
    today = today or timezone.localdate()
    year = _target_year(plan)
    if not outcomes.year_over(year, today):
        raise ValidationFailed(
            _("The plan's target year %(year)s is not over yet.") % {"year": year}
        )
    evaluation, created = FinalEvaluation.objects.get_or_create(
        plan=plan, defaults={"created_by": actor_or_none(actor), "is_demo": is_demo}
    )
    if not created:
        return evaluation
    last = _last_consolidations(plan)
    items = [
        EvaluationItem(evaluation=evaluation, goal_id=pk)
        for pk in Goal.objects.filter(plan=plan)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    ] + [
        EvaluationItem(evaluation=evaluation, task_id=pk, result=proposed_result(last.get(pk)))
        for pk in Task.objects.filter(plan=plan, active=True)
        .order_by("order", "id")
        .values_list("pk", flat=True)
    ]
    EvaluationItem.objects.bulk_create(items)
    audit(actor=actor, action="create", obj=evaluation, extra={"items": len(items)})
    return evaluation


@transaction.atomic
def evaluation_item_save(
    *, actor, item: EvaluationItem, result: str = "", evidence: str = "", assessment: str = ""
) -> EvaluationItem:
    """The office's evidence and assessment of a target or task, and a task's result (a
    target's result is its outcome and is not typed in)."""
    evaluation = item.evaluation
    _require(actor, evaluation.plan)
    _require_draft(evaluation)
    before = snapshot(item)
    if item.task_id:
        if result not in EvaluationItem.Result.values:
            raise ValidationFailed(
                _("Choose a result."), errors={"result": [_("Choose a result.")]}
            )
        item.result = result
    item.evidence = (evidence or "").strip()[:5000]
    item.assessment = (assessment or "").strip()[:5000]
    item.updated_by = actor_or_none(actor)
    item.save()
    audit(actor=actor, action="update", obj=item, before=before, after=snapshot(item))
    return item


@transaction.atomic
def evaluation_summary_save(*, actor, evaluation: FinalEvaluation, summary: str) -> FinalEvaluation:
    _require(actor, evaluation.plan)
    _require_draft(evaluation)
    before = snapshot(evaluation)
    evaluation.summary = (summary or "").strip()[:20000]
    evaluation.save()
    audit(actor=actor, action="update", obj=evaluation, before=before, after=snapshot(evaluation))
    return evaluation


@transaction.atomic
def evaluation_finalise(*, actor, evaluation: FinalEvaluation) -> FinalEvaluation:
    """Draft → final, once there is an overall assessment and every task has a result."""
    _require(actor, evaluation.plan)
    _require_draft(evaluation)
    missing = evaluation.items.filter(task__isnull=False, result="").count()
    if missing or not evaluation.summary.strip():
        raise ValidationFailed(
            _("Write the overall assessment and give every task a result first.")
        )
    before = snapshot(evaluation)
    evaluation.state = FinalEvaluation.State.FINAL
    evaluation.finalised_at = timezone.now()
    evaluation.finalised_by = actor_or_none(actor)
    evaluation.save()
    audit(
        actor=actor,
        action="update",
        obj=evaluation,
        before=before,
        after=snapshot(evaluation),
        verb="finalise",
    )
    return evaluation


@transaction.atomic
def rounds_close(*, actor, plan: Plan, today: dt.date | None = None) -> dict:
    """Close the plan's regular reporting rounds at the end of its target year: the cycle
    ends then (no more periods are generated) and later periods in which nothing was sent
    are removed. Ad-hoc rounds are the office's own and stay."""
    _require(actor, plan)
    today = today or timezone.localdate()
    year = _target_year(plan)
    if not outcomes.year_over(year, today):
        raise ValidationFailed(
            _("The plan's target year %(year)s is not over yet.") % {"year": year}
        )
    end = dt.date(year, 12, 31)
    if cycle_of(plan) is not None:
        supervision.cycle_save(actor=actor, plan=plan, ends_on=end, today=today)
    result = supervision.periods_remove_after(actor=actor, plan=plan, after=end)
    evaluation = FinalEvaluation.objects.filter(plan=plan).first()
    if evaluation is not None:
        before = snapshot(evaluation)
        evaluation.rounds_closed_on = end
        evaluation.save()
        audit(
            actor=actor, action="update", obj=evaluation, before=before, after=snapshot(evaluation)
        )
    return {"end": end, **result}


def _carried_chapter(successor: Plan, plan: Plan) -> Chapter:
    title = _("Tasks carried over from “%(plan)s”") % {"plan": plan.title}
    chapter = Chapter.objects.filter(plan=successor, title=title[:200]).first()
    if chapter is None:
        order = (Chapter.objects.filter(plan=successor).aggregate(m=Max("order"))["m"] or 0) + 1
        chapter = Chapter.objects.create(plan=successor, title=title[:200], order=order)
    return chapter


@transaction.atomic
def successor_link(
    *, actor, evaluation: FinalEvaluation, successor: Plan | None = None, title: str = ""
) -> Plan:
    """Name the plan that follows this one — an existing plan of the same region, or a new
    one with `title` — and carry the open tasks (results other than completed) into it,
    each with its lead, cooperating and involved units. Tasks already carried stay once."""
    plan = evaluation.plan
    _require(actor, plan)
    if not evaluation.locked:
        raise ValidationFailed(_("Finalise the evaluation first: it decides which tasks are open."))
    if successor is not None and (successor.pk == plan.pk or successor.region_id != plan.region_id):
        raise ValidationFailed(_("Choose another plan of the same region."))
    if successor is None:
        title = (title or "").strip()
        if not title:
            raise ValidationFailed(
                _("Name the successor plan."), errors={"title": [_("This field is required.")]}
            )
        successor = Plan.objects.create(
            region=plan.region,
            title=title[:200],
            issuer=plan.issuer,
            coordinating_unit=plan.coordinating_unit,
            parent=plan.parent,
            is_demo=plan.is_demo,
            created_by=actor_or_none(actor),
        )
        audit(actor=actor, action="create", obj=successor, verb="successor_create")
    open_ids = list(
        evaluation.items.filter(task__isnull=False, result__in=list(EvaluationItem.OPEN))
        .order_by("task__order", "task_id")
        .values_list("task_id", flat=True)
    )
    already = set(
        CarriedTask.objects.filter(from_task_id__in=open_ids, to_task__plan=successor).values_list(
            "from_task_id", flat=True
        )
    )
    tasks = list(
        Task.objects.filter(pk__in=[t for t in open_ids if t not in already])
        .select_related("section")
        .order_by("order", "id")
    )
    carried = []
    if tasks:
        chapter = _carried_chapter(successor, plan)
        sections: dict[str, Section] = {s.title: s for s in chapter.sections.all()}
        base = (Task.objects.filter(plan=successor).aggregate(m=Max("order"))["m"] or 0) + 1
        assignments = list(
            Assignment.objects.filter(task__in=tasks, active=True).order_by("task_id", "order")
        )
        for i, task in enumerate(tasks):
            section = None
            if task.section is not None:
                section = sections.get(task.section.title)
                if section is None:
                    section = Section.objects.create(
                        chapter=chapter,
                        number=task.section.number,
                        title=task.section.title,
                        order=len(sections),
                    )
                    sections[section.title] = section
            copy = Task.objects.create(
                plan=successor,
                chapter=chapter,
                section=section,
                number=task.number,
                title=task.title,
                text=task.text,
                order=base + i,
                roles_rule=task.roles_rule,
                roles_confidence=task.roles_confidence,
                units_raw=task.units_raw,
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(
                        task=copy,
                        unit_id=a.unit_id,
                        role=a.role,
                        via_group_id=a.via_group_id,
                        source_name=a.source_name,
                        order=a.order,
                    )
                    for a in assignments
                    if a.task_id == task.pk
                ]
            )
            carried.append(
                CarriedTask.objects.create(
                    from_task=task, to_task=copy, carried_by=actor_or_none(actor)
                )
            )
            audit(
                actor=actor, action="create", obj=copy, verb="carry_over", extra={"from": task.pk}
            )
    before = snapshot(evaluation)
    evaluation.successor = successor
    evaluation.save()
    audit(
        actor=actor,
        action="update",
        obj=evaluation,
        before=before,
        after=snapshot(evaluation),
        verb="successor_link",
        extra={"carried": len(carried)},
    )
    return successor
