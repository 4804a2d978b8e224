"""Leaders' instructions (批示) and the office's supervision notices (督办单)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Task
from luoshi.supervision import permissions
from luoshi.supervision.models import Instruction, Period, SupervisionNotice
from luoshi.supervision.services.content import MAX_TEXT
from luoshi.supervision.services.notify import notify, office_users, unit_users

# -- instructions -----------------------------------------------------------------------


@transaction.atomic
def instruction_add(
    *, actor, task: Task, text: str, units: list[Unit] | None = None, period: Period | None = None
) -> Instruction:
    """A leader's instruction on a task. By default the lead and cooperating units must answer."""
    if not permissions.can_instruct(actor, task):
        raise PermissionDenied(_("Only a leader may add an instruction."))
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            _("Write the instruction."), errors={"text": [_("This field is required.")]}
        )
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            _("At most %(n)s characters.") % {"n": MAX_TEXT}, errors={"text": [_("Too long.")]}
        )
    responsible = dict(
        Assignment.objects.filter(task=task, active=True).values_list("unit_id", "role")
    )
    if units:
        unit_ids = [u.pk for u in units]
        if any(pk not in responsible for pk in unit_ids):
            raise ValidationFailed(
                _("Address the instruction to units responsible for the task."),
                errors={"units": [_("Not responsible for the task.")]},
            )
    else:
        unit_ids = [pk for pk, role in responsible.items() if role != Assignment.Role.IMPLICIT]
    instruction = Instruction.objects.create(
        task=task, period=period, text=text, author=actor_or_none(actor), created_at=timezone.now()
    )
    instruction.units.set(unit_ids)
    audit(
        actor=actor,
        action="create",
        obj=instruction,
        verb="instruction_add",
        extra={"units": unit_ids},
    )
    notify(
        unit_users(unit_ids),
        "instruction_added",
        {"task": task.number, "text": text[:200]},
        reverse("supervision:task_timeline", args=[task.pk]),
    )
    return instruction


# -- supervision notices ------------------------------------------------------------------


def next_level(*, task: Task, unit: Unit) -> str:
    """Blue for a first notice on the task to the unit, then yellow, then red."""
    last = (
        SupervisionNotice.objects.filter(task=task, unit=unit)
        .order_by("-issued_at", "-id")
        .values_list("level", flat=True)
        .first()
    )
    return SupervisionNotice.NEXT_LEVEL[SupervisionNotice.Level(last) if last else None]


def _notice_url(notice: SupervisionNotice) -> str:
    return reverse("supervision:notice_detail", args=[notice.pk])


def _notice_params(notice: SupervisionNotice) -> dict:
    return {
        "number": notice.number,
        "level": notice.level,
        "task": notice.task.number,
        "unit": str(notice.unit),
        "due": notice.answer_by.isoformat(),
    }


@transaction.atomic
def notice_issue(
    *,
    actor,
    task: Task,
    unit: Unit,
    reason: str,
    answer_by: dt.date,
    level: str | None = None,
    period: Period | None = None,
    today: dt.date | None = None,
) -> SupervisionNotice:
    """Issue a 督办单 to a unit on a task; the level escalates from its last notice."""
    plan = task.plan
    if not permissions.can_issue_notice(actor, plan):
        raise PermissionDenied(
            _("Only the plan's coordinating office may issue supervision notices.")
        )
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("This field is required.")]
    if answer_by < today:
        errors["answer_by"] = [_("The answer cannot be due in the past.")]
    if not Assignment.objects.filter(task=task, unit=unit, active=True).exists():
        errors["unit"] = [_("This unit is not responsible for the task.")]
    if level and level not in SupervisionNotice.Level.values:
        errors["level"] = [_("Choose a level.")]
    if errors:
        raise ValidationFailed(_("Please correct the supervision notice."), errors=errors)
    if SupervisionNotice.objects.filter(
        task=task, unit=unit, status__in=SupervisionNotice.OPEN
    ).exists():
        raise ValidationFailed(
            _("The unit has an open supervision notice on this task; wait for its answer.")
        )
    previous = (
        SupervisionNotice.objects.filter(task=task, unit=unit).order_by("-issued_at", "-id").first()
    )
    level = level or next_level(task=task, unit=unit)
    year = today.year
    sequence = SupervisionNotice.objects.filter(plan=plan, issued_at__year=year).count() + 1
    while SupervisionNotice.objects.filter(plan=plan, number=_number(year, sequence)).exists():
        sequence += 1
    notice = SupervisionNotice.objects.create(
        plan=plan,
        task=task,
        unit=unit,
        period=period,
        previous=previous,
        number=_number(year, sequence),
        level=level,
        reason=reason[:MAX_TEXT],
        answer_by=answer_by,
        issued_at=timezone.now(),
        issued_by=actor_or_none(actor),
    )
    audit(actor=actor, action="create", obj=notice, verb="notice_issue")
    notify(unit_users([unit.pk]), "notice_issued", _notice_params(notice), _notice_url(notice))
    return notice


def _number(year: int, sequence: int) -> str:
    # The document number as the office writes it: 督办〔2025〕3号.
    return f"督办〔{year}〕{sequence}号"


def _transition(
    actor, notice: SupervisionNotice, check, status: str, verb: str, **fields
) -> SupervisionNotice:
    notice = (
        SupervisionNotice.objects.select_for_update()
        .select_related("plan", "task", "unit")
        .get(pk=notice.pk)
    )
    if not check(actor, notice):
        if status not in SupervisionNotice.TRANSITIONS[SupervisionNotice.Status(notice.status)]:
            raise ValidationFailed(
                _("This supervision notice is %(status)s.")
                % {"status": notice.get_status_display()}
            )
        raise PermissionDenied(_("You may not do this with this supervision notice."))
    before = snapshot(notice)
    notice.status = status
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.save()
    audit(
        actor=actor, action="action", obj=notice, before=before, after=snapshot(notice), verb=verb
    )
    return notice


@transaction.atomic
def notice_sign(*, actor, notice: SupervisionNotice) -> SupervisionNotice:
    """签收: the unit acknowledges the notice."""
    return _transition(
        actor,
        notice,
        permissions.can_sign_notice,
        SupervisionNotice.Status.SIGNED,
        "notice_sign",
        signed_at=timezone.now(),
        signed_by=actor_or_none(actor),
    )


@transaction.atomic
def notice_answer(*, actor, notice: SupervisionNotice, text: str) -> SupervisionNotice:
    """The unit's answer: what it did about the task."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            _("Write the answer."), errors={"answer": [_("This field is required.")]}
        )
    notice = _transition(
        actor,
        notice,
        permissions.can_answer_notice,
        SupervisionNotice.Status.ANSWERED,
        "notice_answer",
        answer=text[:MAX_TEXT],
        answered_at=timezone.now(),
        answered_by=actor_or_none(actor),
    )
    notify(
        office_users(notice.plan), "notice_answered", _notice_params(notice), _notice_url(notice)
    )
    return notice


@transaction.atomic
def notice_close(*, actor, notice: SupervisionNotice) -> SupervisionNotice:
    """销号: the office accepts the answer and closes the notice."""
    return _transition(
        actor,
        notice,
        permissions.can_close_notice,
        SupervisionNotice.Status.CLOSED,
        "notice_close",
        closed_at=timezone.now(),
    )
