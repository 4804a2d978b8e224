"""Project and challenge rules as pure functions: score aggregation with outliers, the
approval list within a budget, and the city's funding of a challenge (揭榜挂帅).

Scores: each application's experts give a total out of 100. The aggregate drops the single
highest and lowest score when at least `trim_from` experts scored (去掉一个最高分和一个最低分)
and averages the rest, rounded once to 0.01. A score further than `outlier_gap` points from
the median is flagged as an outlier and shown, whether or not it was dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Aggregate:
    score: Decimal | None
    count: int
    dropped: tuple[int, ...]  # indexes (in the given order) left out of the mean
    outliers: tuple[int, ...]  # indexes far from the median


def aggregate(
    scores: list[Decimal], *, trim_from: int = 5, outlier_gap: Decimal = Decimal(15)
) -> Aggregate:
    if not scores:
        return Aggregate(None, 0, (), ())
    values = [Decimal(s) for s in scores]
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    dropped: tuple[int, ...] = ()
    if len(values) >= trim_from:
        dropped = (order[0], order[-1])
    kept = [v for i, v in enumerate(values) if i not in dropped]
    mean = (sum(kept) / len(kept)).quantize(CENT, rounding=ROUND_HALF_UP)
    mid = Decimal(median(values))
    outliers = tuple(i for i, v in enumerate(values) if abs(v - mid) > outlier_gap)
    return Aggregate(mean, len(values), dropped, outliers)


@dataclass(frozen=True)
class Ranked:
    key: object
    score: Decimal
    requested: Decimal
    funded: bool
    reason: str  # "funded", "below_pass", "over_budget"


def approval_list(
    candidates: Iterable[tuple[object, Decimal | None, Decimal]],
    *,
    budget: Decimal,
    pass_score: Decimal = Decimal(60),
) -> list[Ranked]:
    """Rank by score (ties keep the given order) and fund down the list while the budget
    lasts; an application that does not fit is skipped and the next smaller one may still
    fit. Candidates: (key, score, amount requested)."""
    ranked = sorted(
        ((k, s, a) for k, s, a in candidates if s is not None),
        key=lambda row: -row[1],
    )
    left = Decimal(budget)
    result = []
    for key, score, amount in ranked:
        if score < pass_score:
            result.append(Ranked(key, score, amount, False, "below_pass"))
        elif amount <= left:
            left -= amount
            result.append(Ranked(key, score, amount, True, "funded"))
        else:
            result.append(Ranked(key, score, amount, False, "over_budget"))
    return result


def challenge_funding(
    *,
    contract_amount: Decimal,
    rate_percent: Decimal = Decimal(40),
    cap: Decimal = Decimal(2_000_000),
) -> Decimal:
    """The city's share of a challenge contract: rate × contract, at most `cap`, rounded
    once half up to the yuan (Suining's draft terms: 40 %, at most 200万元)."""
    share = (Decimal(contract_amount) * Decimal(rate_percent) / HUNDRED).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return min(share, Decimal(cap))


def tranches(*, total: Decimal, percents: Iterable[Decimal]) -> list[Decimal]:
    """Split a funding total over milestones by percent, each rounded once to the yuan; the
    last tranche takes the remainder so they add up to the total."""
    percents = list(percents)
    parts = [
        (Decimal(total) * Decimal(p) / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        for p in percents[:-1]
    ]
    return [*parts, Decimal(total) - sum(parts, Decimal(0))] if percents else []


def targets_met(targets: Mapping[str, Decimal], achieved: Mapping[str, Decimal]) -> dict:
    """Per contract target: met when the achieved value reaches the target."""
    return {
        name: (name in achieved and Decimal(achieved[name]) >= Decimal(goal))
        for name, goal in targets.items()
    }
