import datetime as dt
from decimal import Decimal

from ninja import Schema


class CallOut(Schema):
    id: int
    title: str
    year: int
    guide: str
    categories: list[str]
    budget: Decimal
    max_request: Decimal
    org_kinds: list[str]
    accepted_kinds: list[str]  # registry qualifications, any of which admits
    attachment_kinds: list[str]
    opens_on: dt.date
    closes_on: dt.date
    state: str
    is_demo: bool


class ChallengeOut(Schema):
    id: int
    title: str
    publisher: str
    goal: str
    indicators: dict[str, str]
    budget: Decimal
    deadline: dt.date
    org_kinds: list[str]
    funding_rate: Decimal
    funding_cap: Decimal
    state: str
    is_demo: bool


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    reused: bool  # a file given before, not uploaded again


class ApplicationOut(Schema):
    id: int
    call_id: int
    call: str
    organisation: str
    title: str
    category: str
    requested: Decimal
    matching: Decimal
    state: str
    score: Decimal | None = None
    submitted_at: dt.datetime
    attachments: list[AttachmentOut]
    is_demo: bool


class CallFiguresOut(Schema):
    id: int
    title: str
    year: int
    state: str
    budget: Decimal
    applications: int
    requested: Decimal
    approved: int
    approved_requested: Decimal
    contracts: int
    city_funding: Decimal  # signed contracts' city funding
    paid: Decimal  # tranches paid
