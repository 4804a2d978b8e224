"""Technology finance rules as pure functions: who may borrow under a product, the yearly cap
per firm, and the risk-compensation pool's arithmetic. No database, no Django models.

Money rule (one place): amounts are Decimal yuan. A share of a loss is computed exactly and
rounded once, half up, to the yuan; the bank's part takes the remainder so the parts always
add up to the loss. The pool pays at most its balance; what it cannot pay is the shortfall.
Money recovered after compensation (追偿) splits back by the same rule and the same shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

YUAN = Decimal("1")
HUNDRED = Decimal("100")


def to_yuan(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(YUAN, rounding=ROUND_HALF_UP)


# -- eligibility -------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[str, ...]  # the qualification kinds that made the firm eligible


def eligibility(
    *,
    accepted_kinds: Iterable[str],
    held_kinds: Iterable[str],
    tech_sme_years: Iterable[int] = (),
    year: int,
    tech_sme_lookback: int = 3,
) -> Eligibility:
    """A firm is eligible when it holds any accepted kind. For "tech_sme" a registration in
    any of the last `tech_sme_lookback` years (this year included) counts, as 天府科创贷 asks
    ("科技型中小企业入库编号近三年内"). An empty accepted list admits everyone."""
    accepted = set(accepted_kinds)
    if not accepted:
        return Eligibility(True, ())
    held = set(held_kinds)
    window = range(year - tech_sme_lookback + 1, year + 1)
    if "tech_sme" in accepted and any(y in window for y in tech_sme_years):
        held.add("tech_sme")
    reasons = tuple(sorted(accepted & held))
    return Eligibility(bool(reasons), reasons)


# -- caps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cap:
    year_from: int
    amount: Decimal  # per firm per year, yuan
    max_term_months: int


def cap_for(caps: Iterable[Cap], year: int) -> Cap | None:
    """The cap in force in `year`: the one with the latest `year_from` not after it."""
    best = None
    for cap in caps:
        if cap.year_from <= year and (best is None or cap.year_from > best.year_from):
            best = cap
    return best


def room_under_cap(*, cap: Cap, already: Decimal) -> Decimal:
    """What a firm may still borrow this year under the product."""
    return max(Decimal(0), cap.amount - already)


# -- the risk-compensation pool -----------------------------------------------------------


@dataclass(frozen=True)
class Shares:
    """Percentages of a loss borne by each party; they add up to 100."""

    pool: Decimal  # the government's risk-compensation pool
    bank: Decimal
    guarantor: Decimal = Decimal(0)  # guarantor or insurer

    def check(self) -> list[str]:
        problems = []
        for name in ("pool", "bank", "guarantor"):
            value = getattr(self, name)
            if not (Decimal(0) <= value <= HUNDRED):
                problems.append(name)
        if not problems and self.pool + self.bank + self.guarantor != HUNDRED:
            problems.append("total")
        return problems


@dataclass(frozen=True)
class Split:
    pool: Decimal
    bank: Decimal
    guarantor: Decimal


def split_loss(*, loss: Decimal, shares: Shares, has_guarantor: bool = True) -> Split:
    """Each party's part of a loss. Without a guarantor on the loan its share falls to the
    bank (the pool's share never grows). Rounded once per part; the bank takes the rest."""
    loss = to_yuan(loss)
    pool = to_yuan(loss * shares.pool / HUNDRED)
    guarantor = to_yuan(loss * shares.guarantor / HUNDRED) if has_guarantor else Decimal(0)
    bank = loss - pool - guarantor
    return Split(pool=pool, bank=bank, guarantor=guarantor)


@dataclass(frozen=True)
class Payout:
    paid: Decimal
    shortfall: Decimal


def pool_payout(*, due: Decimal, balance: Decimal) -> Payout:
    """The pool pays what is due up to its balance; never below zero."""
    paid = min(to_yuan(due), max(Decimal(0), to_yuan(balance)))
    return Payout(paid=paid, shortfall=to_yuan(due) - paid)


@dataclass(frozen=True)
class RecoverySplit:
    pool: Decimal
    bank: Decimal
    guarantor: Decimal


def recovery_room(*, loss: Decimal, recovered_before: Decimal) -> Decimal:
    """What may still be recovered on a compensated loan: the loss less earlier recoveries."""
    return max(Decimal(0), to_yuan(loss) - to_yuan(recovered_before))


def split_recovery(
    *,
    amount: Decimal,
    shares: Shares,
    has_guarantor: bool,
    pool_paid: Decimal,
    pool_recovered_before: Decimal,
) -> RecoverySplit:
    """Money recovered from the borrower goes back to the parties by the shares they bore
    the loss (split_loss: rounded once per part, the bank takes the rest). The pool never
    gets back more than it paid: past that, its part goes to the bank, which bore the
    shortfall."""
    parts = split_loss(loss=amount, shares=shares, has_guarantor=has_guarantor)
    room = max(Decimal(0), to_yuan(pool_paid) - to_yuan(pool_recovered_before))
    pool = min(parts.pool, room)
    return RecoverySplit(
        pool=pool, bank=parts.bank + (parts.pool - pool), guarantor=parts.guarantor
    )


def pool_balance(*, contributions: Decimal, recoveries: Decimal, compensations: Decimal) -> Decimal:
    """Money in (contributions, recoveries after compensation) minus money out."""
    return to_yuan(contributions) + to_yuan(recoveries) - to_yuan(compensations)
