"""A year's assessment from rules to locked result: create the scheme (its criteria start from
the previous year's or the defaults), set the rules and the bonus and deduction items, publish
the computed results for review, answer the units' objections, recompute, lock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.assessment import calculation, permissions
from luoshi.assessment.models import (
    Adjustment,
    Criterion,
    Group,
    Measure,
    Objection,
    Result,
    Scheme,
)
from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.indicators.models import Goal
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision import uploads
from luoshi.supervision.services.notify import notify, office_users, unit_users

OBJECTION_DAYS = 7
SCHEME_FIELDS = ("excluded_categories", "notice_deduction", "bonus_cap", "deduction_cap")


def _require_office(actor, plan: Plan) -> None:
    if actor is not None and not permissions.can_manage(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))


def _require_state(scheme: Scheme, *states: str) -> None:
    if scheme.state not in states:
        raise ValidationFailed(
            _("The %(year)s assessment is %(state)s: this cannot be done now.")
            % {"year": scheme.year, "state": scheme.get_state_display()}
        )


def _move(actor, scheme: Scheme, state: str, verb: str, **fields) -> Scheme:
    if not scheme.can_become(state):
        _require_state(scheme)  # raises with the current state
    before = snapshot(scheme)
    scheme.state = state
    for key, value in fields.items():
        setattr(scheme, key, value)
    scheme.save()
    audit(
        actor=actor, action="update", obj=scheme, before=before, after=snapshot(scheme), verb=verb
    )
    return scheme


@transaction.atomic
def scheme_create(*, actor, plan: Plan, year: int, is_demo: bool = False) -> Scheme:
    """A draft scheme for `year`, its criteria copied from the latest earlier year's scheme
    of the plan, or the defaults (calculation.DEFAULT_WEIGHTS)."""
    _require_office(actor, plan)
    if not 2000 <= int(year) <= 2100:
        raise ValidationFailed(
            _("Choose a year between 2000 and 2100."), errors={"year": [_("Not a plausible year.")]}
        )
    if Scheme.objects.filter(plan=plan, year=year).exists():
        raise ValidationFailed(
            _("The %(year)s assessment already exists.") % {"year": year},
            errors={"year": [_("Already exists.")]},
        )
    previous = Scheme.objects.filter(plan=plan, year__lt=year).order_by("-year").first()
    scheme = Scheme.objects.create(
        plan=plan,
        year=year,
        is_demo=is_demo,
        created_by=actor_or_none(actor),
        **(
            {name: getattr(previous, name) for name in SCHEME_FIELDS}
            if previous is not None
            else {}
        ),
    )
    if previous is not None:
        rows = [
            Criterion(
                scheme=scheme,
                group=c.group,
                measure=c.measure,
                goal_id=c.goal_id,
                weight=c.weight,
                order=c.order,
            )
            for c in previous.criteria.all()
        ]
    else:
        rows = [
            Criterion(scheme=scheme, group=group, measure=measure, weight=Decimal(weight), order=i)
            for group, weights in calculation.DEFAULT_WEIGHTS.items()
            for i, (measure, weight) in enumerate(weights)
        ]
    Criterion.objects.bulk_create(rows)
    audit(
        actor=actor,
        action="create",
        obj=scheme,
        extra={"from_year": previous.year if previous else None, "criteria": len(rows)},
    )
    return scheme


def _decimal(value, name: str, errors: dict, *, high: int = 100) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[name] = [_("Enter a number.")]
        return None
    if not number.is_finite() or not 0 <= number <= high:
        errors[name] = [_("Between 0 and %(high)s.") % {"high": high}]
        return None
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def scheme_update(*, actor, scheme: Scheme, **fields) -> Scheme:
    """Change the scheme's settings: the categories not assessed, the deduction per 督办单 and
    the caps on bonus and deduction items. Only while a draft."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.DRAFT)
    unknown = set(fields) - set(SCHEME_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown setting(s): %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    errors: dict[str, list[str]] = {}
    values = {}
    if "excluded_categories" in fields:
        categories = list(dict.fromkeys(fields["excluded_categories"] or []))
        if any(c not in Unit.Category.values for c in categories):
            errors["excluded_categories"] = [_("Choose categories from the list.")]
        values["excluded_categories"] = categories
    for name in ("notice_deduction", "bonus_cap", "deduction_cap"):
        if name in fields:
            values[name] = _decimal(fields[name], name, errors)
    if errors:
        raise ValidationFailed(_("Please correct the assessment settings."), errors=errors)
    before = snapshot(scheme)
    for key, value in values.items():
        setattr(scheme, key, value)
    scheme.save()
    audit(actor=actor, action="update", obj=scheme, before=before, after=snapshot(scheme))
    return scheme


@transaction.atomic
def criteria_save(*, actor, scheme: Scheme, rows: list[dict]) -> list[Criterion]:
    """Replace the scheme's criteria. rows: {"group", "measure", "weight", "goal" (a Goal of
    the plan, for a yearly-targets criterion on one target; else None)}. Each list needs a
    positive weight; a measure appears once per list (per target for yearly targets)."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.DRAFT)
    errors: dict[str, list[str]] = {}
    seen = set()
    made = []
    totals = dict.fromkeys(Group.values, Decimal(0))
    for i, row in enumerate(rows):
        key = f"row-{i}"
        group, measure, goal = row.get("group"), row.get("measure"), row.get("goal")
        if group not in Group.values or measure not in Measure.values:
            errors[key] = [_("Choose a list and a measure.")]
            continue
        weight = _decimal(row.get("weight", ""), key, errors)
        if weight is None:
            continue
        if goal is not None and (measure != Measure.TARGETS or goal.plan_id != scheme.plan_id):
            errors[key] = [_("Only a yearly-targets criterion names a target, one of this plan's.")]
            continue
        if goal is not None and goal.kind != Goal.Kind.NUMERIC:
            errors[key] = [_("A milestone target is not broken down by year.")]
            continue
        ident = (group, measure, goal.pk if goal else None)
        if ident in seen:
            errors[key] = [_("This measure is already in the list.")]
            continue
        seen.add(ident)
        totals[group] += weight
        made.append(
            Criterion(
                scheme=scheme,
                group=group,
                measure=measure,
                goal=goal,
                weight=weight,
                order=i,
            )
        )
    for group, total in totals.items():
        if total <= 0:
            errors.setdefault(f"group-{group}", []).append(
                _("%(list)s: give at least one measure a weight.") % {"list": Group(group).label}
            )
    if errors:
        raise ValidationFailed(_("Please correct the criteria."), errors=errors)
    before = [str(c) for c in scheme.criteria.all()]
    scheme.criteria.all().delete()
    Criterion.objects.bulk_create(made)
    audit(
        actor=actor,
        action="update",
        obj=scheme,
        verb="criteria_save",
        extra={"before": before, "after": [str(c) for c in made]},
    )
    return made


def _responsible_unit_ids(plan: Plan) -> set[int]:
    return set(
        Assignment.objects.filter(task__plan=plan, task__active=True, active=True).values_list(
            "unit_id", flat=True
        )
    )


@transaction.atomic
def adjustment_add(
    *,
    actor,
    scheme: Scheme,
    unit: Unit,
    kind: str,
    points,
    reason: str,
    evidence_text: str = "",
    evidence_file=None,
    is_demo: bool = False,
) -> Adjustment:
    """A bonus (加分) or deduction (减分) item with its evidence (a text, a file or both).
    While a draft, or under review in answer to an objection (then recompute)."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.DRAFT, Scheme.State.REVIEW)
    errors: dict[str, list[str]] = {}
    if kind not in Adjustment.Kind.values:
        errors["kind"] = [_("Choose bonus or deduction.")]
    value = _decimal(points, "points", errors)
    if value is not None and value <= 0:
        errors["points"] = [_("More than 0.")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("This field is required.")]
    elif len(reason) > 300:
        errors["reason"] = [_("At most 300 characters.")]
    evidence_text = (evidence_text or "").strip()
    if not evidence_text and evidence_file is None:
        errors["evidence_text"] = [_("Give the evidence: a text, a file or both.")]
    if unit.pk not in _responsible_unit_ids(scheme.plan):
        errors["unit"] = [_("Choose a unit responsible for tasks of this plan.")]
    checked = None
    if evidence_file is not None and not errors:
        checked = uploads.check(evidence_file)  # raises with its own message
    if errors:
        raise ValidationFailed(_("Please correct the item."), errors=errors)
    item = Adjustment(
        scheme=scheme,
        unit=unit,
        kind=kind,
        points=value,
        reason=reason,
        evidence_text=evidence_text,
        is_demo=is_demo,
        created_by=actor_or_none(actor),
    )
    if checked is not None:
        item.evidence_name = checked.name
        evidence_file.seek(0)
        item.evidence_file.save(f"{checked.sha256[:16]}.{checked.kind}", evidence_file, save=False)
    item.save()
    audit(actor=actor, action="create", obj=item)
    return item


@transaction.atomic
def adjustment_remove(*, actor, adjustment: Adjustment) -> None:
    scheme = adjustment.scheme
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.DRAFT, Scheme.State.REVIEW)
    audit(actor=actor, action="delete", obj=adjustment, before=snapshot(adjustment))
    adjustment.delete()


