"""Calendar arithmetic of reporting periods: pure functions, no database."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date
    due_date: dt.date


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def spans(
    *, first_start: dt.date, months: int, due_offset_days: int, until: dt.date
) -> Iterator[Span]:
    """Periods of `months` months from `first_start` while they start on or before `until`."""
    start = first_start.replace(day=1)
    while start <= until:
        end = add_months(start, months) - dt.timedelta(days=1)
        yield Span(start=start, end=end, due_date=end + dt.timedelta(days=due_offset_days))
        start = end + dt.timedelta(days=1)


def label(start: dt.date, end: dt.date) -> str:
    """ "2025 Q3" / "2025年第3季度" and the like, from the dates alone."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    year = start.year
    if months == 1:
        return _("%(year)s-%(month)02d") % {"year": year, "month": start.month}
    if months == 3 and (start.month - 1) % 3 == 0:
        return _("%(year)s Q%(quarter)s") % {"year": year, "quarter": (start.month - 1) // 3 + 1}
    if months == 6 and start.month in (1, 7):
        return (
            _("%(year)s H1") % {"year": year}
            if start.month == 1
            else _("%(year)s H2") % {"year": year}
        )
    if months == 12 and start.month == 1:
        return _("%(year)s full year") % {"year": year}
    return f"{start:%Y-%m-%d}–{end:%Y-%m-%d}"


def expected_progress(*, as_of: dt.date, start: dt.date, end: dt.date | None) -> float | None:
    """Share of the task (0–100) that should be done by `as_of`, assuming steady work from
    `start` to the deadline `end`. None when the task has no deadline to measure against."""
    if end is None or end <= start:
        return None
    if as_of <= start:
        return 0.0
    if as_of >= end:
        return 100.0
    return 100.0 * (as_of - start).days / (end - start).days
