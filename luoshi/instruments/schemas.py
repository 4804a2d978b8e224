import datetime as dt
from decimal import Decimal

from ninja import Schema


class FeeOut(Schema):
    kind: str
    price: Decimal
    note: str


class InstrumentOut(Schema):
    id: int
    name: str
    model_number: str
    category: str
    original_value: Decimal
    owner_id: int
    owner: str
    place: str | None = None  # county or park
    location: str
    capabilities: str
    open_hours: str
    contact_name: str
    contact_phone: str
    is_open: bool
    is_demo: bool
    fees: list[FeeOut]


class BookingOut(Schema):
    id: int
    instrument_id: int
    instrument: str
    organisation_id: int
    organisation: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str
    purpose: str
    samples: int
    hours_used: Decimal | None = None
    samples_used: int | None = None
    fee_charged: Decimal | None = None
    note: str
    is_demo: bool
