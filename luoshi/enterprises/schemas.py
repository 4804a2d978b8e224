import datetime as dt

from ninja import Schema


class QualificationOut(Schema):
    kind: str
    number: str
    year: int | None = None
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None
    batch: str
    revoked_on: dt.date | None = None


class FirmOut(Schema):
    id: int
    credit_code: str
    name: str
    county: str | None = None
    park: str | None = None
    industry_code: str
    is_demo: bool
    holds: list[str]  # qualification kinds holding today


class FirmDetailOut(FirmOut):
    address: str
    former_names: list[str]
    qualifications: list[QualificationOut]
