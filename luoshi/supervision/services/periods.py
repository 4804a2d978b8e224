"""The reporting cycle and its periods."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans.models import Plan, Task
from luoshi.supervision import cycles, permissions
from luoshi.supervision.models import Period, ReportingCycle
from luoshi.supervision.services.rounds import round_open

CYCLE_FIELDS = (
    "frequency",
    "first_period_start",
    "ends_on",
    "target_date",
    "due_offset_days",
    "grace_days",
    "reminder_lead_days",
    "yellow_window_days",
    "on_track_pct",
    "behind_pct",
    "returns_for_red",
    "periods_ahead",
    "consolidation_sign_off",
    "combined_kinds",
)
# The unit kinds whose implicit tasks may be reported on in one combined report.
COMBINABLE_KINDS = ("county", "park")


def _require_office(actor, plan: Plan, check) -> None:
    if actor is not None and not check(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))


def _require_tasks(plan: Plan) -> None:
    """A plan imported without tasks (a policy text, a notice whose lists are attachments)
    has nothing to report on."""
    if not Task.objects.filter(plan=plan, active=True).exists():
        raise ValidationFailed(
            _(
                "This plan has no tasks, so no reporting period or round can be opened for it. "
                "Import a version of the document that assigns tasks first."
            )
        )


NUMBERS = (
    "on_track_pct",
    "behind_pct",
    "returns_for_red",
    "due_offset_days",
    "grace_days",
    "reminder_lead_days",
    "yellow_window_days",
    "periods_ahead",
)


def _validate_cycle(values: dict) -> None:
    errors: dict[str, list[str]] = {}
    for name in NUMBERS:
        if not isinstance(values.get(name), int) or isinstance(values.get(name), bool):
            errors[name] = [_("Enter a whole number.")]
    if errors:  # the ranges below compare numbers
        raise ValidationFailed(_("Please correct the reporting cycle."), errors=errors)
    if not isinstance(values.get("consolidation_sign_off"), bool):
        errors["consolidation_sign_off"] = [_("Yes or no.")]
    if values["frequency"] not in cycles.MONTHS:
        errors["frequency"] = [_("Choose a frequency.")]
    start = values["first_period_start"]
    if not isinstance(start, dt.date):
        errors["first_period_start"] = [_("Enter a date.")]
    elif start.day != 1:
        errors["first_period_start"] = [_("A period starts on the first day of a month.")]
    if values.get("ends_on") and isinstance(start, dt.date) and values["ends_on"] < start:
        errors["ends_on"] = [_("Reporting cannot end before it starts.")]
    if not 0 < values["on_track_pct"] <= 100:
        errors["on_track_pct"] = [_("Between 1 and 100.")]
    if not 0 < values["behind_pct"] <= values["on_track_pct"]:
        errors["behind_pct"] = [_("Between 1 and the on-track threshold.")]
    if values["returns_for_red"] < 1:
        errors["returns_for_red"] = [_("At least 1.")]
    for name in ("due_offset_days", "grace_days", "reminder_lead_days", "yellow_window_days"):
        if not 0 <= values[name] <= 90:
            errors[name] = [_("Between 0 and 90 days.")]
    if not 0 <= values["periods_ahead"] <= 12:
        errors["periods_ahead"] = [_("Between 0 and 12.")]
    kinds = values.get("combined_kinds") or []
    if not isinstance(kinds, list) or any(k not in COMBINABLE_KINDS for k in kinds):
        errors["combined_kinds"] = [_("Choose county governments and/or park committees.")]
    else:
        values["combined_kinds"] = sorted(set(kinds))
    if errors:
        raise ValidationFailed(_("Please correct the reporting cycle."), errors=errors)


@transaction.atomic
def cycle_save(*, actor, plan: Plan, today: dt.date | None = None, **fields) -> ReportingCycle:
    """Create or change the plan's reporting cycle and generate the periods it now implies
    (period_generate). Periods already generated keep their dates. Saving a plan's first
    cycle opens its current round: every responsible unit is told (round_open)."""
    _require_office(actor, plan, permissions.can_manage_cycle)
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown setting(s): %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    cycle = ReportingCycle.objects.filter(plan=plan).first()
    defaults = {
        f.name: f.get_default()
        for f in ReportingCycle._meta.concrete_fields
        if f.name in CYCLE_FIELDS
    }
    current = snapshot(cycle, list(CYCLE_FIELDS)) if cycle else {}
    values = dict(defaults)
    if cycle is not None:
        values.update({name: getattr(cycle, name) for name in CYCLE_FIELDS})
    values.update(fields)
    if values.get("first_period_start") is None:
        raise ValidationFailed(
            _("Please correct the reporting cycle."),
            errors={"first_period_start": [_("Enter a date.")]},
        )
    _validate_cycle(values)
    if cycle is None:
        cycle = ReportingCycle(plan=plan)
    for name in CYCLE_FIELDS:
        setattr(cycle, name, values[name])
    cycle.updated_by = actor_or_none(actor)
    cycle.save()
    audit(
        actor=actor,
        action="update" if current else "create",
        obj=cycle,
        before=current or None,
        after=snapshot(cycle, list(CYCLE_FIELDS)),
        verb="cycle_save",
    )
    period_generate(actor=actor, plan=plan, today=today)
    if not current:
        round_open(actor=actor, plan=plan, today=today)
    return cycle


@transaction.atomic
def period_generate(
    *, actor, plan: Plan, until: dt.date | None = None, today: dt.date | None = None
) -> list[Period]:
    """Create the cycle's regular periods that do not exist yet, up to `until` (default: the
    period containing today plus `periods_ahead` more). Idempotent."""
    _require_office(actor, plan, permissions.can_manage_cycle)
    _require_tasks(plan)
    cycle = ReportingCycle.objects.filter(plan=plan).first()
    if cycle is None:
        raise ValidationFailed(_("Set up the plan's reporting cycle first."))
    today = today or timezone.localdate()
    if until is None:
        until = cycles.add_months(today, cycle.months * cycle.periods_ahead)
    if cycle.ends_on:
        until = min(until, cycle.ends_on)
    existing = set(
        Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR).values_list("start", flat=True)
    )
    created = []
    for span in cycles.spans(
        first_start=cycle.first_period_start,
        months=cycle.months,
        due_offset_days=cycle.due_offset_days,
        until=until,
    ):
        if span.start in existing:
            continue
        created.append(
            Period(
                plan=plan,
                kind=Period.Kind.REGULAR,
                start=span.start,
                end=span.end,
                due_date=span.due_date,
                grace_days=cycle.grace_days,
                created_by=actor_or_none(actor),
            )
        )
    Period.objects.bulk_create(created)
    for period in Period.objects.filter(
        plan=plan, kind=Period.Kind.REGULAR, start__in=[p.start for p in created]
    ):
        audit(actor=actor, action="create", obj=period, verb="period_generate")
    return created


@transaction.atomic
def periods_remove_after(*, actor, plan: Plan, after: dt.date) -> dict[str, list[Period]]:
    """Close the plan's regular rounds after `after` (the end of its target year): regular
    periods starting later are deleted when nothing was sent in them (drafts go with them);
    a period with a report or consolidation sent stays, as the record of work done. The
    cycle's `ends_on` (cycle_save) keeps new ones from being generated."""
    _require_office(actor, plan, permissions.can_manage_cycle)
    from luoshi.supervision.models import Consolidation, UnitReport

    later = list(
        Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR, start__gt=after).order_by(
            "start"
        )
    )
    sent = set(
        UnitReport.objects.filter(period__in=later, status__in=list(UnitReport.SENT)).values_list(
            "period_id", flat=True
        )
    ) | set(
        Consolidation.objects.filter(
            period__in=later, status__in=list(Consolidation.SENT)
        ).values_list("period_id", flat=True)
    )
    removed = [p for p in later if p.pk not in sent]
    for period in removed:
        audit(
            actor=actor,
            action="delete",
            obj=period,
            before=snapshot(period),
            verb="periods_remove_after",
        )
    Period.objects.filter(pk__in=[p.pk for p in removed]).delete()
    return {"removed": removed, "kept": [p for p in later if p.pk in sent]}


