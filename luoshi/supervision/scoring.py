"""Process figures of a unit (过程数据): what the yearly assessment scores, as counts and rates.

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
    milestone rate  M = MC / MD          (none when MD = 0)

Rates are ratios of sums over the range, never averages of per-period ratios. How the rates
become a score — weights, deductions per 督办单, bonus and deduction items — is the yearly
assessment's rules (luoshi.assessment), which the office sets as data per year.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Figures:
    counts: Counts
    on_time_rate: float | None
    completeness: float | None
    first_pass_rate: float | None
    milestone_rate: float | None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def figures(counts: Counts) -> Figures:
    """The rates of a unit's counts (none of the report rates when nothing was expected)."""
    milestones = _ratio(counts.milestones_done, counts.milestones_due)
    if not counts.expected:
        return Figures(counts, None, None, None, milestones)
    first_pass = 1 - counts.returned / counts.submitted if counts.submitted else 0.0
    return Figures(
        counts,
        counts.on_time / counts.expected,
        counts.submitted / counts.expected,
        first_pass,
        milestones,
    )
