import datetime as dt

from ninja import Schema


class PatentOut(Schema):
    id: int
    number: str
    title: str
    holder_name: str
    holder_id: int | None = None
    county: str | None = None
    park: str | None = None
    applied_on: dt.date
    granted_on: dt.date
    ipc: str
    status_today: str
    is_demo: bool


class StatusChangeOut(Schema):
    status: str
    changed_on: dt.date


class PatentYearOut(Schema):
    year: int
    in_force: bool
    high_value: bool
    categories: list[str]


class PatentDetailOut(PatentOut):
    changes: list[StatusChangeOut]
    years: list[PatentYearOut]
