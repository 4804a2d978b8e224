"""Ids and page sizes taken from a request, bounded so that no database is asked for a
number it cannot hold (SQLite and PostgreSQL integers are 64-bit: a 20-digit id used to
raise OverflowError, an answer 500)."""

from __future__ import annotations

from django import forms

MAX_ID = 2**63 - 1
# The largest page an API list answers, and the furthest it may skip.
MAX_PAGE_SIZE = 500
MAX_OFFSET = 10_000_000


def id_or_none(value) -> int | None:
    """A positive 64-bit id from a query parameter, or None for anything else."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdField(forms.IntegerField):
    """An optional id in a filter form: positive and within 64 bits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


def bounded_pagination():
    """django-ninja's limit/offset pagination with a capped page size and offset."""
    from ninja import Field, Schema
    from ninja.pagination import LimitOffsetPagination

    class BoundedLimitOffsetPagination(LimitOffsetPagination):
        class Input(Schema):
            limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)
            offset: int = Field(0, ge=0, le=MAX_OFFSET)

    return BoundedLimitOffsetPagination


class Mapped:
    """A queryset for django-ninja's pagination whose sliced page is turned into dicts by
    `row` (pagination counts, then slices: the mapping runs on one page only)."""

    def __init__(self, qs, row):
        self.qs, self.row = qs, row

    def count(self):
        return self.qs.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        return [self.row(item) for item in self.qs[key]]
