"""Red-yellow-green lights with their reasons: pure functions over plain values.

Every cell of the period overview (task × unit × period) is computed here from the
report's state, the dates, the unit's milestones on the task and its reported progress.
Nothing here touches the database, so a page computes thousands of lights from rows it
fetched in a few queries.

Rules, most severe first (the first red wins, else the first yellow, ...):
  red     report overdue past the grace days, nothing submitted
  red     a milestone's deadline passed and it is not done
  red     returned `returns_for_red` times or more (default 2)
  red     reported progress below `behind_pct` % of expected progress (off track)
  yellow  overdue but within the grace days
  yellow  due today / due within `yellow_window_days` days, nothing submitted
  yellow  a milestone falls due within `yellow_window_days` days and is not done
  yellow  returned once, waiting to be submitted again
  yellow  reported progress between `behind_pct` and `on_track_pct` % of expected (behind)
  green   approved / submitted (on time or how late) / nothing new this period
  grey    not yet due and nothing else to say
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
SEVERITY = {GREY: 0, GREEN: 1, YELLOW: 2, RED: 3}
COLOURS = (GREEN, YELLOW, RED, GREY)

# Report statuses as plain strings (models.UnitReport.Status), so this module stays pure.
SENT = {"submitted", "returned", "approved"}


@dataclass(frozen=True)
class Thresholds:
    yellow_window_days: int = 5
    on_track_pct: int = 95
    behind_pct: int = 85
    returns_for_red: int = 2

    @classmethod
    def of(cls, cycle) -> Thresholds:
        if cycle is None:
            return cls()
        return cls(
            yellow_window_days=cycle.yellow_window_days,
            on_track_pct=cycle.on_track_pct,
            behind_pct=cycle.behind_pct,
            returns_for_red=cycle.returns_for_red,
        )


@dataclass(frozen=True)
class MilestoneState:
    title: str
    deadline: dt.date
    done_on: dt.date | None = None


@dataclass(frozen=True)
class Reason:
    colour: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return explain(self)


@dataclass(frozen=True)
class Light:
    colour: str
    reason: Reason
    reasons: tuple[Reason, ...] = ()

    @property
    def text(self) -> str:
        return self.reason.text

    @property
    def severity(self) -> int:
        return SEVERITY[self.colour]


def _date(value: dt.date) -> str:
    from luoshi.core.templatetags.luoshi import cn_date

    return cn_date(value)


def explain(reason: Reason) -> str:
    """The reason in the reader's language, e.g. "红：报告逾期6天". A matrix explains
    hundreds of lights with a handful of distinct reasons: each is translated once."""
    key = (get_language(), reason.code, tuple(sorted(reason.params.items())))
    text = _EXPLAINED.get(key)
    if text is None:
        if len(_EXPLAINED) > 10000:
            _EXPLAINED.clear()
        text = _EXPLAINED[key] = _explain(reason)
    return text


_EXPLAINED: dict[tuple, str] = {}


def _explain(reason: Reason) -> str:
    p = reason.params
    code = reason.code
    if code == "overdue":
        return (
            ngettext(
                "red: report %(days)s day overdue", "red: report %(days)s days overdue", p["days"]
            )
            % p
        )
    if code == "milestone_missed":
        return _("red: milestone “%(title)s” missed (due %(date)s)") % {
            **p,
            "date": _date(p["date"]),
        }
    if code == "returned_often":
        return _("red: returned %(count)s times") % p
    if code == "off_track":
        return _("red: progress at %(ratio)s%% of expected (off track)") % p
    if code == "grace":
        return (
            ngettext(
                "yellow: report %(days)s day overdue, within grace",
                "yellow: report %(days)s days overdue, within grace",
                p["days"],
            )
            % p
        )
    if code == "due_today":
        return _("yellow: due today, nothing submitted")
    if code == "due_soon":
        return (
            ngettext(
                "yellow: due in %(days)s day, nothing submitted",
                "yellow: due in %(days)s days, nothing submitted",
                p["days"],
            )
            % p
        )
    if code == "milestone_at_risk":
        return (
            ngettext(
                "yellow: milestone “%(title)s” due in %(days)s day",
                "yellow: milestone “%(title)s” due in %(days)s days",
                p["days"],
            )
            % p
        )
    if code == "returned":
        return _("yellow: returned for revision")
    if code == "behind":
        return _("yellow: progress at %(ratio)s%% of expected (behind)") % p
    if code == "units_red":
        return (
            ngettext(
                "yellow: %(count)s involved unit is red",
                "yellow: %(count)s involved units are red",
                p["count"],
            )
            % p
        )
    if code == "on_track":
        return _("green: progress at %(ratio)s%% of expected (on track)") % p
    if code == "approved":
        return _("green: approved")
    if code == "nothing_new":
        return _("green: nothing new this period")
    if code == "submitted":
        return _("green: submitted on time")
    if code == "submitted_late":
        return (
            ngettext(
                "green: submitted %(days)s day late",
                "green: submitted %(days)s days late",
                p["days"],
            )
            % p
        )
    if code == "not_due":
        return _("grey: not yet due (due %(date)s)") % {"date": _date(p["date"])}
    if code == "no_one":
        return _("grey: no unit reports on this task")
    return code


def cell_light(
    *,
    today: dt.date,
    due_date: dt.date,
    grace_days: int,
    status: str | None,
    submitted_on: dt.date | None = None,
    return_count: int = 0,
    nothing_new: bool = False,
    progress_pct: int | None = None,
    expected_pct: float | None = None,
    milestones: list[MilestoneState] | tuple[MilestoneState, ...] = (),
    milestones_as_of: dt.date | None = None,
    thresholds: Thresholds = Thresholds(),
) -> Light:
    """The light of one unit's report on one task in one period.

    `status` is the report's status or None when the unit has not started; `submitted_on`
    the date it was first submitted. Milestones are the unit's on this task; they are
    judged as of `milestones_as_of` (the period's due date for past periods, else today).
    `expected_pct` is the progress the task should have reached (cycles.expected_progress).
    """
    reasons: list[Reason] = []
    sent = status in SENT
    red_after = due_date + dt.timedelta(days=grace_days)

    # Time: a report not sent by its due date.
    if not sent:
        if today > red_after:
            reasons.append(Reason(RED, "overdue", {"days": (today - due_date).days}))
        elif today > due_date:
            reasons.append(Reason(YELLOW, "grace", {"days": (today - due_date).days}))
        elif today == due_date:
            reasons.append(Reason(YELLOW, "due_today"))
        elif (due_date - today).days <= thresholds.yellow_window_days:
            reasons.append(Reason(YELLOW, "due_soon", {"days": (due_date - today).days}))

    # Milestones: missed (red) or falling due soon (yellow).
    as_of = milestones_as_of or today
    for m in sorted(milestones, key=lambda m: m.deadline):
        done = m.done_on is not None and m.done_on <= as_of
        if done:
            continue
        if m.deadline < as_of:
            reasons.append(Reason(RED, "milestone_missed", {"title": m.title, "date": m.deadline}))
        elif (m.deadline - as_of).days <= thresholds.yellow_window_days:
            reasons.append(
                Reason(
                    YELLOW,
                    "milestone_at_risk",
                    {"title": m.title, "days": (m.deadline - as_of).days},
                )
            )

    # Review: returned reports.
    if return_count >= thresholds.returns_for_red and status != "approved":
        reasons.append(Reason(RED, "returned_often", {"count": return_count}))
    elif status == "returned":
        reasons.append(Reason(YELLOW, "returned"))

    # Progress against the steady pace the deadline implies.
    if sent:
        pace = progress_reason(progress_pct, expected_pct, thresholds)
        if pace is not None and pace.colour != GREEN:
            reasons.append(pace)

    # What is fine.
    if status == "approved":
        reasons.append(Reason(GREEN, "approved"))
    elif sent:
        if submitted_on is not None and submitted_on > due_date:
            reasons.append(
                Reason(GREEN, "submitted_late", {"days": (submitted_on - due_date).days})
            )
        elif nothing_new:
            reasons.append(Reason(GREEN, "nothing_new"))
        else:
            reasons.append(Reason(GREEN, "submitted"))
    if not reasons:
        reasons.append(Reason(GREY, "not_due", {"date": due_date}))

    worst = max(reasons, key=lambda r: SEVERITY[r.colour])  # max keeps the first of equals
    return Light(colour=worst.colour, reason=worst, reasons=tuple(reasons))


def progress_reason(
    progress_pct: int | None, expected_pct: float | None, thresholds: Thresholds = Thresholds()
) -> Reason | None:
    """Reported progress against expected progress: red below `behind_pct` % of it (off
    track), yellow below `on_track_pct` % (behind), else green (on track). None when there is
    nothing to compare."""
    if progress_pct is None or not expected_pct:
        return None
    ratio = int(100 * progress_pct / expected_pct)
    if ratio < thresholds.behind_pct:
        return Reason(RED, "off_track", {"ratio": ratio})
    if ratio < thresholds.on_track_pct:
        return Reason(YELLOW, "behind", {"ratio": ratio})
    return Reason(GREEN, "on_track", {"ratio": ratio})


def task_light(lead: list[Light], others: list[Light]) -> Light | None:
    """A task's light: its lead unit's (the worst of two lead units'), since the lead unit
    answers for the task; a green lead turns yellow when another unit is red.
    Without a lead unit, the worst of all."""
    if not lead:
        return worst(others)
    base = worst(lead)
    reds = sum(1 for light in others if light.colour == RED)
    if base.colour in (GREEN, GREY) and reds:
        reason = Reason(YELLOW, "units_red", {"count": reds})
        return Light(colour=YELLOW, reason=reason, reasons=(reason, *base.reasons))
    return base


def worst(lights: list[Light]) -> Light | None:
    """The most severe light (the first of equals), e.g. a task's light from its units'."""
    return max(lights, key=lambda light: light.severity) if lights else None


def count(lights) -> dict[str, int]:
    totals = dict.fromkeys(COLOURS, 0)
    for light in lights:
        totals[light.colour] += 1
    return totals
