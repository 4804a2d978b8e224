"""The outcome of a target once its target year has passed, and a place's result against its
yearly target: pure functions over figures already loaded.

    goal_outcome(goal, series, pending_years=..., today=...) -> Outcome
    milestone_outcome(goal, steps, today=...) -> Outcome
    share_result(target=..., row=..., comparator=..., ...) -> ShareResult

An outcome says whether the target was achieved, by how much, and how firm the figure of the
target year is: final, provisional (初步数: the official R&D figure, for one, comes about nine
months after the year), entered but not yet accepted, or missing. Before the target year has
passed there is no outcome yet (NOT_DUE) — only a trajectory (trajectory.assess).

One source: the final evaluation (终期评估), its document and the public page read outcomes
from here, and so do the dashboard and target pages once the target year has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from luoshi.indicators import trajectory

ACHIEVED = "achieved"
NOT_ACHIEVED = "not_achieved"
AWAITING_DATA = "awaiting_data"  # the year has passed, no accepted figure for it yet
NOT_DUE = "not_due"
NO_TARGET = "no_target"

# How firm the target year's figure is.
FINAL = "final"
PROVISIONAL = "provisional"
UNACCEPTED = "unaccepted"  # entered, still in approval
MISSING = "missing"


def state_label(state: str) -> str:
    return {
        ACHIEVED: _("Achieved"),
        NOT_ACHIEVED: _("Not achieved"),
        AWAITING_DATA: _("Awaiting the final-year figure"),
        NOT_DUE: _("Target year not yet over"),
        NO_TARGET: _("No target value"),
    }[state]


def data_status_label(status: str) -> str:
    return {
        FINAL: _("final figure"),
        PROVISIONAL: _("provisional figure (初步数)"),
        UNACCEPTED: _("figure awaiting approval"),
        MISSING: _("no figure yet"),
        "": "",
    }[status]


LIGHTS = {
    ACHIEVED: "green",
    NOT_ACHIEVED: "red",
    AWAITING_DATA: "grey",
    NOT_DUE: "grey",
    NO_TARGET: "grey",
}


@dataclass
class Outcome:
    state: str
    target_year: int | None
    target: float | None
    comparator: str
    value: float | None = None  # the figure of the target year
    gap: float | None = None  # beyond the target (+) or short of it (−), in the figure's unit
    gap_pct: float | None = None  # the gap as a share of the target, in %
    pct_of_target: float | None = None
    data_status: str = ""
    is_demo: bool = False
    incomplete: bool = False  # not every place below reported
    text: str = ""
    # milestones
    steps_done: int = 0
    steps_total: int = 0

    @property
    def achieved(self) -> bool:
        return self.state == ACHIEVED

    @property
    def due(self) -> bool:
        return self.state not in (NOT_DUE, NO_TARGET)

    @property
    def light(self) -> str:
        return LIGHTS[self.state]

    @property
    def label(self) -> str:
        return state_label(self.state)

    @property
    def data_status_label(self) -> str:
        return data_status_label(self.data_status)

    @property
    def provisional(self) -> bool:
        return self.data_status == PROVISIONAL


def year_over(year: int | None, today: dt.date) -> bool:
    return year is not None and today > dt.date(year, 12, 31)


def _num(value) -> float | None:
    return None if value is None else float(value)


def _signed_gap(value: float, target: float, better_up: bool) -> float:
    return value - target if better_up else target - value


def goal_outcome(
    goal,
    series: dict,
    *,
    pending_years: set[int] | frozenset[int] = frozenset(),
    today: dt.date,
    fmt=None,
    gap_fmt=None,
) -> Outcome:
    """The outcome of a numeric target. `series` maps year → the computed figure of the
    target's place; `gap_fmt` writes the gap (百分点 between percentages) (an IndicatorValue, or anything with value/provisional/complete/is_demo);
    `pending_years` are the years with figures entered but not yet accepted."""
    target = _num(goal.target_value)
    year = goal.target_year
    comparator = goal.comparator
    if target is None or year is None:
        return Outcome(
            NO_TARGET, year, target, comparator, text=_("The target has no value or year.")
        )
    row = series.get(year)
    value = None if row is None else _num(row.value)
    if value is not None:
        status = PROVISIONAL if getattr(row, "provisional", False) else FINAL
    elif year in pending_years:
        status = UNACCEPTED
    else:
        status = MISSING
    direction = goal.indicator.direction if getattr(goal, "indicator", None) else "higher"
    better_up = trajectory.higher_is_better(comparator, direction)
    outcome = Outcome(
        NOT_DUE,
        year,
        target,
        comparator,
        value=value,
        data_status=status,
        is_demo=bool(row is not None and getattr(row, "is_demo", False)),
        incomplete=bool(row is not None and not getattr(row, "complete", True)),
    )
    if value is not None:
        outcome.gap = _signed_gap(value, target, better_up)
        if target:
            outcome.gap_pct = outcome.gap / abs(target) * 100
            outcome.pct_of_target = (
                value / target * 100 if better_up else (target / value * 100 if value else None)
            )
    show = fmt or (lambda v: f"{v:,.2f}")
    params = {
        "value": show(value) if value is not None else "—",
        "target": show(target),
        "year": year,
        "gap": (gap_fmt or show)(abs(outcome.gap)) if outcome.gap is not None else "—",
        "status": data_status_label(status),
    }
    if not year_over(year, today):
        outcome.text = _("The target year %(year)s is not over yet.") % params
        return outcome
    if value is None:
        outcome.state = AWAITING_DATA
        outcome.text = _("%(year)s is over; its figure is not accepted yet (%(status)s).") % params
        return outcome
    if trajectory.meets(value, comparator, target, higher_is_better=better_up):
        outcome.state = ACHIEVED
        outcome.text = (
            _(
                "Achieved: %(value)s in %(year)s against the target %(target)s, %(gap)s beyond it (%(status)s)."
            )
            % params
        )
    else:
        outcome.state = NOT_ACHIEVED
        outcome.text = (
            _(
                "Not achieved: %(value)s in %(year)s against the target %(target)s, %(gap)s short (%(status)s)."
            )
            % params
        )
    return outcome


def milestone_outcome(goal, steps, *, today: dt.date) -> Outcome:
    """A milestone target (e.g. 升级为国家高新区) is achieved when every step is done.
    `steps`: objects with done_on."""
    steps = list(steps)
    done = sum(1 for s in steps if s.done_on)
    outcome = Outcome(
        NOT_DUE,
        goal.target_year,
        None,
        "",
        steps_done=done,
        steps_total=len(steps),
        is_demo=any(getattr(s, "is_demo", False) for s in steps),
    )
    params = {"done": done, "total": len(steps), "year": goal.target_year}
    if steps and done == len(steps):
        outcome.state = ACHIEVED
        outcome.text = _("Achieved: all %(total)s steps are done.") % params
        return outcome
    if not year_over(goal.target_year, today):
        outcome.text = _("%(done)s of %(total)s steps done; the target year is not over.") % params
        return outcome
    outcome.state = NOT_ACHIEVED
    outcome.text = (
        _("Not achieved: %(done)s of %(total)s steps done by the end of %(year)s.") % params
    )
    return outcome


@dataclass
class ShareResult:
    """A place's figure against its yearly target, scored for the yearly assessment."""

    target: float
    value: float | None
    rate: float  # 0–1: the share of the target reached, capped at 1 (0 without a figure)
    met: bool
    data_status: str
    is_demo: bool = False

    @property
    def rate_pct(self) -> float:
        return self.rate * 100

    @property
    def provisional(self) -> bool:
        return self.data_status == PROVISIONAL


def share_result(
    *, target, row, comparator: str = ">=", direction: str = "higher", pending: bool = False
) -> ShareResult:
    """How far a county or park reached its yearly target: the figure ÷ the target (the
    target ÷ the figure when lower is better), capped at 1; 0 when there is no accepted
    figure, whose data status then says why."""
    target = float(target)
    value = None if row is None else _num(row.value)
    if value is None:
        return ShareResult(target, None, 0.0, False, UNACCEPTED if pending else MISSING)
    better_up = trajectory.higher_is_better(comparator, direction)
    if better_up:
        ratio = value / target if target else 1.0
    else:
        ratio = target / value if value else 1.0
    met = trajectory.meets(value, comparator, target, higher_is_better=better_up)
    return ShareResult(
        target,
        value,
        1.0 if met else max(0.0, min(1.0, ratio)),
        met,
        PROVISIONAL if getattr(row, "provisional", False) else FINAL,
        bool(getattr(row, "is_demo", False)),
    )
