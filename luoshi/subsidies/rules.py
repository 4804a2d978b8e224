"""The R&D post-subsidy rule (研发费用后补助), as a pure computation over Decimals.

A round's rule set, configured per year:

- **base**: the firm's R&D spending in the expense year (`spending`), or its increase over
  the year before (`increase`: spending − previous year's spending, never below zero; a firm
  without a previous-year figure has no increase and gets nothing).
- **tiers**: marginal bands over the base, like a tax scale: `[(0, 5%), (5,000,000, 8%)]`
  pays 5% of the first 5,000,000 yuan of base and 8% of the rest.
- **cap**: at most this much per firm (applied to the tiered amount, before scaling).
- **eligibility**: the firm must hold one of the named qualifications on 31 December of
  the expense year (from the enterprise registry); an empty list admits every firm.
- **budget**: when the capped amounts add up to more than the budget, every amount is
  scaled by budget ÷ total (pro rata).

Rounding, once: amounts are kept exact (Decimal, no rounding) through tiers, cap and
scaling; the scaled amount is then rounded to the yuan, ROUND_HALF_UP. Rounding each line
half-up can add up to half a yuan per line, so when the rounded total would exceed the
budget, one yuan is taken back from the lines that rounding raised the most (largest
rounding gain first; ties by larger amount, then by key) until the total is within the
budget. The rounded total therefore never exceeds the budget, and no amount moves by one
yuan or more from its exact scaled value.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

YUAN = Decimal(1)
ZERO = Decimal(0)
BASE_SPENDING = "spending"
BASE_INCREASE = "increase"


@dataclass(frozen=True)
class Tier:
    above: Decimal  # the band starts above this base (yuan)
    rate: Decimal  # a fraction: 0.05 for 5%


@dataclass(frozen=True)
class Rule:
    base: str = BASE_SPENDING
    tiers: Sequence[Tier] = ()
    cap: Decimal | None = None
    budget: Decimal | None = None

    def __post_init__(self):
        if self.base not in (BASE_SPENDING, BASE_INCREASE):
            raise ValueError(self.base)
        lows = [t.above for t in self.tiers]
        if lows != sorted(lows) or len(set(lows)) != len(lows) or (lows and lows[0] != ZERO):
            raise ValueError("tiers must start at 0 and rise")
        if any(t.rate < 0 or t.rate > 1 for t in self.tiers):
            raise ValueError("rates lie between 0 and 1")


@dataclass(frozen=True)
class Claim:
    spending: Decimal
    previous: Decimal | None = None
    eligible: bool = True


@dataclass
class Result:
    base: Decimal = ZERO
    bands: list[tuple[Decimal, Decimal, Decimal]] = field(default_factory=list)  # (part, rate, pay)
    tiered: Decimal = ZERO
    capped: Decimal = ZERO
    scaled: Decimal = ZERO  # exact
    amount: Decimal = ZERO  # whole yuan
    was_capped: bool = False
    adjusted: bool = False  # lost one yuan to keep the total within the budget
    reason: str = ""  # why nothing: "ineligible", "no_previous", "no_base"


@dataclass
class Outcome:
    results: dict
    total_before_scaling: Decimal
    factor: Decimal  # 1 when the budget suffices
    total: Decimal  # sum of the rounded amounts


def base_of(rule: Rule, claim: Claim) -> tuple[Decimal, str]:
    if rule.base == BASE_SPENDING:
        return max(claim.spending, ZERO), ""
    if claim.previous is None:
        return ZERO, "no_previous"
    return max(claim.spending - claim.previous, ZERO), ""


def tiered(rule: Rule, base: Decimal) -> tuple[Decimal, list[tuple[Decimal, Decimal, Decimal]]]:
    bands = []
    total = ZERO
    for i, tier in enumerate(rule.tiers):
        upper = rule.tiers[i + 1].above if i + 1 < len(rule.tiers) else None
        if base <= tier.above:
            break
        part = (min(base, upper) if upper is not None else base) - tier.above
        pay = part * tier.rate
        bands.append((part, tier.rate, pay))
        total += pay
    return total, bands


def compute(rule: Rule, claims: Mapping[Hashable, Claim]) -> Outcome:
    """The amount for each claim under the rule (see the module's docstring)."""
    with localcontext() as ctx:
        ctx.prec = 50
        results: dict = {}
        for key, claim in claims.items():
            r = Result()
            if not claim.eligible:
                r.reason = "ineligible"
                results[key] = r
                continue
            r.base, r.reason = base_of(rule, claim)
            if not r.reason and r.base == ZERO:
                r.reason = "no_base"
            r.tiered, r.bands = tiered(rule, r.base)
            r.capped = r.tiered
            if rule.cap is not None and r.tiered > rule.cap:
                r.capped, r.was_capped = rule.cap, True
            results[key] = r
        total = sum((r.capped for r in results.values()), ZERO)
        factor = Decimal(1)
        if rule.budget is not None and total > rule.budget:
            factor = rule.budget / total
        for r in results.values():
            r.scaled = r.capped * factor if factor != 1 else r.capped
            r.amount = r.scaled.quantize(YUAN, rounding=ROUND_HALF_UP)
        rounded_total = sum((r.amount for r in results.values()), ZERO)
        if rule.budget is not None and rounded_total > rule.budget:
            excess = int(rounded_total - rule.budget.quantize(YUAN, rounding="ROUND_FLOOR"))
            order = sorted(
                (k for k, r in results.items() if r.amount > 0),
                key=lambda k: (
                    -(results[k].amount - results[k].scaled),
                    -results[k].scaled,
                    str(k),
                ),
            )
            for key in order[:excess]:
                results[key].amount -= YUAN
                results[key].adjusted = True
            rounded_total -= min(excess, len(order))
        return Outcome(
            results=results, total_before_scaling=total, factor=factor, total=rounded_total
        )
