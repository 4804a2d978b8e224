"""Plan hierarchy: a plan's parent plan and the parent-plan task a task implements."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans import permissions
from luoshi.plans.models import (
    Plan,
    Task,
)

# --- Hierarchy -----------------------------------------------------------------------------------------


def _ancestors(plan: Plan | None) -> set[int]:
    seen: set[int] = set()
    while plan is not None and plan.pk not in seen:
        seen.add(plan.pk)
        plan = plan.parent
    return seen


@transaction.atomic
def plan_set_parent(*, actor, plan: Plan, parent: Plan | None) -> Plan:
    """Name the higher-level plan this one implements (province → city → county)."""
    if actor is not None and not permissions.can_link_parent(actor, plan):
        raise PermissionDenied(
            _("Only the plan's coordinating office may link it to a parent plan.")
        )
    if parent is not None and plan.pk in _ancestors(parent):
        raise ValidationFailed(_("A plan cannot implement itself or one of its own sub-plans."))
    before = snapshot(plan)
    plan.parent = parent
    plan.save(update_fields=["parent"])
    if parent is None:
        Task.objects.filter(plan=plan, parent_task__isnull=False).update(parent_task=None)
    else:
        Task.objects.filter(plan=plan, parent_task__isnull=False).exclude(
            parent_task__plan=parent
        ).update(parent_task=None)
    audit(
        actor=actor,
        action="update",
        obj=plan,
        before=before,
        after=snapshot(plan),
        verb="link_parent",
    )
    return plan


@transaction.atomic
def task_link_parent(*, actor, task: Task, parent_task: Task | None) -> Task:
    """Link a task to the task of the parent plan it implements (or unlink with None)."""
    if actor is not None and not permissions.can_link_task_parent(actor, task):
        raise PermissionDenied(
            _("Only the plan's coordinating office may link its tasks to a parent plan.")
        )
    if parent_task is not None:
        if task.plan.parent_id is None:
            raise ValidationFailed(_("Name the plan's parent plan first."))
        if parent_task.plan_id != task.plan.parent_id:
            raise ValidationFailed(
                _("Choose a task of the parent plan “%(plan)s”.")
                % {"plan": task.plan.parent.title},
                errors={"parent_task": [_("Not a task of the parent plan.")]},
            )
    before = snapshot(task)
    task.parent_task = parent_task
    task.save(update_fields=["parent_task"])
    audit(
        actor=actor,
        action="update",
        obj=task,
        before=before,
        after=snapshot(task),
        verb="link_parent",
    )
    return task
