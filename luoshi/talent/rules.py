"""The talent card's rules as pure functions: does a person meet a category's criteria,
the card's validity, and whether a service request was answered in time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Criteria:
    """A category's eligibility rule; an empty or None criterion does not restrict."""

    max_level: int | None = None  # talent level 1 (highest) .. 6; a person at or above it
    employer_kinds: frozenset[str] = frozenset()
    min_salary: Decimal | None = None  # yearly, yuan
    titles: frozenset[str] = frozenset()  # professional titles accepted (any of)


@dataclass(frozen=True)
class Person:
    level: int | None
    employer_kind: str
    salary: Decimal | None
    title: str


def unmet(criteria: Criteria, person: Person) -> list[str]:
    """The criteria the person does not meet (empty: eligible)."""
    missing = []
    if criteria.max_level is not None and (
        person.level is None or person.level > criteria.max_level
    ):
        missing.append("level")
    if criteria.employer_kinds and person.employer_kind not in criteria.employer_kinds:
        missing.append("employer_kind")
    if criteria.min_salary is not None and (
        person.salary is None or person.salary < criteria.min_salary
    ):
        missing.append("salary")
    if criteria.titles and person.title not in criteria.titles:
        missing.append("title")
    return missing


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def valid_until(*, issued_on: dt.date, years: int) -> dt.date:
    """A card issued on 2025-07-01 for 3 years is valid through 2028-06-30."""
    return add_years(issued_on, years) - dt.timedelta(days=1)


def renewed_until(*, current_until: dt.date, today: dt.date, years: int) -> dt.date:
    """A renewal runs on from the current expiry (or from today once expired)."""
    start = max(current_until + dt.timedelta(days=1), today)
    return add_years(start, years) - dt.timedelta(days=1)


def due_on(*, filed_on: dt.date, days: int) -> dt.date:
    return filed_on + dt.timedelta(days=days)


def answered_in_time(*, due: dt.date, answered_on: dt.date | None, today: dt.date) -> bool | None:
    """True/False once answered; None while open and not yet late; False when late."""
    if answered_on is not None:
        return answered_on <= due
    return None if today <= due else False
