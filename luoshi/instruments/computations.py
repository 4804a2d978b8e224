"""The open-sharing figures for the plan (task 7), registered in luoshi.indicators.computations:
large instruments open to outside users at the year's end, and machine-hours used by outside
organisations in the year, per county or park and the city."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.instruments import permissions
from luoshi.instruments.models import Booking, Instrument
from luoshi.organisations import places

OPEN = "sharing_instruments_open"
OUTSIDE_HOURS = "sharing_outside_hours"


def _figures(totals) -> dict[tuple[int, int], Figure]:
    return {key: Figure(value=value, is_demo=demo) for key, (value, demo) in totals.items()}


def _large():
    return Instrument.objects.filter(original_value__gte=settings.LUOSHI_LARGE_INSTRUMENT_MIN_YUAN)


def open_values(region_ids, years):
    """One query: each open large instrument counts in every year from its listing on. Years
    are taken in the local time zone here (MariaDB needs time zone tables to do it)."""
    rows = list(
        _large()
        .filter(is_open=True)
        .annotate(place=Coalesce("region_id", "owner__region_id"))
        .values_list("place", "created_at", "is_demo")
    )
    years = places.years_or_since(years, (created for _p, created, _d in rows))
    expanded = [
        (p, y, Decimal(1), demo)
        for p, created, demo in rows
        for y in years
        if y >= timezone.localtime(created).year
    ]
    return _figures(places.tally(expanded, region_ids, years))


def _outside_used():
    return Booking.objects.filter(instrument__in=_large(), state=Booking.State.COMPLETED).exclude(
        organisation_id=F("instrument__owner_id")
    )


def outside_hours_values(region_ids, years):
    """One query: hours used by organisations other than the owner, by the booking's year."""
    rows = (
        _outside_used()
        .annotate(place=Coalesce("instrument__region_id", "instrument__owner__region_id"))
        .values_list("place", "starts_at", "hours_used", "is_demo")
    )
    return _figures(
        places.tally(
            ((p, timezone.localtime(at).year, h or 0, d) for p, at, h, d in rows),
            region_ids,
            years,
        )
    )


def open_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    scope = places.under(region_id)
    qs = (
        _large()
        .filter(is_open=True, created_at__year__lte=year)
        .annotate(place=Coalesce("region_id", "owner__region_id"))
        .filter(place__in=scope)
        .select_related("owner", "region")
        .order_by("name", "pk")
    )
    total = qs.count()
    visible = list(qs.filter(pk__in=permissions.instruments_visible_to(viewer).values("pk"))[:500])
    return Drilldown(
        columns=[_("Instrument"), _("Model"), _("Owner"), _("Original value (yuan)")],
        rows=[(i.name, i.model_number, i.owner.name, i.original_value) for i in visible],
        total=total,
        links=[reverse("instruments:detail", args=[i.pk]) for i in visible],
    )


def outside_hours_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    scope = places.under(region_id)
    qs = (
        _outside_used()
        .filter(starts_at__year=year)
        .annotate(place=Coalesce("instrument__region_id", "instrument__owner__region_id"))
        .filter(place__in=scope)
        .select_related("instrument", "organisation")
        .order_by("starts_at", "pk")
    )
    total = qs.count()
    visible = list(qs.filter(pk__in=permissions.bookings_visible_to(viewer).values("pk"))[:500])
    return Drilldown(
        columns=[_("Instrument"), _("Booked by"), _("From"), _("Hours used")],
        rows=[(b.instrument.name, b.organisation.name, b.starts_at, b.hours_used) for b in visible],
        total=total,
        links=[reverse("instruments:detail", args=[b.instrument_id]) for b in visible],
    )


def register_all() -> None:
    register(
        Computation(
            key=OPEN,
            label=gettext_lazy("Large instruments open to outside users"),
            unit="台",
            values=open_values,
            rows=open_rows,
            definition=gettext_lazy(
                "Instruments at or above the large-instrument threshold, open to outside users, "
                "listed on or before 31 December; by the instrument's (or owner's) county or park."
            ),
        )
    )
    register(
        Computation(
            key=OUTSIDE_HOURS,
            label=gettext_lazy("Machine-hours shared with outside users"),
            unit="小时",
            values=outside_hours_values,
            rows=outside_hours_rows,
            definition=gettext_lazy(
                "Recorded machine-hours of used bookings by organisations other than the owner, "
                "by the booking's start year."
            ),
        )
    )
