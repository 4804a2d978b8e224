"""The yearly open-sharing evaluation of instrument owners: one read model, shown on the page
and written to the .xlsx export (both call `evaluate`).

Per owner and year (bookings used in the year, by their start):
- hours used: the recorded machine-hours of used bookings;
- outside-user share: hours used by other organisations ÷ all hours used (a ratio of sums);
- utilisation: hours used ÷ (instruments × the benchmark's lower end, 1,200 h/year);
- fees: fees charged.
Owners with LUOSHI_INSTRUMENT_EVALUATION_MIN_COUNT (5) or more large instruments are scored.
The scoring rule was not found in public sources; the default, documented here and on the
page, is 60 points for utilisation (full at the benchmark), 30 for the outside share (full at
50 %), 10 for no-shows kept under 5 % of used or missed bookings; result 优秀 ≥ 85, 良好 ≥ 70,
合格 ≥ 60, else 不合格."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.core import spreadsheets
from luoshi.instruments import permissions
from luoshi.instruments.models import Booking, Instrument

UTILISATION_POINTS = Decimal(60)
OUTSIDE_POINTS = Decimal(30)
OUTSIDE_FULL_AT = Decimal("0.5")
NO_SHOW_POINTS = Decimal(10)
NO_SHOW_LIMIT = Decimal("0.05")
RESULTS = (
    (Decimal(85), gettext_lazy("Excellent")),
    (Decimal(70), gettext_lazy("Good")),
    (Decimal(60), gettext_lazy("Pass")),
    (Decimal(0), gettext_lazy("Fail")),
)


@dataclass
class OwnerRow:
    owner_id: int
    owner: str
    instruments: int
    hours: Decimal = Decimal(0)
    outside_hours: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    used: int = 0
    no_shows: int = 0
    evaluated: bool = False
    score: Decimal | None = None
    result: str = ""
    details: dict = field(default_factory=dict)

    @property
    def outside_share(self) -> Decimal | None:
        return (self.outside_hours / self.hours) if self.hours else None

    @property
    def utilisation(self) -> Decimal | None:
        low = Decimal(settings.LUOSHI_INSTRUMENT_HOURS_BENCHMARK[0])
        return (self.hours / (self.instruments * low)) if self.instruments else None

    @property
    def hours_per_instrument(self) -> Decimal:
        return self.hours / self.instruments if self.instruments else Decimal(0)


def _score(row: OwnerRow) -> Decimal:
    utilisation = min(Decimal(1), row.utilisation or Decimal(0))
    outside = min(Decimal(1), (row.outside_share or Decimal(0)) / OUTSIDE_FULL_AT)
    done = row.used + row.no_shows
    no_show_rate = Decimal(row.no_shows) / done if done else Decimal(0)
    points = utilisation * UTILISATION_POINTS + outside * OUTSIDE_POINTS
    if no_show_rate <= NO_SHOW_LIMIT:
        points += NO_SHOW_POINTS
    return points.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def evaluate(*, viewer, year: int) -> list[OwnerRow]:
    """Every owner's figures for the year (evaluated owners first, by score); 2 queries."""
    if not permissions.can_evaluate(viewer):
        return []
    large = Instrument.objects.filter(original_value__gte=settings.LUOSHI_LARGE_INSTRUMENT_MIN_YUAN)
    rows: dict[int, OwnerRow] = {}
    for r in large.values("owner_id", "owner__name").annotate(n=Count("pk")):
        rows[r["owner_id"]] = OwnerRow(
            owner_id=r["owner_id"], owner=r["owner__name"], instruments=r["n"]
        )
    bookings = Booking.objects.filter(
        instrument__in=large,
        starts_at__year=year,
        state__in=[Booking.State.COMPLETED, Booking.State.NO_SHOW],
    )
    for r in bookings.values("instrument__owner_id").annotate(
        hours=Sum("hours_used", filter=Q(state=Booking.State.COMPLETED)),
        fees=Sum("fee_charged", filter=Q(state=Booking.State.COMPLETED)),
        used=Count("pk", filter=Q(state=Booking.State.COMPLETED)),
        no_shows=Count("pk", filter=Q(state=Booking.State.NO_SHOW)),
    ):
        row = rows[r["instrument__owner_id"]]
        row.hours = r["hours"] or Decimal(0)
        row.fees = r["fees"] or Decimal(0)
        row.used, row.no_shows = r["used"], r["no_shows"]
    outside = (
        bookings.filter(state=Booking.State.COMPLETED)
        .exclude(organisation_id=F("instrument__owner_id"))
        .values("instrument__owner_id")
        .annotate(hours=Sum("hours_used"))
    )
    for r in outside:
        rows[r["instrument__owner_id"]].outside_hours = r["hours"] or Decimal(0)
    minimum = settings.LUOSHI_INSTRUMENT_EVALUATION_MIN_COUNT
    for row in rows.values():
        row.evaluated = row.instruments >= minimum
        if row.evaluated:
            row.score = _score(row)
            row.result = next(str(label) for floor, label in RESULTS if row.score >= floor)
    return sorted(
        rows.values(), key=lambda r: (not r.evaluated, -(r.score or 0), -r.hours, r.owner)
    )


def _pct(value: Decimal | None) -> float | None:
    return None if value is None else float((value * 100).quantize(Decimal("0.1")))


def evaluation_xlsx(rows: list[OwnerRow], *, year: int) -> bytes:
    """The result list: one row per owner (evaluated owners first)."""
    buffer = io.BytesIO()
    book = spreadsheets.xlsxwriter_book(buffer, in_memory=True)
    sheet = book.add_worksheet(_("Evaluation %(year)s") % {"year": year})
    bold = book.add_format({"bold": True})
    headers = [
        _("Owner"),
        _("Large instruments"),
        _("Hours used"),
        _("Hours per instrument"),
        _("Utilisation against 1,200 h (%)"),
        _("Outside-user share (%)"),
        _("Fees (yuan)"),
        _("Bookings used"),
        _("No-shows"),
        _("Evaluated"),
        _("Score"),
        _("Result"),
    ]
    sheet.write_row(0, 0, headers, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(
            i,
            0,
            [
                row.owner,
                row.instruments,
                float(row.hours),
                float(row.hours_per_instrument.quantize(Decimal("0.1"))),
                _pct(row.utilisation),
                _pct(row.outside_share),
                float(row.fees),
                row.used,
                row.no_shows,
                _("yes") if row.evaluated else _("no (fewer than 5 instruments)"),
                float(row.score) if row.score is not None else None,
                row.result,
            ],
        )
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 11, 14)
    book.close()
    return buffer.getvalue()
