"""Unit reports: drafts (autosaved, version-checked), sign-off, attachments, answers to
instructions, and the office's review."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.roles import Role
from luoshi.plans.models import Assignment, Task
from luoshi.supervision import permissions, rules
from luoshi.supervision.models import (
    Instruction,
    InstructionAnswer,
    Milestone,
    Period,
    ReportVersion,
    UnitReport,
)
from luoshi.supervision.queries import pending_instructions
from luoshi.supervision.services.content import (
    MAX_TEXT,
    actor_id,
    clean_content,
    content_snapshot,
    report_params,
    report_url,
    save_quantities,
)
from luoshi.supervision.services.notify import notify, unit_users

# -- instructions the unit must answer ----------------------------------------------------


@transaction.atomic
def instruction_answer(
    *, actor, instruction: Instruction, report: UnitReport, text: str
) -> InstructionAnswer | None:
    """The unit's answer to a leader's instruction, given in its report (kept with the draft)."""
    if not permissions.can_edit_report(actor, report):
        raise PermissionDenied(_("You may not change this report."))
    if (
        instruction.task_id != report.task_id
        or not instruction.units.filter(pk=report.unit_id).exists()
    ):
        raise ValidationFailed(_("This instruction is not addressed to your unit."))
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed(_("At most %(n)s characters.") % {"n": MAX_TEXT})
    existing = InstructionAnswer.objects.filter(
        instruction=instruction, unit_id=report.unit_id
    ).first()
    if (
        existing is not None
        and existing.report_id != report.pk
        and existing.report.status in UnitReport.SENT
    ):
        raise ValidationFailed(_("Your unit has already answered this instruction."))
    return _store_answer(actor, instruction, report, text, existing=existing)


def _store_answer(actor, instruction: Instruction, report: UnitReport, text: str, existing=False):
    """Write, change or (for an empty text) remove the unit's answer kept with `report`."""
    if existing is False:
        existing = InstructionAnswer.objects.filter(
            instruction=instruction, unit_id=report.unit_id
        ).first()
    if not text:
        if existing is not None and existing.report_id == report.pk:
            audit(
                actor=actor,
                action="delete",
                obj=existing,
                before=snapshot(existing),
                verb="instruction_answer",
            )
            existing.delete()
        return None
    if existing is not None and existing.text == text and existing.report_id == report.pk:
        return existing
    before = snapshot(existing) if existing else None
    answer = existing or InstructionAnswer(instruction=instruction, unit_id=report.unit_id)
    answer.report = report
    answer.text = text
    answer.answered_at = timezone.now()
    answer.answered_by = actor_or_none(actor)
    answer.save()
    audit(
        actor=actor,
        action="update" if before else "create",
        obj=answer,
        before=before,
        after=snapshot(answer),
        verb="instruction_answer",
    )
    return answer


# -- drafts -----------------------------------------------------------------------------


def locked_report(period: Period, task: Task, unit_id: int) -> UnitReport | None:
    return (
        UnitReport.objects.select_for_update()
        .select_related("period__plan", "task", "unit")
        .filter(period=period, task=task, unit_id=unit_id)
        .first()
    )


def _check_milestones(task: Task, unit_id: int, ids: list[int]) -> list[int]:
    try:
        wanted = sorted({int(i) for i in ids})
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("Unknown milestone."), errors={"milestones_done": [_("Unknown milestone.")]}
        ) from exc
    if not wanted:
        return []
    found = set(
        Milestone.objects.filter(pk__in=wanted, task=task, owner_id=unit_id).values_list(
            "pk", flat=True
        )
    )
    if found != set(wanted):
        raise ValidationFailed(
            _("A milestone you ticked is not your unit's on this task."),
            errors={"milestones_done": [_("Unknown milestone.")]},
        )
    return wanted


def _stale(report: UnitReport) -> Conflict:
    return Conflict(
        _(
            "Someone else saved this report while you were editing it. Your text is kept below: "
            "merge it with theirs and save again."
        ),
        current=report,
    )


def _require_answers(pending: list[Instruction], answered: dict[int, str]) -> None:
    if any(not answered.get(i.pk, "").strip() for i in pending):
        raise ValidationFailed(
            _("Answer the leader's instruction(s) before signing off."),
            errors={"answers": [_("An answer is required.")]},
        )