def _freeze(scheme: Scheme, today: dt.date) -> int:
    """Compute every unit's result from today's data and store it as published."""
    from luoshi.assessment.selectors.scheme import compute, rules_of

    computed = compute(scheme, rules_of(scheme), today=today)
    now = timezone.now()
    Result.objects.filter(scheme=scheme).delete()
    Result.objects.bulk_create(
        [
            Result(
                scheme=scheme,
                unit_id=line.unit_id,
                group=line.group,
                total=None if line.total is None else Decimal(str(line.total)),
                rank=line.rank,
                calculation=line.as_json(),
                computed_at=now,
            )
            for line in computed.lines
        ]
    )
    return len(computed.lines)


def _url(scheme: Scheme) -> str:
    return reverse("assessment:scheme", args=[scheme.pk])


@transaction.atomic
def scheme_publish(
    *, actor, scheme: Scheme, objections_until: dt.date | None = None, today: dt.date | None = None
) -> Scheme:
    """Draft → under review: the results are computed and frozen, and the units are told to
    check theirs and object within the review window."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.DRAFT)
    today = today or timezone.localdate()
    until = objections_until or today + dt.timedelta(days=OBJECTION_DAYS)
    if until < today:
        raise ValidationFailed(
            _("Objections cannot close before today."),
            errors={"objections_until": [_("Choose today or a later date.")]},
        )
    count = _freeze(scheme, today)
    _move(
        actor,
        scheme,
        Scheme.State.REVIEW,
        "publish",
        objections_until=until,
        published_at=timezone.now(),
    )
    unit_ids = list(Result.objects.filter(scheme=scheme).values_list("unit_id", flat=True))
    notify(
        unit_users(unit_ids),
        "assessment_published",
        {"year": scheme.year, "due": until.isoformat()},
        url=_url(scheme),
    )
    audit(actor=actor, action="action", obj=scheme, verb="results_frozen", extra={"units": count})
    return scheme


@transaction.atomic
def scheme_recompute(*, actor, scheme: Scheme, today: dt.date | None = None) -> Scheme:
    """Under review: compute the results again (after a correction or an upheld objection)."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.REVIEW)
    count = _freeze(scheme, today or timezone.localdate())
    audit(actor=actor, action="action", obj=scheme, verb="results_frozen", extra={"units": count})
    return scheme


