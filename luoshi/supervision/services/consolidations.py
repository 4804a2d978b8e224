"""The lead unit's consolidated task report (汇总) and the office's review of it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.roles import Role
from luoshi.plans.models import Assignment, Task
from luoshi.supervision import permissions, rules, uploads
from luoshi.supervision.models import (
    Attachment,
    Consolidation,
    Period,
    ReportVersion,
    Review,
    UnitReport,
)
from luoshi.supervision.notifications import period_params
from luoshi.supervision.services.attachments import attach
from luoshi.supervision.services.content import actor_id, clean_content, consolidation_snapshot
from luoshi.supervision.services.notify import notify, office_users, unit_users
from luoshi.supervision.services.review import record_review


def consolidation_params(c: Consolidation) -> dict[str, Any]:
    return {**period_params(c.period), "task": c.task.number, "unit": str(c.author_unit)}


def consolidation_url(c: Consolidation) -> str:
    return reverse("supervision:consolidation", args=[c.period_id, c.task_id])


def _lead_unit_ids(task: Task) -> list[int]:
    return list(
        Assignment.objects.filter(task=task, role=Assignment.Role.LEAD, active=True).values_list(
            "unit_id", flat=True
        )
    )


def _locked(period: Period, task: Task) -> Consolidation | None:
    return (
        Consolidation.objects.select_for_update()
        .select_related("period__plan", "task", "author_unit")
        .filter(period=period, task=task)
        .first()
    )


@transaction.atomic
def consolidation_save(
    *,
    actor,
    period: Period,
    task: Task,
    version: int,
    summary: str = "",
    problems: str = "",
    next_steps: str = "",
    self_status: str = "",
    progress_pct: Any = None,
) -> Consolidation:
    """Save the task's consolidation as typed. Any lead unit of the task may write it (a task
    with two lead units has one consolidation both edit); `version` guards against overwrites."""
    if not permissions.can_consolidate(actor, task) or not permissions.task_in_period(task, period):
        raise PermissionDenied(_("Only a lead unit of the task may write its consolidated report."))
    try:
        values, _rows = clean_content(
            work_done=summary,
            problems=problems,
            next_steps=next_steps,
            self_status=self_status,
            progress_pct=progress_pct,
        )
    except ValidationFailed as exc:
        # The consolidation's text field is called summary, not work_done.
        exc.errors = {("summary" if k == "work_done" else k): v for k, v in exc.errors.items()}
        raise
    values["summary"] = values.pop("work_done")
    for report_only in ("nothing_new", "task_note", "combined"):
        values.pop(report_only)
    consolidation = _locked(period, task)
    if consolidation is None:
        if version not in (0, None):
            raise Conflict(_("This report was removed while you were editing it."))
        consolidation = Consolidation(period=period, task=task, **values)
        rules.consolidation_save(
            consolidation, unit_id=actor.unit_id, by=actor_id(actor), at=timezone.now(), new=True
        )
        try:
            with transaction.atomic():
                consolidation.save(force_insert=True)
        except IntegrityError as exc:
            raise Conflict(
                _("Another lead unit started this consolidated report at the same time."),
                current=_locked(period, task),
            ) from exc
        audit(actor=actor, action="create", obj=consolidation, verb="consolidation_save")
        return consolidation
    if not consolidation.editable:
        raise ValidationFailed(
            _("This consolidated report has been sent and can no longer be changed.")
        )
    if consolidation.version != version:
        raise Conflict(
            _(
                "Someone else saved this consolidated report while you were editing it. Your text is kept below: "
                "merge it with theirs and save again."
            ),
            current=consolidation,
        )
    before = snapshot(consolidation)
    for name, value in values.items():
        setattr(consolidation, name, value)
    rules.consolidation_save(
        consolidation, unit_id=actor.unit_id, by=actor_id(actor), at=timezone.now()
    )
    consolidation.save()
    audit(
        actor=actor,
        action="update",
        obj=consolidation,
        before=before,
        after=snapshot(consolidation),
        verb="consolidation_save",
    )
    return consolidation


def _missing_units(period: Period, task: Task) -> list[str]:
    """Responsible units of the task without a sent report in the period, in the plan's order."""
    sent = UnitReport.objects.filter(period=period, task=task, status__in=UnitReport.SENT)
    return [
        str(a.unit)
        for a in Assignment.objects.filter(task=task, active=True)
        .exclude(unit_id__in=sent.values("unit_id"))
        .select_related("unit")
        .order_by("order", "id")
    ]


