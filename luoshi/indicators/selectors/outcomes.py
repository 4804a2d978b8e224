"""Reads for the end of a plan and for the yearly assessment: each target's outcome after its
target year, the yearly targets broken down to counties and parks, and each place's figures
against them. A fixed number of queries whatever the number of targets, places or years."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.indicators import outcome as outcomes
from luoshi.indicators import permissions
from luoshi.indicators.models import (
    DataValue,
    Goal,
    IndicatorValue,
    MilestoneStep,
    YearlyTarget,
)
from luoshi.indicators.selectors.common import places_of


@dataclass
class GoalOutcome:
    goal: Goal
    outcome: outcomes.Outcome

    def shown(self, value) -> str:
        from luoshi.indicators.templatetags.indicators import format_indicator

        indicator = self.goal.indicator
        if indicator is None:
            return format_indicator(value, "", None)
        return format_indicator(value, indicator.unit_of_measure, indicator.decimals)

    @property
    def value_text(self) -> str:
        return self.shown(self.outcome.value)

    @property
    def target_text(self) -> str:
        return self.shown(self.outcome.target)

    @property
    def gap_text(self) -> str:
        gap = self.outcome.gap
        if gap is None:
            return "—"
        return ("+" if gap > 0 else "−" if gap < 0 else "") + gap_formatter(self.goal)(abs(gap))


def _formatter(goal: Goal):
    from luoshi.indicators.templatetags.indicators import format_indicator

    if goal.indicator is None:
        return None
    return lambda v: format_indicator(v, goal.indicator.unit_of_measure, goal.indicator.decimals)


def gap_formatter(goal: Goal):
    from luoshi.indicators.templatetags.indicators import format_difference

    if goal.indicator is None:
        return lambda v: format_difference(v, "", None)
    return lambda v: format_difference(v, goal.indicator.unit_of_measure, goal.indicator.decimals)


def pending_years(indicator_ids, region, years) -> set[tuple[int, int]]:
    """(indicator, year) pairs with figures of the place (or the places under it) entered but
    not yet accepted: 1 query."""
    if not indicator_ids or not years:
        return set()
    rows = (
        DataValue.objects.filter(
            element__indicators__in=list(indicator_ids), year__in=sorted(set(years)), quarter=0
        )
        .filter(Q(region=region) | Q(region__parent=region))
        .exclude(state=DataValue.State.ACCEPTED)
        .values_list("element__indicators", "year")
        .distinct()
        .order_by()
    )
    return set(rows)


def outcomes_of(goals: list[Goal], region, *, today: dt.date) -> list[GoalOutcome]:
    """Each target's outcome for the place (its computed figures and figures still in
    approval: 2 queries; milestone steps come prefetched with the goals)."""
    indicator_ids = {g.indicator_id for g in goals if g.indicator_id}
    series: dict[int, dict[int, IndicatorValue]] = defaultdict(dict)
    if indicator_ids:
        for row in IndicatorValue.objects.filter(region=region, indicator_id__in=indicator_ids):
            series[row.indicator_id][row.year] = row
    pending = pending_years(indicator_ids, region, [g.target_year for g in goals if g.target_year])
    out = []
    for goal in goals:
        if goal.kind == Goal.Kind.MILESTONE:
            result = outcomes.milestone_outcome(goal, goal.steps.all(), today=today)
        else:
            years = {y for (i, y) in pending if i == goal.indicator_id}
            result = outcomes.goal_outcome(
                goal,
                series.get(goal.indicator_id, {}),
                pending_years=years,
                today=today,
                fmt=_formatter(goal),
                gap_fmt=gap_formatter(goal),
            )
        result.is_demo = result.is_demo or goal.is_demo
        out.append(GoalOutcome(goal, result))
    return out


def plan_goals(plan) -> list[Goal]:
    """The plan's monitored targets with their indicators and milestone steps: 2 queries."""
    return list(
        Goal.objects.filter(plan=plan)
        .select_related("indicator", "responsible_unit", "target")
        .prefetch_related(Prefetch("steps", queryset=MilestoneStep.objects.order_by("order", "id")))
        .order_by("order", "id")
    )


def plan_outcomes(*, viewer, plan, today: dt.date | None = None) -> list[GoalOutcome]:
    """The outcome of each monitored target of `plan` for the plan's region: 4 queries.
    This is what the final evaluation, its document, the public page and the dashboard
    after the target year show."""
    if not permissions.can_view_indicators(viewer) or not permissions.can_read_region(
        viewer, plan.region
    ):
        raise NotFound()
    return outcomes_of(plan_goals(plan), plan.region, today=today or timezone.localdate())


def plan_outcomes_public(*, plan, today: dt.date | None = None) -> list[GoalOutcome]:
    """The same outcomes for the public page, which has no viewer: it shows accepted figures
    only, as every outcome is computed from them."""
    return outcomes_of(plan_goals(plan), plan.region, today=today or timezone.localdate())


def target_year_of(plan) -> int | None:
    """The plan's target year: the latest target year of its monitored targets, else of its
    targets as read from the document. 1 query."""
    years = [
        y
        for y in Goal.objects.filter(plan=plan).values_list("target_year", flat=True)
        if y is not None
    ]
    if not years:
        years = [y for y in plan.targets.filter(active=True).values_list("year", flat=True) if y]
    return max(years, default=None)


# ---------------------------------------------------------------------------
# Yearly targets and their breakdown (分解下达)


@dataclass
class BreakdownCell:
    year: int
    target: Decimal | None
    actual: IndicatorValue | None
    result: outcomes.ShareResult | None

    @property
    def input_value(self) -> str:
        return "" if self.target is None else format(self.target.normalize(), "f")


