"""Editing a plan after its import: a task's text, units and deadline; tasks added by hand
(a document whose lists were attachments) and removed. Every change is audited with the
plan's id, so the revision history lists it beside the imported versions."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.org.models import Unit
from luoshi.plans import permissions
from luoshi.plans.models import Assignment, Plan, Section, Task

EDIT_VERBS = ("task_edit", "task_add", "task_remove")
_FIELDS = ["number", "title", "text", "deadline_text", "section", "active"]


def _require_office(actor, plan: Plan) -> None:
    if actor is not None and not permissions.can_import_plan(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may edit it."))


def _units_of(task: Task) -> dict[str, list[str]]:
    """The task's lead and cooperating units by name (the audit trail reads them as is)."""
    rows = list(task.assignments.filter(active=True).select_related("unit").order_by("order", "id"))
    return {
        f"{role}_units": [a.unit.display_name for a in rows if a.role == role]
        for role in (Assignment.Role.LEAD, Assignment.Role.COOPERATING)
    }


def _check(plan: Plan, title: str, lead: list[Unit], cooperating: list[Unit]) -> None:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("This field is required.")]
    if not lead:
        errors["lead"] = [_("Choose at least one lead unit.")]
    if any(u.region_id != plan.region_id or u.is_group for u in [*lead, *cooperating]):
        errors["lead"] = [_("Choose units of the plan's directory.")]
    if {u.pk for u in lead} & {u.pk for u in cooperating}:
        errors["cooperating"] = [_("A unit cannot both lead and cooperate.")]
    if errors:
        raise ValidationFailed(_("Please correct the task."), errors=errors)


def _set_units(task: Task, lead: list[Unit], cooperating: list[Unit]) -> None:
    """Lead and cooperating assignments as chosen; units involved by a rule stay involved
    unless they now lead or cooperate."""
    chosen = {u.pk: Assignment.Role.LEAD for u in lead}
    chosen.update({u.pk: Assignment.Role.COOPERATING for u in cooperating})
    existing = {a.unit_id: a for a in task.assignments.all()}
    order = 0
    for unit in [*lead, *cooperating]:
        role = chosen[unit.pk]
        row = existing.get(unit.pk)
        if row is None:
            Assignment.objects.create(
                task=task, unit=unit, role=role, source_name=unit.display_name[:120], order=order
            )
        elif (row.role, row.active, row.order) != (role, True, order):
            row.role, row.active, row.order = role, True, order
            row.save(update_fields=["role", "active", "order"])
        order += 1
    for unit_id, row in existing.items():
        if unit_id in chosen or not row.active:
            continue
        if row.role in (Assignment.Role.LEAD, Assignment.Role.COOPERATING):
            row.active = False
            row.save(update_fields=["active"])
    raw = dict(task.units_raw or {})
    raw["lead"] = [u.display_name for u in lead]
    raw["cooperating"] = [u.display_name for u in cooperating]
    task.units_raw = raw
    task.save(update_fields=["units_raw"])


@transaction.atomic
def task_update(
    *,
    actor,
    task: Task,
    title: str,
    text: str = "",
    deadline_text: str = "",
    lead: list[Unit],
    cooperating: list[Unit] = (),
) -> Task:
    plan = task.plan
    _require_office(actor, plan)
    _check(plan, title, lead, list(cooperating))
    before = {**snapshot(task, _FIELDS), **_units_of(task)}
    task.title = title.strip()[:300]
    task.text = (text or "").strip()
    task.deadline_text = (deadline_text or "").strip()[:100]
    task.save(update_fields=["title", "text", "deadline_text"])
    _set_units(task, lead, list(cooperating))
    after = {**snapshot(task, _FIELDS), **_units_of(task)}
    if before != after:
        audit(
            actor=actor,
            action="update",
            obj=task,
            before=before,
            after=after,
            verb="task_edit",
            extra={"plan": plan.pk},
        )
    return task


@transaction.atomic
def task_add(
    *,
    actor,
    plan: Plan,
    title: str,
    text: str = "",
    deadline_text: str = "",
    lead: list[Unit],
    cooperating: list[Unit] = (),
    section: Section | None = None,
) -> Task:
    """A task entered by hand, numbered after the plan's last one."""
    _require_office(actor, plan)
    _check(plan, title, lead, list(cooperating))
    if section is not None and section.chapter.plan_id != plan.pk:
        raise ValidationFailed(_("Choose a task group of this plan."))
    numbers = [int(n) for n in plan.tasks.values_list("number", flat=True) if str(n).isdigit()]
    last = plan.tasks.aggregate(m=Max("order"))["m"]
    task = Task.objects.create(
        plan=plan,
        chapter=section.chapter if section else None,
        section=section,
        number=str(max(numbers, default=0) + 1),
        title=title.strip()[:300],
        text=(text or "").strip(),
        deadline_text=(deadline_text or "").strip()[:100],
        order=(last + 1) if last is not None else 0,
        roles_rule="",
    )
    _set_units(task, lead, list(cooperating))
    audit(
        actor=actor,
        action="create",
        obj=task,
        after={**snapshot(task, _FIELDS), **_units_of(task)},
        verb="task_add",
        extra={"plan": plan.pk},
    )
    return task


@transaction.atomic
def task_remove(*, actor, task: Task) -> Task:
    """Take a task out of the plan in force (kept with active=False, like a revision does)."""
    _require_office(actor, task.plan)
    if not task.active:
        return task
    before = snapshot(task, _FIELDS)
    task.active = False
    task.save(update_fields=["active"])
    audit(
        actor=actor,
        action="update",
        obj=task,
        before=before,
        after=snapshot(task, _FIELDS),
        verb="task_remove",
        extra={"plan": task.plan_id},
    )
    return task