def _ready(actor, period: Period, task: Task, version: int, content: dict) -> Consolidation:
    """Save what the form holds (when given) and lock the consolidation for the next step."""
    if content:
        saved = consolidation_save(
            actor=actor, period=period, task=task, version=version, **content
        )
        version = saved.version
    consolidation = _locked(period, task)
    if consolidation is None:
        raise ValidationFailed(
            _("Write the task's progress before submitting."),
            errors={"summary": [_("This field is required.")]},
        )
    if not consolidation.editable:
        raise ValidationFailed(_("This consolidated report has already been sent."))
    if consolidation.version != version:
        raise Conflict(
            _("Someone else saved this consolidated report in the meantime; reload it first."),
            current=consolidation,
        )
    if not consolidation.summary.strip():
        raise ValidationFailed(
            _("Write the task's progress before submitting."),
            errors={"summary": [_("This field is required.")]},
        )
    return consolidation


@transaction.atomic
def consolidation_hand_in(
    *, actor, period: Period, task: Task, version: int, **content
) -> Consolidation:
    """A lead unit's reporter hands the consolidated report (saving what the form holds) to
    the unit's approver, who signs it off."""
    if not permissions.can_consolidate(actor, task):
        raise PermissionDenied(_("Only a lead unit of the task may write its consolidated report."))
    consolidation = _ready(actor, period, task, version, content)
    if not permissions.can_hand_in_consolidation(actor, consolidation, task):
        if consolidation.status == Consolidation.Status.PENDING:
            return consolidation
        raise PermissionDenied(_("You may not hand in this consolidated report."))
    before = snapshot(consolidation)
    rules.consolidation_hand_in(
        consolidation, unit_id=actor.unit_id, by=actor_id(actor), at=timezone.now()
    )
    consolidation.save()
    audit(
        actor=actor,
        action="action",
        obj=consolidation,
        before=before,
        after=snapshot(consolidation),
        verb="consolidation_hand_in",
    )
    notify(
        unit_users([actor.unit_id], roles=[Role.APPROVER]),
        "consolidation_pending",
        consolidation_params(consolidation),
        consolidation_url(consolidation),
    )
    return consolidation


@transaction.atomic
def consolidation_submit(
    *,
    actor,
    period: Period,
    task: Task,
    version: int,
    confirm_missing: bool = False,
    **content,
) -> Consolidation:
    """The lead unit sends the consolidated report (saving what the form holds) to the
    coordinating office. When the cycle asks for it (the default) only the lead unit's
    approver may; units that have not sent their report are named, and sending without them
    needs `confirm_missing`."""
    if not permissions.can_consolidate(actor, task):
        raise PermissionDenied(
            _("Only a lead unit of the task may submit its consolidated report.")
        )
    if not permissions.can_submit_consolidation(actor, task, period.plan):
        raise PermissionDenied(
            _("Your unit's approver signs the consolidated report off: hand it in to them.")
        )
    consolidation = _ready(actor, period, task, version, content)
    missing = _missing_units(period, task)
    if missing and not confirm_missing:
        raise ValidationFailed(
            _("%(n)s units have not sent their report yet: %(units)s.")
            % {"n": len(missing), "units": "、".join(missing)},
            errors={
                "confirm_missing": [_("Confirm to send the consolidated report without them.")]
            },
        )
    before = snapshot(consolidation)
    submitted = rules.consolidation_submit(
        consolidation,
        unit_id=actor.unit_id,
        by=actor_id(actor),
        at=timezone.now(),
        content=consolidation_snapshot(consolidation),
    )
    consolidation.save()
    ReportVersion.objects.create(consolidation=consolidation, **submitted)
    audit(
        actor=actor,
        action="action",
        obj=consolidation,
        before=before,
        after=snapshot(consolidation),
        verb="consolidation_submit",
        extra={"missing_units": missing} if missing else None,
    )
    notify(
        office_users(consolidation.period.plan),
        "consolidation_submitted",
        consolidation_params(consolidation),
        consolidation_url(consolidation),
    )
    return consolidation


