"""Writes on instruments and bookings. Each service: permission, state, write, audit.

Booking overlaps: `booking_request` first bumps the instrument's lock row (an UPDATE, which
PostgreSQL and MariaDB hold until commit and SQLite takes as the write lock), then checks
for a live booking overlapping the asked range, then inserts. Concurrent requests for one
instrument are so checked one after another; on PostgreSQL the exclusion constraint is a
second guard, and its violation is answered like the check's refusal.

Fees are rounded once, to the yuan (half up), when usage is recorded."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.retry import when_sqlite_busy_retry
from luoshi.instruments import hours, permissions
from luoshi.instruments.models import Booking, Fee, Instrument
from luoshi.organisations import permissions as org_permissions
from luoshi.organisations import search

MAX_BOOKING = dt.timedelta(days=14)
YUAN = Decimal("1")


def _require(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def threshold() -> Decimal:
    return Decimal(settings.LUOSHI_LARGE_INSTRUMENT_MIN_YUAN)


INSTRUMENT_FIELDS = (
    "name",
    "model_number",
    "category",
    "original_value",
    "region",
    "location",
    "capabilities",
    "open_hours",
    "contact_name",
    "contact_phone",
    "is_open",
)


@transaction.atomic
def instrument_save(
    *,
    actor,
    owner,
    instrument: Instrument | None = None,
    fees: dict[str, Decimal | None] | None = None,
    is_demo: bool = False,
    **fields,
) -> Instrument:
    """List a new instrument of `owner`, or change one; `fees` maps fee type to price
    (None removes that fee)."""
    unknown = set(fields) - set(INSTRUMENT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if instrument is None:
        _require(
            actor,
            permissions.can_offer(actor) and org_permissions.organisation_id_of(actor) == owner.pk,
            _("You may not list instruments of this organisation."),
        )
        instrument = Instrument(owner=owner, is_demo=is_demo)
        before = None
    else:
        _require(
            actor,
            permissions.can_manage_instrument(actor, instrument),
            _("You may not change this instrument."),
        )
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        before = snapshot(instrument)
    for name, value in fields.items():
        setattr(instrument, name, value)
    errors: dict[str, list[str]] = {}
    if not (instrument.name or "").strip():
        errors["name"] = [_("Required.")]
    if instrument.category not in Instrument.Category.values:
        errors["category"] = [_("Choose a category.")]
    value = instrument.original_value
    if value is None or Decimal(value) < threshold():
        errors["original_value"] = [
            _("Only instruments worth at least %(min)s yuan enter the catalogue.")
            % {"min": f"{threshold():,.0f}"}
        ]
    if hours.parse(instrument.open_hours) is None:
        errors["open_hours"] = [
            _(
                "Write the open hours as days and times, e.g. 工作日 8:30–17:30 or "
                "周一至周六 9:00–12:00, 14:00–18:00; leave empty for 'by arrangement'."
            )
        ]
    if errors:
        raise ValidationFailed(_("Check the instrument's details."), errors=errors)
    instrument.search_text = search.index_text(
        instrument.name,
        instrument.model_number,
        instrument.get_category_display(),
        instrument.capabilities,
        instrument.owner.name,
        instrument.location,
    )
    instrument.save()
    if before is None:
        audit(actor=actor, action="create", obj=instrument)
    else:
        audit(
            actor=actor, action="update", obj=instrument, before=before, after=snapshot(instrument)
        )
    for kind, price in (fees or {}).items():
        if kind not in Fee.Kind.values:
            raise ValidationFailed(_("Unknown fee type."))
        existing = instrument.fees.filter(kind=kind).first()
        if price is None:
            if existing:
                audit(actor=actor, action="delete", obj=existing, before=snapshot(existing))
                existing.delete()
            continue
        price = Decimal(price)
        if price < 0:
            raise ValidationFailed(_("A fee cannot be negative."), errors={kind: [_("Negative.")]})
        if existing is None:
            fee = Fee.objects.create(instrument=instrument, kind=kind, price=price)
            audit(actor=actor, action="create", obj=fee)
        elif existing.price != price:
            prior = snapshot(existing)
            existing.price = price
            existing.save(update_fields=["price"])
            audit(
                actor=actor, action="update", obj=existing, before=prior, after=snapshot(existing)
            )
    return instrument


def _overlapping(instrument_id: int, starts_at, ends_at):
    return Booking.objects.filter(
        instrument_id=instrument_id,
        state__in=Booking.HOLDING,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


def booking_request(
    *,
    actor,
    instrument: Instrument,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    samples: int = 0,
    organisation=None,
    is_demo: bool = False,
) -> Booking:
    """Ask for a time range of an instrument. Refused (Conflict) when it overlaps a live
    booking. `organisation` is taken from the actor; the system (actor=None) names it."""
    _require(actor, permissions.can_book(actor, instrument), _("You may not book this instrument."))
    if actor is not None:
        organisation = org_permissions.membership_of(actor).organisation
    if organisation is None:
        raise ValidationFailed(_("A booking is made for an organisation."))
    errors: dict[str, list[str]] = {}
    if starts_at is None or ends_at is None or ends_at <= starts_at:
        errors["ends_at"] = [_("The end must come after the start.")]
    elif ends_at - starts_at > MAX_BOOKING:
        errors["ends_at"] = [_("A booking lasts at most 14 days.")]
    elif actor is not None and starts_at < timezone.now():
        errors["starts_at"] = [_("The start has passed.")]
    if not (purpose or "").strip():
        errors["purpose"] = [_("Say what the instrument is for.")]
    if samples is None or samples < 0:
        errors["samples"] = [_("Not a number of samples.")]
    if not errors:
        # Open hours are read in the city's time zone; text not understood (written before
        # the form checked it) restricts nothing.
        windows = hours.parse(instrument.open_hours)
        if windows and not hours.within(
            windows, timezone.localtime(starts_at), timezone.localtime(ends_at)
        ):
            errors["starts_at"] = [
                _("The instrument is open %(hours)s only: choose a time within its open hours.")
                % {"hours": instrument.open_hours}
            ]
    if errors:
        raise ValidationFailed(_("Check the times and purpose."), errors=errors)
    if not instrument.is_open and actor is not None:
        raise ValidationFailed(_("This instrument is not open for booking."))
    requested_by = actor_or_none(actor) or organisation.memberships.first().user

    def write() -> Booking:
        with transaction.atomic():
            # The lock row first: concurrent requests for this instrument wait here.
            Instrument.objects.filter(pk=instrument.pk).update(booking_seq=F("booking_seq") + 1)
            if _overlapping(instrument.pk, starts_at, ends_at).exists():
                raise Conflict(
                    _("This time overlaps another booking of the instrument. Choose another time.")
                )
            booking = Booking.objects.create(
                instrument=instrument,
                organisation=organisation,
                requested_by=requested_by,
                starts_at=starts_at,
                ends_at=ends_at,
                purpose=purpose.strip()[:300],
                samples=samples or 0,
                is_demo=is_demo,
            )
            audit(actor=actor, action="create", obj=booking, verb="request")
            return booking

    try:
        booking = when_sqlite_busy_retry(write)
    except IntegrityError as exc:
        # PostgreSQL's exclusion constraint: the same refusal as the check's.
        raise Conflict(
            _("This time overlaps another booking of the instrument. Choose another time.")
        ) from exc
    return booking


def _move(*, actor, booking: Booking, to: str, verb: str, allowed: bool, note: str = "", **changes):
    _require(actor, allowed, _("You may not change this booking."))
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if to not in Booking.TRANSITIONS.get(locked.state, set()):
            raise ValidationFailed(
                _("The booking is %(state)s; that step is not possible now.")
                % {"state": locked.get_state_display()}
            )
        before = snapshot(locked)
        locked.state = to
        if note:
            locked.note = note.strip()[:500]
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
        audit(
            actor=actor,
            action="update",
            obj=locked,
            before=before,
            after=snapshot(locked),
            verb=verb,
        )
    return locked


def booking_approve(*, actor, booking: Booking, note: str = "") -> Booking:
    return _move(
        actor=actor,
        booking=booking,
        to=Booking.State.APPROVED,
        verb="approve",
        note=note,
        allowed=permissions.can_decide(actor, booking),
        decided_by=actor_or_none(actor),
        decided_at=timezone.now(),
    )


def booking_decline(*, actor, booking: Booking, note: str) -> Booking:
    if not (note or "").strip():
        raise ValidationFailed(
            _("Say why the request is declined."), errors={"note": [_("Required.")]}
        )
    return _move(
        actor=actor,
        booking=booking,
        to=Booking.State.DECLINED,
        verb="decline",
        note=note,
        allowed=permissions.can_decide(actor, booking),
        decided_by=actor_or_none(actor),
        decided_at=timezone.now(),
    )


def booking_cancel(*, actor, booking: Booking, note: str = "") -> Booking:
    return _move(
        actor=actor,
        booking=booking,
        to=Booking.State.CANCELLED,
        verb="cancel",
        note=note,
        allowed=permissions.can_cancel(actor, booking),
    )


def booking_no_show(*, actor, booking: Booking, note: str = "") -> Booking:
    return _move(
        actor=actor,
        booking=booking,
        to=Booking.State.NO_SHOW,
        verb="no_show",
        note=note,
        allowed=permissions.can_decide(actor, booking),
        hours_used=Decimal("0"),
        samples_used=0,
        fee_charged=Decimal("0"),
    )


def fee_for(instrument: Instrument, *, hours: Decimal, samples: int) -> Decimal:
    """Machine-hours × the hourly fee + samples × the sample fee + the service fee (once),
    rounded to the yuan, half up."""
    prices = {fee.kind: fee.price for fee in instrument.fees.all()}
    total = Decimal(hours) * prices.get(Fee.Kind.MACHINE_HOUR, Decimal(0))
    total += Decimal(samples) * prices.get(Fee.Kind.SAMPLE, Decimal(0))
    total += prices.get(Fee.Kind.SERVICE, Decimal(0))
    return total.quantize(YUAN, rounding=ROUND_HALF_UP)


def booking_record_usage(
    *,
    actor,
    booking: Booking,
    hours_used: Decimal,
    samples_used: int = 0,
    fee_charged=None,
    note: str = "",
) -> Booking:
    """The owner records what was used; the fee follows the schedule unless given."""
    hours_used = Decimal(hours_used)
    if hours_used < 0 or samples_used < 0:
        raise ValidationFailed(
            _("Usage cannot be negative."), errors={"hours_used": [_("Negative.")]}
        )
    if hours_used > booking.hours + Decimal("0.01"):
        raise ValidationFailed(
            _("More hours than the booking held."), errors={"hours_used": [_("Too many hours.")]}
        )
    fee = (
        fee_for(booking.instrument, hours=hours_used, samples=samples_used)
        if fee_charged in (None, "")
        else Decimal(fee_charged).quantize(YUAN, rounding=ROUND_HALF_UP)
    )
    if fee < 0:
        raise ValidationFailed(
            _("A fee cannot be negative."), errors={"fee_charged": [_("Negative.")]}
        )
    return _move(
        actor=actor,
        booking=booking,
        to=Booking.State.COMPLETED,
        verb="record_usage",
        note=note,
        allowed=permissions.can_decide(actor, booking),
        hours_used=hours_used,
        samples_used=samples_used,
        fee_charged=fee,
    )