@dataclass
class BreakdownRow:
    place: Any
    cells: list[BreakdownCell] = field(default_factory=list)
    is_city: bool = False


def breakdown_years(goal: Goal, targets: list[YearlyTarget]) -> list[int]:
    """The years of the target's path: after the baseline year up to the target year, and any
    year a yearly target was set for."""
    years = {t.year for t in targets}
    if goal.target_year:
        first = (goal.baseline_year + 1) if goal.baseline_year else goal.target_year
        years |= set(range(min(first, goal.target_year), goal.target_year + 1))
    return sorted(years)


def breakdown(*, viewer, goal: Goal) -> dict[str, Any]:
    """The city's yearly targets and each county's and park's, with their accepted figures
    and how far each reached its target: 4 queries (places, yearly targets, figures, the
    indicator's elements)."""
    if not permissions.can_view_indicators(viewer) or not permissions.can_read_region(
        viewer, goal.region
    ):
        raise NotFound()
    places = places_of(goal.region)
    targets = list(YearlyTarget.objects.filter(goal=goal, region__in=places))
    years = breakdown_years(goal, targets)
    by_cell = {(t.region_id, t.year): t for t in targets}
    figures: dict[tuple[int, int], IndicatorValue] = {}
    if goal.indicator_id:
        for row in IndicatorValue.objects.filter(
            indicator_id=goal.indicator_id, region__in=places, year__in=years
        ):
            figures[(row.region_id, row.year)] = row
    direction = goal.indicator.direction if goal.indicator else "higher"
    rows = []
    for place in places:
        row = BreakdownRow(place=place, is_city=place.pk == goal.region_id)
        for year in years:
            target = by_cell.get((place.pk, year))
            actual = figures.get((place.pk, year))
            result = (
                outcomes.share_result(
                    target=target.value, row=actual, comparator=goal.comparator, direction=direction
                )
                if target is not None and actual is not None
                else None
            )
            row.cells.append(BreakdownCell(year, target.value if target else None, actual, result))
        rows.append(row)
    additive = bool(goal.indicator and _additive(goal))
    sums = []
    for i in range(len(years)):
        parts = [
            r.cells[i].target
            for r in rows
            if not r.is_city and r.place.counted_in_parent and r.cells[i].target is not None
        ]
        sums.append(sum(parts) if parts and additive else None)
    return {
        "goal": goal,
        "years": years,
        "rows": rows,
        "sums": sums,
        "additive": additive,
        "has_demo": any(t.is_demo for t in targets),
        "can_manage": permissions.can_manage_definitions(viewer),
    }


def _additive(goal: Goal) -> bool:
    """Places' yearly targets add up to the city's when the indicator is one element that adds
    up (a count or an amount); a ratio does not."""
    elements = list(goal.indicator.elements.all())
    return (
        len(elements) == 1
        and elements[0].additive
        and goal.indicator.formula.strip() == elements[0].code
    )


def place_results(
    *, plan, year: int, place_ids
) -> dict[int, list[tuple[Goal, outcomes.ShareResult]]]:
    """For the yearly assessment: each place's accepted figure of `year` against its yearly
    target, per monitored target of the plan with a target for that place and year. No
    permission check (the assessment's selector decides who reads results): 3 queries
    (yearly targets with their goals, figures, figures still in approval)."""
    place_ids = sorted(set(place_ids))
    targets = list(
        YearlyTarget.objects.filter(goal__plan=plan, year=year, region_id__in=place_ids)
        .select_related("goal", "goal__indicator")
        .order_by("goal__order", "goal_id", "region_id")
    )
    indicator_ids = {t.goal.indicator_id for t in targets if t.goal.indicator_id}
    figures = {
        (row.indicator_id, row.region_id): row
        for row in IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids, region_id__in=place_ids, year=year
        )
    }
    pending = set()
    if indicator_ids:
        pending = set(
            DataValue.objects.filter(
                element__indicators__in=list(indicator_ids),
                region_id__in=place_ids,
                year=year,
                quarter=0,
            )
            .exclude(state=DataValue.State.ACCEPTED)
            .values_list("element__indicators", "region_id")
            .distinct()
            .order_by()
        )
    out: dict[int, list[tuple[Goal, outcomes.ShareResult]]] = defaultdict(list)
    for t in targets:
        goal = t.goal
        if goal.indicator_id is None:
            continue
        result = outcomes.share_result(
            target=t.value,
            row=figures.get((goal.indicator_id, t.region_id)),
            comparator=goal.comparator,
            direction=goal.indicator.direction,
            pending=(goal.indicator_id, t.region_id) in pending,
        )
        result.is_demo = result.is_demo or t.is_demo
        out[t.region_id].append((goal, result))
    return out


def breakdown_workbook(*, viewer, plan) -> dict[str, Any]:
    """What the breakdown workbook holds for `plan`: its numeric targets, the places, the
    years of their paths and the yearly targets set so far: 3 queries."""
    if not permissions.can_manage_definitions(viewer) or not permissions.can_read_region(
        viewer, plan.region
    ):
        raise NotFound()
    goals = list(
        Goal.objects.filter(plan=plan, kind=Goal.Kind.NUMERIC)
        .select_related("indicator")
        .order_by("order", "id")
    )
    places = places_of(plan.region)
    targets = list(YearlyTarget.objects.filter(goal__in=goals))
    years = sorted({y for g in goals for y in breakdown_years(g, [])} | {t.year for t in targets})
    values = {(t.goal_id, t.region_id, t.year): t.value for t in targets}
    demo = {(t.goal_id, t.region_id, t.year) for t in targets if t.is_demo}
    return {
        "plan": plan,
        "goals": goals,
        "places": places,
        "years": years,
        "values": values,
        "demo": demo,
    }
