import datetime as dt
from decimal import Decimal

from ninja import Schema


class VoucherOut(Schema):
    id: int
    number: str
    batch: str
    year: int
    cross_city: bool
    organisation_id: int
    organisation: str
    amount: Decimal
    committed: Decimal
    redeemed: Decimal
    available: Decimal
    issued_on: dt.date
    expires_on: dt.date
    state: str
    is_demo: bool


class ContractOut(Schema):
    id: int
    provider_id: int
    provider: str
    service_type: str
    title: str
    amount: Decimal
    signed_on: dt.date
    redemptions: list[dict]


class VoucherDetailOut(VoucherOut):
    contracts: list[ContractOut]
