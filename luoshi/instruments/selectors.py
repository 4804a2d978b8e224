"""Reads for the catalogue, an instrument's page and calendar, and the bookings lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from luoshi.instruments import permissions
from luoshi.instruments.models import Booking, Fee, Instrument
from luoshi.organisations import permissions as org_permissions
from luoshi.organisations import search


def catalogue(
    *,
    viewer,
    q: str = "",
    category: str = "",
    region_id: int | None = None,
    fee_kind: str = "",
    max_price: Decimal | None = None,
    owner_id: int | None = None,
) -> QuerySet[Instrument]:
    """Instruments matching the filters, with owner, place and fees loaded once (3 queries
    when evaluated: instruments with owner and region, then fees)."""
    rows = permissions.instruments_visible_to(viewer).select_related("owner", "region")
    if q:
        rows = search.filter_terms(rows, q)
    if category:
        rows = rows.filter(category=category)
    if region_id:
        rows = rows.filter(region_id=region_id)
    if owner_id:
        rows = rows.filter(owner_id=owner_id)
    if fee_kind:
        fee_filter = {"fees__kind": fee_kind}
        if max_price is not None:
            fee_filter["fees__price__lte"] = max_price
        rows = rows.filter(**fee_filter)
    elif max_price is not None:
        rows = rows.filter(fees__price__lte=max_price).distinct()
    return rows.prefetch_related(Prefetch("fees", queryset=Fee.objects.order_by("kind"))).order_by(
        "name", "pk"
    )


def calendar_events(*, viewer, instrument: Instrument, start: dt.datetime, end: dt.datetime):
    """The instrument's live bookings in [start, end) as FullCalendar events: everyone sees
    the busy times; the booker's name and purpose only the booker, owner and office see."""
    rows = (
        Booking.objects.filter(
            instrument=instrument,
            state__in=Booking.HOLDING,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .select_related("organisation")
        .order_by("starts_at")[:500]
    )
    org_id = org_permissions.organisation_id_of(viewer)
    sees_all = permissions.can_view_all(viewer) or org_id == instrument.owner_id
    events = []
    for b in rows:
        mine = sees_all or b.organisation_id == org_id
        events.append(
            {
                "id": b.pk,
                "start": b.starts_at.isoformat(),
                "end": b.ends_at.isoformat(),
                "title": f"{b.organisation.name} · {b.purpose}"
                if mine
                else str(Booking.State(b.state).label),
                "classNames": [f"booking-{b.state}"],
            }
        )
    return events


def bookings_for(*, viewer, as_owner: bool, states: list[str] | None = None) -> QuerySet[Booking]:
    """The viewer's organisation's bookings as booker, or those of its instruments as owner."""
    org_id = org_permissions.organisation_id_of(viewer)
    rows = permissions.bookings_visible_to(viewer)
    if org_id is not None:
        rows = (
            rows.filter(instrument__owner_id=org_id)
            if as_owner
            else rows.filter(organisation_id=org_id)
        )
    if states:
        rows = rows.filter(state__in=states)
    return rows.select_related(
        "instrument", "instrument__owner", "organisation", "requested_by"
    ).order_by("-starts_at")
