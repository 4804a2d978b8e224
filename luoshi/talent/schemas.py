import datetime as dt
from decimal import Decimal

from ninja import Schema


class CardOut(Schema):
    id: int
    number: str
    holder_name: str
    category: str
    employer: str
    issued_on: dt.date
    valid_until: dt.date
    state: str
    is_demo: bool


class TalentApplicationOut(Schema):
    id: int
    person_name: str
    category: str
    employer: str
    state: str
    submitted_at: dt.datetime
    is_demo: bool


class CountRow(Schema):
    key: str | None = None
    n: int


class ServiceRow(Schema):
    key: str | None = None
    total: int
    in_time: int
    late: int
    open: int
    overdue: int
    rating: Decimal | None = None


class StatisticsOut(Schema):
    on: dt.date
    category: list[CountRow]
    county: list[CountRow]
    employer: list[CountRow]
    service: list[ServiceRow]
