import datetime as dt
from decimal import Decimal

from ninja import Schema


class LoanOut(Schema):
    id: int
    product: str
    product_kind: str
    borrower: str
    county: str | None = None
    bank: str
    guarantor: str | None = None
    year: int
    amount: Decimal
    approved_amount: Decimal | None = None
    term_months: int
    state: str
    disbursed_on: dt.date | None = None
    due_on: dt.date | None = None
    repaid: Decimal
    outstanding: Decimal
    loss: Decimal | None = None
    is_demo: bool


class PoolOut(Schema):
    id: int
    name: str
    pool_share: Decimal
    bank_share: Decimal
    guarantor_share: Decimal
    balance: Decimal
    contributions: Decimal
    compensations: Decimal  # paid out, a positive amount
    recoveries: Decimal
    is_demo: bool


class FigureRow(Schema):
    key: str | int | None = None
    count: int
    lent: Decimal
    outstanding: Decimal
    defaults: int
    compensated: Decimal


class FiguresOut(Schema):
    year: int | None = None
    bank: list[FigureRow]
    product: list[FigureRow]
    county: list[FigureRow]
    year_rows: list[FigureRow]
