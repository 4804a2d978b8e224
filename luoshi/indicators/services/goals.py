"""Monitored targets: linking plan targets to indicators, milestones and their evidence."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import NotFound, ValidationFailed
from luoshi.core.uploads import is_genuine_pdf
from luoshi.indicators import permissions
from luoshi.indicators.models import Evidence, Goal, Indicator, IndicatorValue, MilestoneStep
from luoshi.indicators.services.common import assign, require
from luoshi.org.models import Region

# ---------------------------------------------------------------------------
# Goals


def _milestone_pattern() -> str:
    """Qualitative targets that name a verifiable approval ("成功创建国家高新技术产业开发区")
    become milestones; vaguer ones ("深度融合") stay with task supervision."""
    return getattr(settings, "LUOSHI_INDICATORS_MILESTONE_PATTERN", r"(创建|获批|升级为?|批复)国家")


def _name_key(name: str) -> str:
    return "".join((name or "").split()).lower()


@transaction.atomic
def goals_link_plan(
    *, actor, plan, baseline_year: int | None = None, is_demo: bool = False
) -> list[Goal]:
    """Link each target of `plan` to the indicator of the same name (or alias); a
    qualitative target becomes a milestone. Targets already linked are left alone."""
    require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office links targets."),
    )
    by_name: dict[str, Indicator] = {}
    for indicator in Indicator.objects.filter(active=True):
        for name in [indicator.name, *indicator.alias_list]:
            by_name.setdefault(_name_key(name), indicator)
    if baseline_year is None:
        baseline_year = (plan.issued_on.year - 1) if plan.issued_on else None
    made: list[Goal] = []
    for order, target in enumerate(plan.targets.filter(active=True).order_by("order", "id")):
        if Goal.objects.filter(target=target).exists():
            continue
        if target.qualitative:
            if not re.search(_milestone_pattern(), target.text or ""):
                continue
            goal = Goal.objects.create(
                plan=plan,
                target=target,
                region=plan.region,
                name=target.text or target.indicator_name,
                kind=Goal.Kind.MILESTONE,
                target_year=target.year,
                responsible_unit=plan.coordinating_unit,
                order=order,
                is_demo=is_demo,
            )
        else:
            indicator = by_name.get(_name_key(target.indicator_name))
            if indicator is None:
                continue
            goal = Goal.objects.create(
                plan=plan,
                target=target,
                region=plan.region,
                name=target.indicator_name or target.text,
                kind=Goal.Kind.NUMERIC,
                indicator=indicator,
                comparator=target.comparator or Goal.Comparator.GE,
                baseline_year=baseline_year,
                baseline_value=_computed_value(indicator, plan.region, baseline_year),
                target_year=target.year,
                target_value=target.value,
                responsible_unit=plan.coordinating_unit,
                order=order,
                is_demo=is_demo,
            )
        audit(actor=actor, action="create", obj=goal, verb="link_target")
        made.append(goal)
    return made


def _computed_value(indicator: Indicator, region: Region, year: int | None) -> Decimal | None:
    if year is None:
        return None
    row = IndicatorValue.objects.filter(indicator=indicator, region=region, year=year).first()
    if row is None or row.value is None:
        return None
    return Decimal(str(round(row.value, 4)))


_GOAL_FIELDS = (
    "name",
    "indicator",
    "comparator",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "responsible_unit",
    "order",
)


@transaction.atomic
def goal_update(*, actor, goal: Goal, **fields) -> Goal:
    require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office changes targets."),
    )
    before = snapshot(goal)
    assign(goal, fields, _GOAL_FIELDS)
    if goal.kind == Goal.Kind.NUMERIC:
        errors = {}
        if goal.indicator_id is None:
            errors["indicator"] = [_("Choose the indicator.")]
        if goal.target_value is None:
            errors["target_value"] = [_("This field is required.")]
        if goal.target_year is None:
            errors["target_year"] = [_("This field is required.")]
        if goal.baseline_year and goal.target_year and goal.baseline_year >= goal.target_year:
            errors["baseline_year"] = [_("The baseline year must come before the target year.")]
        if errors:
            raise ValidationFailed(_("Please correct the target."), errors=errors)
    goal.save()
    audit(actor=actor, action="update", obj=goal, before=before, after=snapshot(goal))
    return goal


@transaction.atomic
def milestone_step_save(
    *,
    actor,
    goal: Goal,
    step: MilestoneStep | None = None,
    title: str,
    due_on: dt.date | None = None,
    done_on: dt.date | None = None,
    note: str = "",
    order: int | None = None,
    is_demo: bool = False,
) -> MilestoneStep:
    require(
        actor,
        permissions.can_update_milestone(actor, goal),
        _("You may not update this milestone."),
    )
    if goal.kind != Goal.Kind.MILESTONE:
        raise ValidationFailed(_("Only milestones have steps."))
    if not (title or "").strip():
        raise ValidationFailed(
            _("A step needs a title."), errors={"title": [_("This field is required.")]}
        )
    if done_on and done_on > timezone.localdate():
        raise ValidationFailed(
            _("A step cannot be done in the future."), errors={"done_on": [_("Not in the future.")]}
        )
    creating = step is None
    if step is not None and step.goal_id != goal.pk:
        raise NotFound()
    step = step or MilestoneStep(goal=goal, is_demo=is_demo)
    before = None if creating else snapshot(step)
    step.title, step.due_on, step.done_on, step.note = (
        title.strip(),
        due_on,
        done_on,
        (note or "").strip(),
    )
    if order is not None:
        step.order = order
    elif creating:
        step.order = goal.steps.count()
    step.save()
    if creating:
        audit(actor=actor, action="create", obj=step)
    else:
        audit(actor=actor, action="update", obj=step, before=before, after=snapshot(step))
    return step


EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def evidence_add(*, actor, step: MilestoneStep, upload) -> Evidence:
    """Attach a file to a milestone step. The content (not the name) must be PDF, an
    image or an Office document."""
    import filetype

    require(
        actor,
        permissions.can_update_milestone(actor, step.goal),
        _("You may not update this milestone."),
    )
    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationFailed(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
            errors={"file": [_("Too large.")]},
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension == "pdf" and not is_genuine_pdf(upload):
        kind = None
    if kind is None or kind.extension not in EVIDENCE_TYPES:
        raise ValidationFailed(
            _("Only PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx) files are accepted."),
            errors={"file": [_("Unsupported file type.")]},
        )
    evidence = Evidence(
        step=step,
        original_name=(upload.name or "evidence")[:255],
        content_type=EVIDENCE_TYPES[kind.extension],
        size=upload.size,
        uploaded_by=actor_or_none(actor),
    )
    # An unguessable name: files are served only through the permission-checked view.
    evidence.file.save(f"{secrets.token_hex(16)}.{kind.extension}", upload, save=False)
    evidence.save()
    audit(actor=actor, action="create", obj=evidence)
    return evidence