def _write_report(
    actor,
    period: Period,
    task: Task,
    version: int,
    content: dict[str, Any],
    answers,
    *,
    submit: bool,
):
    """One validated write of the actor's unit's report: an INSERT or an UPDATE. With
    `submit`, the same write signs the report off, after the sign-off checks.

    Returns (report, before, figures, signed): `figures` the report's figures after the
    write, `signed` the submitted version's row when the write signed the report off.
    """
    assignment = permissions.unit_assignment(actor, task)
    if assignment is None or not permissions.can_write_report(actor, period, task, assignment.role):
        raise PermissionDenied(_("Your unit does not report on this task in this period."))
    milestones_done = content.pop("milestones_done", None) or []
    values, rows = clean_content(**content)
    values["milestones_done"] = _check_milestones(task, actor.unit_id, milestones_done)
    report = locked_report(period, task, actor.unit_id)
    if report is None and version not in (0, None):
        raise Conflict(_("This report was removed while you were editing it."))
    if report is not None:
        if not report.editable:
            raise ValidationFailed(
                _("This report is %(status)s and can no longer be changed.")
                % {"status": report.get_status_display().lower()}
            )
        if report.version != version:
            raise _stale(report)
    pending = (
        pending_instructions(task=task, unit_id=actor.unit_id, report=report)
        if answers or submit
        else []
    )
    answered = {}
    if report is not None and pending:
        answered = {a.instruction_id: a.text for a in report.instruction_answers.all()}
    answered.update({pk: (text or "").strip() for pk, text in (answers or {}).items()})
    if any(len(text) > MAX_TEXT for text in answered.values()):
        raise ValidationFailed(
            _("At most %(n)s characters.") % {"n": MAX_TEXT}, errors={"answers": [_("Too long.")]}
        )
    answered = {i.pk: answered.get(i.pk, "") for i in pending}
    if submit:
        probe = report or UnitReport(period=period, task=task, unit_id=actor.unit_id)
        if not permissions.can_sign_off_report(actor, probe):
            raise PermissionDenied(_("Only your unit's approver may sign off this report."))
        _require_content(values["work_done"], values["nothing_new"])
        _require_answers(pending, answered)
    new = report is None
    before = None
    if new:
        report = UnitReport(period=period, task=task, unit=assignment.unit)
    else:
        before = snapshot(report)
    for name, value in values.items():
        setattr(report, name, value)
    now = timezone.now()
    signed = None
    if submit:
        # Figures as they will be stored: the same content whether or not they changed.
        attachments = [] if new else [a.original_name for a in report.attachments.all()]
        content = rules.report_content(report, rows, attachments, answered)
        signed = rules.report_sign_off(report, by=actor_id(actor), at=now, content=content, new=new)
    else:
        rules.report_save(report, by=actor_id(actor), at=now, new=new)
    if new:
        try:
            with transaction.atomic():
                report.save(force_insert=True)
        except IntegrityError as exc:
            raise Conflict(
                _("Someone in your unit started this report at the same time."),
                current=locked_report(period, task, actor.unit_id),
            ) from exc
    else:
        report.save()
    figures = save_quantities(report, rows, new=before is None)
    for instruction in pending:
        if answers is not None and instruction.pk in answers:
            _store_answer(actor, instruction, report, answered[instruction.pk])
    return report, before, figures, signed


@transaction.atomic
def report_save_draft(
    *,
    actor,
    period: Period,
    task: Task,
    version: int,
    answers: dict[int, str] | None = None,
    **content,
) -> UnitReport:
    """Save the actor's unit's report on `task` in `period` as typed (the autosave).

    `content`: work_done, problems, next_steps, self_status, progress_pct, nothing_new,
    quantities, milestones_done (see clean_content). `version` is the version the editor
    loaded (0 for a report not yet started); when the stored report has moved on, Conflict
    is raised with the stored report and nothing is written, so the caller can show both
    texts to merge.
    """
    report, before, figures, _signed = _write_report(
        actor, period, task, version, content, answers, submit=False
    )
    audit(
        actor=actor,
        action="update" if before else "create",
        obj=report,
        before=before,
        after=snapshot(report),
        verb="report_save_draft",
        extra={"figures": figures.changed} if figures.changed else None,
    )
    return report


def _previous_report(report: UnitReport) -> UnitReport | None:
    return (
        UnitReport.objects.filter(
            task_id=report.task_id,
            unit_id=report.unit_id,
            period__plan_id=report.period.plan_id,
            period__due_date__lt=report.period.due_date,
            status__in=UnitReport.SENT,
        )
        .order_by("-period__due_date")
        .first()
    )


@transaction.atomic
def report_nothing_new(
    *, actor, period: Period, task: Task, version: int | None = None
) -> UnitReport:
    """One click: "nothing new this period". Progress is carried over from the last report.
    An approver's click submits it; a reporter's hands it to the approver for sign-off."""
    unit_role = permissions.unit_role_on_task(actor, task)
    if not permissions.can_write_report(actor, period, task, unit_role):
        raise PermissionDenied(_("Your unit does not report on this task in this period."))
    report = locked_report(period, task, actor.unit_id)
    if report is None:
        report = report_save_draft(
            actor=actor, period=period, task=task, version=0, nothing_new=True
        )
    elif not report.editable:
        raise ValidationFailed(_("This report has already been sent."))
    elif version is not None and report.version != version:
        raise Conflict(
            _("Someone else saved this report in the meantime; reload it first."), current=report
        )
    before = snapshot(report)
    report.nothing_new = True
    previous = _previous_report(report)
    if previous is not None:
        if report.progress_pct is None:
            report.progress_pct = previous.progress_pct
        if not report.self_status:
            report.self_status = previous.self_status
    rules.report_save(report, by=actor_id(actor), at=timezone.now())
    report.save()
    audit(
        actor=actor,
        action="update",
        obj=report,
        before=before,
        after=snapshot(report),
        verb="report_nothing_new",
    )
    if permissions.can_sign_off_report(actor, report):
        return report_sign_off(actor=actor, period=period, task=task, version=report.version)
    return report_hand_in(actor=actor, period=period, task=task, version=report.version)


