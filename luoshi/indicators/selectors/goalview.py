"""A target's view on the dashboard and its page: its status or, once the target year is over,
its outcome; the one 完成 figure and how far the figure lies behind the path, in bands."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from luoshi.core.templatetags.luoshi import format_number
from luoshi.indicators import outcome as outcomes
from luoshi.indicators import trajectory
from luoshi.indicators.models import Goal, IndicatorValue, MilestoneStep
from luoshi.indicators.selectors.common import LIGHTS, status_label

# How far a figure lies behind the path to its target, in bands a leader tells apart at a
# glance: 1 % behind and 13 % behind are not the same news (shares of the expected value).
BANDS = (
    (1.0, "ahead"),
    (0.95, "slightly_behind"),
    (0.85, "behind"),
    (0.0, "far_behind"),
)


def band_label(band: str, shortfall: float | None) -> str:
    params = {"pct": format_number(Decimal(str(round(shortfall or 0, 1))), 1)}
    return {
        "ahead": _("On or ahead of the path"),
        "slightly_behind": _("%(pct)s%% behind the path") % params,
        "behind": _("%(pct)s%% behind the path") % params,
        "far_behind": _("%(pct)s%% behind the path") % params,
    }[band]


@dataclass
class GoalView:
    goal: Goal
    status: str
    reason: str
    assessment: trajectory.Assessment | None = None
    milestone: trajectory.MilestoneAssessment | None = None
    latest: IndicatorValue | None = None
    series: list[IndicatorValue | None] = field(default_factory=list)
    sparkline: str = ""
    steps: list[MilestoneStep] = field(default_factory=list)
    # after the target year: achieved or not, by how much (outcome.py, the one source)
    outcome: outcomes.Outcome | None = None

    @property
    def light(self) -> str:
        if self.outcome is not None:
            return self.outcome.light
        return LIGHTS[self.status]

    @property
    def status_label(self) -> str:
        if self.outcome is not None:
            return self.outcome.label
        return status_label(self.status)

    @property
    def explanation(self) -> str:
        return self.outcome.text if self.outcome is not None else self.reason

    @property
    def shortfall_pct(self) -> float | None:
        """How far the latest figure lies behind the path, in % of the expected value."""
        a = self.assessment
        if self.outcome is not None or a is None or a.share_of_expected is None:
            return None
        return max(0.0, (1 - a.share_of_expected) * 100)

    @property
    def band(self) -> str:
        a = self.assessment
        if self.outcome is not None or a is None or a.share_of_expected is None:
            return ""
        for floor, name in BANDS:
            if a.share_of_expected >= floor:
                return name
        return "far_behind"

    @property
    def band_text(self) -> str:
        return band_label(self.band, self.shortfall_pct) if self.band else ""

    @property
    def path_pct(self) -> float | None:
        """The latest figure as a share of the value the path expects that year (the second
        figure on a card, explained as such; the card's 完成 figure is pct_achieved)."""
        a = self.assessment
        if a is None or a.share_of_expected is None:
            return None
        return a.share_of_expected * 100