def pulled_text(
    *, period: Period, task: Task, existing: dict[str, str], readable
) -> dict[str, str]:
    """The consolidation's text fields with every sent unit report's text added under the
    unit's name (【单位】…), once: a unit already quoted is not added again. `readable`: the
    sent reports the writer may read."""
    fields = {"summary": "work_done", "problems": "problems", "next_steps": "next_steps"}
    result = dict(existing)
    for report in readable:
        if report.status not in UnitReport.SENT:
            continue
        marker = f"【{report.unit}】"
        for target, source in fields.items():
            text = (getattr(report, source) or "").strip()
            if source == "work_done" and report.nothing_new and not text:
                text = str(_("Nothing new this period."))
            if source == "work_done" and report.task_note.strip():
                text = f"{text}\n{report.task_note.strip()}".strip()
            if text and marker not in result.get(target, ""):
                result[target] = (result.get(target, "").rstrip() + f"\n{marker}{text}").strip()
    return result


@transaction.atomic
def consolidation_pull(*, actor, period: Period, task: Task, version: int) -> Consolidation:
    """Bring the units' sent reports into the consolidation's draft (the lead unit then edits
    the text instead of retyping it)."""
    if not permissions.can_consolidate(actor, task):
        raise PermissionDenied(_("Only a lead unit of the task may write its consolidated report."))
    current = _locked(period, task)
    existing = {
        "summary": current.summary if current else "",
        "problems": current.problems if current else "",
        "next_steps": current.next_steps if current else "",
    }
    readable = (
        permissions.reports_visible_to(actor)
        .filter(period=period, task=task)
        .select_related("unit")
        .order_by("unit__order", "unit_id")
    )
    text = pulled_text(period=period, task=task, existing=existing, readable=readable)
    keep = {
        "self_status": current.self_status if current else "",
        "progress_pct": current.progress_pct if current else None,
    }
    return consolidation_save(
        actor=actor, period=period, task=task, version=version, **text, **keep
    )


def _review_target(actor, consolidation: Consolidation) -> Consolidation:
    consolidation = _locked(consolidation.period, consolidation.task)
    if not permissions.can_review(actor, consolidation.period.plan):
        raise PermissionDenied(_("Only the plan's coordinating office may review reports."))
    if consolidation.status != Consolidation.Status.SUBMITTED:
        raise ValidationFailed(_("Only a submitted consolidated report can be reviewed."))
    return consolidation


@transaction.atomic
def consolidation_return(*, actor, consolidation: Consolidation, comment: str) -> Consolidation:
    consolidation = _review_target(actor, consolidation)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(
            _("Say what the lead unit should change."),
            errors={"comment": [_("This field is required.")]},
        )
    record_review(actor, consolidation, Review.Decision.RETURN, comment, timezone.now())
    notify(
        unit_users(_lead_unit_ids(consolidation.task)),
        "consolidation_returned",
        {**consolidation_params(consolidation), "comment": comment[:200]},
        consolidation_url(consolidation),
    )
    return consolidation


@transaction.atomic
def consolidation_approve(
    *, actor, consolidation: Consolidation, comment: str = ""
) -> Consolidation:
    """Approve the consolidation and, with it, every unit report on the task in the period
    still waiting for review: the office reviews a task once, through its consolidation."""
    consolidation = _review_target(actor, consolidation)
    now = timezone.now()
    comment = (comment or "").strip()
    record_review(actor, consolidation, Review.Decision.APPROVE, comment, now)
    waiting = (
        UnitReport.objects.select_for_update()
        .select_related("period__plan", "task", "unit")
        .filter(
            period_id=consolidation.period_id,
            task_id=consolidation.task_id,
            status=UnitReport.Status.SUBMITTED,
        )
    )
    for report in waiting:
        record_review(actor, report, Review.Decision.APPROVE, comment, now)
    notify(
        unit_users(_lead_unit_ids(consolidation.task)),
        "consolidation_approved",
        consolidation_params(consolidation),
        consolidation_url(consolidation),
        email=False,
    )
    return consolidation


@transaction.atomic
def consolidation_attach(*, actor, period: Period, task: Task, upload) -> Attachment:
    """Attach a file to the task's consolidated report, starting its draft when there is
    none, in one transaction: the file is checked (by content) before anything is written,
    so a refused file leaves no draft and no audit event behind."""
    checked = uploads.check(upload)
    consolidation = _locked(period, task) or consolidation_save(
        actor=actor, period=period, task=task, version=0
    )
    if not permissions.can_edit_consolidation(actor, consolidation):
        raise PermissionDenied(_("You may not change this consolidated report."))
    return attach(actor, checked, upload, consolidation=consolidation)