@transaction.atomic
def period_open_adhoc(
    *,
    actor,
    plan: Plan,
    title: str,
    due_date: dt.date,
    tasks: list[Task],
    start: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Period:
    """Open an ad-hoc round (专项督查) on selected tasks with its own due date."""
    _require_office(actor, plan, permissions.can_manage_cycle)
    _require_tasks(plan)
    today = today or timezone.localdate()
    start = start or today
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("This field is required.")]
    elif len(title) > 120:
        errors["title"] = [_("At most 120 characters.")]
    if due_date < start:
        errors["due_date"] = [_("The due date cannot be before the round opens.")]
    if not tasks:
        errors["tasks"] = [_("Select at least one task.")]
    elif any(t.plan_id != plan.pk or not t.active for t in tasks):
        errors["tasks"] = [_("Select tasks of this plan.")]
    if errors:
        raise ValidationFailed(_("Please correct the ad-hoc round."), errors=errors)
    cycle = ReportingCycle.objects.filter(plan=plan).first()
    period = Period.objects.create(
        plan=plan,
        kind=Period.Kind.ADHOC,
        title=title,
        start=start,
        end=due_date,
        due_date=due_date,
        grace_days=cycle.grace_days if cycle else 0,
        note=note.strip(),
        created_by=actor_or_none(actor),
    )
    period.tasks.set(tasks)
    audit(
        actor=actor,
        action="create",
        obj=period,
        verb="period_open_adhoc",
        extra={"tasks": [t.pk for t in tasks]},
    )
    # Each unit is told how many of the round's tasks are its own.
    round_open(actor=actor, plan=plan, period=period, today=today)
    return period