@transaction.atomic
def report_hand_in(
    *,
    actor,
    period: Period,
    task: Task,
    version: int,
    answers: dict[int, str] | None = None,
    **content,
) -> UnitReport:
    """The reporter's "hand in for sign-off" button: save what the form holds (when `content`
    is given) and hand the report to the unit's approver, in one transaction. Without
    content, the stored draft is handed in as it is."""
    if content or answers:
        report = report_save_draft(
            actor=actor, period=period, task=task, version=version, answers=answers, **content
        )
        version = report.version
    report = locked_report(period, task, getattr(actor, "unit_id", None))
    if report is None:
        raise ValidationFailed(_("Write the report before handing it in."))
    if not permissions.can_hand_in_report(actor, report):
        if report.status == UnitReport.Status.PENDING:
            return report
        raise PermissionDenied(_("You may not hand in this report."))
    if report.version != version:
        raise _stale(report)
    _require_content(report.work_done, report.nothing_new)
    before = snapshot(report)
    rules.report_hand_in(report, by=actor_id(actor), at=timezone.now())
    report.save()
    audit(
        actor=actor,
        action="action",
        obj=report,
        before=before,
        after=snapshot(report),
        verb="report_hand_in",
    )
    notify(
        unit_users([report.unit_id], roles=[Role.APPROVER]),
        "report_pending",
        report_params(report),
        report_url(report),
    )
    return report


def _require_content(work_done: str, nothing_new: bool) -> None:
    if not nothing_new and not work_done.strip():
        raise ValidationFailed(
            _("Describe the work done this period, or choose “Nothing new this period”."),
            errors={"work_done": [_("This field is required.")]},
        )


@transaction.atomic
def report_sign_off(
    *,
    actor,
    period: Period,
    task: Task,
    version: int,
    answers: dict[int, str] | None = None,
    **content,
) -> UnitReport:
    """The unit approver signs the report off: it is submitted to the lead unit and the
    office. With `content` (the editor's "sign off and submit" button) what the form holds
    is saved and signed in one write; without it the stored report is signed as it is."""
    if content or answers:
        report, before, _figures, signed = _write_report(
            actor, period, task, version, content, answers, submit=True
        )
        _after_sign_off(actor, report, before, signed)
        return report
    report = (
        UnitReport.objects.select_for_update()
        .select_related("period__plan", "task", "unit")
        .prefetch_related("quantities", "attachments", "instruction_answers")
        .filter(period=period, task=task, unit_id=getattr(actor, "unit_id", None))
        .first()
    )
    if report is None:
        raise ValidationFailed(_("Write the report before signing it off."))
    if not permissions.can_sign_off_report(actor, report):
        if report.status in UnitReport.SENT:
            raise ValidationFailed(_("This report has already been sent."))
        raise PermissionDenied(_("Only your unit's approver may sign off this report."))
    if report.version != version:
        raise _stale(report)
    _require_content(report.work_done, report.nothing_new)
    answered = {a.instruction_id: a.text for a in report.instruction_answers.all()}
    pending = pending_instructions(task=report.task, unit_id=report.unit_id, report=report)
    _require_answers(pending, answered)
    before = snapshot(report)
    signed = rules.report_sign_off(
        report, by=actor_id(actor), at=timezone.now(), content=content_snapshot(report)
    )
    report.save()
    _after_sign_off(actor, report, before, signed)
    return report


def _after_sign_off(actor, report: UnitReport, before, signed: rules.Row) -> None:
    """What follows every sign-off: ticked milestones are done, the version is kept, the
    event audited, and the lead unit(s) told."""
    if report.milestones_done:
        for milestone in Milestone.objects.filter(
            pk__in=report.milestones_done, done_on__isnull=True
        ):
            m_before = snapshot(milestone)
            rules.milestone_done(milestone, report)
            milestone.save(update_fields=["done_on", "done_report"])
            audit(
                actor=actor,
                action="update",
                obj=milestone,
                before=m_before,
                after=snapshot(milestone),
                verb="milestone_done",
            )
    ReportVersion.objects.create(report=report, **signed)
    audit(
        actor=actor,
        action="action" if before is not None else "create",
        obj=report,
        before=before,
        after=snapshot(report),
        verb="report_sign_off",
    )
    leads = Assignment.objects.filter(
        task_id=report.task_id, role=Assignment.Role.LEAD, active=True
    ).exclude(unit_id=report.unit_id)
    notify(
        unit_users(leads.values("unit_id")),
        "coop_submitted",
        report_params(report),
        report_url(report),
    )