@transaction.atomic
def scheme_reopen(*, actor, scheme: Scheme) -> Scheme:
    """Under review → draft, to change the rules; the frozen results are dropped."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.REVIEW)
    Result.objects.filter(scheme=scheme).delete()
    return _move(actor, scheme, Scheme.State.DRAFT, "reopen", published_at=None)


@transaction.atomic
def scheme_lock(*, actor, scheme: Scheme) -> Scheme:
    """Under review → final: the published results become the locked result. Every
    objection must have been answered first."""
    _require_office(actor, scheme.plan)
    _require_state(scheme, Scheme.State.REVIEW)
    open_count = Objection.objects.filter(scheme=scheme, state=Objection.State.OPEN).count()
    if open_count:
        raise ValidationFailed(
            _("%(count)s objection(s) still open: answer them before locking the result.")
            % {"count": open_count}
        )
    _move(
        actor,
        scheme,
        Scheme.State.FINAL,
        "lock",
        locked_at=timezone.now(),
        locked_by=actor_or_none(actor),
    )
    unit_ids = list(Result.objects.filter(scheme=scheme).values_list("unit_id", flat=True))
    notify(unit_users(unit_ids), "assessment_final", {"year": scheme.year}, url=_url(scheme))
    return scheme


@transaction.atomic
def objection_file(*, actor, scheme: Scheme, text: str, today: dt.date | None = None) -> Objection:
    """A unit objects to its published result, while objections are open."""
    today = today or timezone.localdate()
    unit_id = getattr(actor, "unit_id", None)
    if not Result.objects.filter(scheme=scheme, unit_id=unit_id).exists():
        raise PermissionDenied(_("Only an assessed unit may object to its result."))
    if not permissions.can_object(actor, scheme, unit_id, today):
        if scheme.state == Scheme.State.REVIEW:
            raise ValidationFailed(
                _("Objections closed on %(date)s.") % {"date": scheme.objections_until}
            )
        raise PermissionDenied(_("Objections are open only while the results are under review."))
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            _("Say what is wrong and why."), errors={"text": [_("This field is required.")]}
        )
    if len(text) > 2000:
        raise ValidationFailed(
            _("At most 2000 characters."), errors={"text": [_("At most 2000 characters.")]}
        )
    objection = Objection.objects.create(
        scheme=scheme, unit_id=unit_id, text=text, filed_at=timezone.now(), filed_by=actor
    )
    audit(actor=actor, action="create", obj=objection)
    notify(
        office_users(scheme.plan),
        "objection_filed",
        {"year": scheme.year, "unit": str(objection.unit)},
        url=_url(scheme),
    )
    return objection


@transaction.atomic
def objection_answer(*, actor, objection: Objection, upheld: bool, answer: str) -> Objection:
    """The office upholds or rejects an objection, saying why. An upheld objection is put
    right with a correction or an item, then a recomputation."""
    if actor is not None and not permissions.can_answer(actor, objection):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))
    _require_state(objection.scheme, Scheme.State.REVIEW)
    state = Objection.State.UPHELD if upheld else Objection.State.REJECTED
    if not objection.can_become(state):
        raise ValidationFailed(_("This objection has been answered already."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed(
            _("Give the answer the unit will read."),
            errors={"answer": [_("This field is required.")]},
        )
    before = snapshot(objection)
    objection.state = state
    objection.answer = answer[:2000]
    objection.answered_at = timezone.now()
    objection.answered_by = actor_or_none(actor)
    objection.save()
    audit(actor=actor, action="update", obj=objection, before=before, after=snapshot(objection))
    notify(
        unit_users([objection.unit_id]),
        "objection_answered",
        {"year": objection.scheme.year},
        url=_url(objection.scheme),
    )
    return objection
