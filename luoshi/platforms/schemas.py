import datetime as dt

from ninja import Schema


class PlatformOut(Schema):
    id: int
    name: str
    kind: str
    level: str
    host_name: str
    host_id: int | None = None
    county: str | None = None
    park: str | None = None
    recognised_on: dt.date
    active_today: bool
    is_demo: bool


class EvaluationOut(Schema):
    evaluated_on: dt.date
    result: str
    removes: bool


class PlatformDetailOut(PlatformOut):
    evaluations: list[EvaluationOut]
