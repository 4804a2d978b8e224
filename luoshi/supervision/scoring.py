"""Unit scoring (目标考核): pure arithmetic over counts the scorecard selector fetched.

For a unit over the periods due in the chosen range:

    E  expected reports      one per (period, task the unit is responsible for)
    S  submitted             reports ever submitted (submitted, returned or approved)
    O  on time               reports first submitted on or before the period's due date
    X  returned reports      submitted reports returned at least once
    MD milestones due        the unit's milestones with a deadline in the range (up to today)
    MC milestones completed  of those, done
    N  supervision notices   督办单 issued to the unit in the range

    on-time rate    T = O / E
    completeness    C = S / E
    first-pass rate F = 1 − X / S        (0 when nothing was submitted)
    milestone rate  M = MC / MD          (left out when MD = 0: its weight is spread over the rest)

    score = 100 × (40·T + 30·C + 20·M + 10·F) / (sum of the weights used) − 2·N, floored at 0,
    rounded to one decimal. Units with E = 0 get no score and no rank.

Ranking: score descending, then on-time rate, then completeness; equal scores share a
rank (1, 2, 2, 4). Rates are ratios of sums over the range, never averages of
per-period ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS = {"on_time": 40, "completeness": 30, "milestones": 20, "first_pass": 10}
NOTICE_PENALTY = 2


@dataclass
class Counts:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    returned: int = 0
    returns: int = 0
    milestones_due: int = 0
    milestones_done: int = 0
    notices: int = 0

    def add(self, other: Counts) -> None:
        """Add another unit's counts (the totals line is a ratio of sums, like every rate)."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Score:
    counts: Counts
    on_time_rate: float | None
    completeness: float | None
    first_pass_rate: float | None
    milestone_rate: float | None
    score: float | None
    rank: int | None = None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def score(counts: Counts) -> Score:
    if not counts.expected:
        return Score(
            counts, None, None, None, _ratio(counts.milestones_done, counts.milestones_due), None
        )
    on_time = counts.on_time / counts.expected
    completeness = counts.submitted / counts.expected
    first_pass = 1 - counts.returned / counts.submitted if counts.submitted else 0.0
    milestones = _ratio(counts.milestones_done, counts.milestones_due)
    parts = {"on_time": on_time, "completeness": completeness, "first_pass": first_pass}
    if milestones is not None:
        parts["milestones"] = milestones
    weight = sum(WEIGHTS[k] for k in parts)
    raw = 100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / weight
    value = round(max(0.0, raw - NOTICE_PENALTY * counts.notices), 1)
    return Score(counts, on_time, completeness, first_pass, milestones, value)


def rank(scores: list[tuple[object, Score]]) -> list[tuple[object, Score]]:
    """Sort (unit, score) pairs and set each score's rank; unscored units go last, unranked."""
    scored = [pair for pair in scores if pair[1].score is not None]
    unscored = [pair for pair in scores if pair[1].score is None]
    scored.sort(key=lambda p: (-p[1].score, -(p[1].on_time_rate or 0), -(p[1].completeness or 0)))
    previous = None
    for position, (_unit, s) in enumerate(scored, start=1):
        s.rank = previous.rank if previous is not None and previous.score == s.score else position
        previous = s
    return scored + unscored
