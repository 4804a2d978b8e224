"""Reads for the dashboard, target pages, the indicator table and the brief."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.errors import NotFound
from luoshi.indicators import outcome as outcomes
from luoshi.indicators import permissions, trajectory
from luoshi.indicators.models import (
    Goal,
    Indicator,
    IndicatorValue,
    MilestoneStep,
)
from luoshi.indicators.selectors import outcomes as outcome_reads
from luoshi.indicators.selectors.charts import chart_data, comparison_data
from luoshi.indicators.selectors.common import (
    default_plan,
    default_region,
    places_of,
    status_thresholds,
)
from luoshi.indicators.selectors.goalview import GoalView
from luoshi.indicators.selectors.taskfigures import plan_figures
from luoshi.org.models import Region
from luoshi.supervision import status

# ---------------------------------------------------------------------------
# The indicator table


def indicator_table(*, viewer, region: Region | None = None) -> dict[str, Any]:
    """Every active indicator for the region and the places under it, by year: 4 queries
    (default region, places, indicators, computed values)."""
    if not permissions.can_view_indicators(viewer):
        raise NotFound()
    if region is not None and not permissions.can_read_region(viewer, region):
        raise NotFound()
    region = region or default_region(viewer)
    if region is None:
        return {"region": None, "places": [], "indicators": [], "years": []}
    places = places_of(region)
    indicators = list(Indicator.objects.filter(active=True))
    grid: dict[tuple[int, int, int], IndicatorValue] = {}
    years: set[int] = set()
    for row in IndicatorValue.objects.filter(region__in=places, indicator__in=indicators):
        grid[(row.indicator_id, row.region_id, row.year)] = row
        years.add(row.year)
    year_list = sorted(years)
    tables = []
    for indicator in indicators:
        rows = []
        for place in places:
            cells = [grid.get((indicator.pk, place.pk, y)) for y in year_list]
            if any(cells):
                rows.append({"place": place, "cells": cells})
        tables.append({"indicator": indicator, "rows": rows})
    return {"region": region, "places": places, "indicators": tables, "years": year_list}


# ---------------------------------------------------------------------------
# Targets and the dashboard


def _sparkline(values: list[float | None], width: int = 120, height: int = 32) -> str:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(points) < 2:
        return ""
    lo = min(v for _i, v in points)
    hi = max(v for _i, v in points)
    span = hi - lo or 1.0
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{height - 2 - (v - lo) / span * (height - 4):.1f}" for i, v in points
    )


def _formatter(indicator: Indicator | None):
    from luoshi.indicators.templatetags.indicators import format_indicator

    if indicator is None:
        return None
    return lambda v: format_indicator(v, indicator.unit_of_measure, indicator.decimals)


def _assess_goal(goal: Goal, years: list[int], series: dict[int, IndicatorValue]) -> GoalView:
    values = [series[y].value if y in series else None for y in years]
    decimals = goal.indicator.decimals if goal.indicator else 2
    if goal.target_value is None or goal.target_year is None:
        return GoalView(
            goal=goal, status=trajectory.NO_DATA, reason=_("The target has no value or year yet.")
        )
    assessment = trajectory.assess(
        baseline_year=goal.baseline_year or (years[0] if years else goal.target_year),
        baseline=None if goal.baseline_value is None else float(goal.baseline_value),
        target_year=goal.target_year,
        target=float(goal.target_value),
        comparator=goal.comparator,
        direction=goal.indicator.direction if goal.indicator else "higher",
        years=years,
        values=values,
        decimals=decimals,
        fmt=_formatter(goal.indicator),
        **status_thresholds(),
    )
    latest = series.get(assessment.latest_year) if assessment.latest_year else None
    return GoalView(
        goal=goal,
        status=assessment.status,
        reason=assessment.reason,
        assessment=assessment,
        latest=latest,
        series=[series.get(y) for y in years],
        sparkline=_sparkline(values),
    )


def _load_goals(plan) -> list[Goal]:
    if plan is None:
        return []
    return list(
        Goal.objects.filter(plan=plan)
        .select_related("indicator", "responsible_unit", "target")
        .prefetch_related(
            Prefetch(
                "steps", queryset=MilestoneStep.objects.annotate(evidence_count=Count("evidence"))
            )
        )
        .order_by("order", "id")
    )


def goal_views(
    goals: list[Goal],
    computed: dict[tuple[int, int], dict[int, IndicatorValue]],
    region: Region,
    *,
    today=None,
) -> list[GoalView]:
    """Each target's view; once its target year is over, its outcome (achieved or not) takes
    the place of the projection. The figures still in approval for the target years over are
    read in 1 query, only when some target year is over."""
    today = today or timezone.localdate()
    over = [g for g in goals if g.indicator_id and outcomes.year_over(g.target_year, today)]
    pending = (
        outcome_reads.pending_years(
            {g.indicator_id for g in over}, region, [g.target_year for g in over]
        )
        if over
        else set()
    )
    views = []
    for goal in goals:
        if goal.kind == Goal.Kind.MILESTONE:
            steps = list(goal.steps.all())
            milestone = trajectory.assess_milestone(
                [(s.title, s.due_on, s.done_on) for s in steps], today
            )
            view = GoalView(
                goal=goal,
                status=milestone.status,
                reason=milestone.reason,
                milestone=milestone,
                steps=steps,
            )
            if outcomes.year_over(goal.target_year, today):
                view.outcome = outcomes.milestone_outcome(goal, steps, today=today)
            views.append(view)
            continue
        if goal.indicator is None:
            views.append(
                GoalView(goal=goal, status=trajectory.NO_DATA, reason=_("No indicator linked yet."))
            )
            continue
        series = computed.get((goal.indicator_id, region.pk), {})
        years: list[int] = []
        if series:
            start = min(min(series), goal.baseline_year or min(series))
            years = list(range(start, max(series) + 1))
        view = _assess_goal(goal, years, series)
        if outcomes.year_over(goal.target_year, today):
            view.outcome = outcomes.goal_outcome(
                goal,
                series,
                pending_years={y for (i, y) in pending if i == goal.indicator_id},
                today=today,
                fmt=_formatter(goal.indicator),
                gap_fmt=outcome_reads.gap_formatter(goal),
            )
        views.append(view)
    return views


def _computed(
    places: list[Region], indicators: list[Indicator]
) -> dict[tuple[int, int], dict[int, IndicatorValue]]:
    """IndicatorValue rows as {(indicator, place): {year: row}}: 1 query."""
    out: dict[tuple[int, int], dict[int, IndicatorValue]] = defaultdict(dict)
    for row in IndicatorValue.objects.filter(region__in=places, indicator__in=indicators).order_by(
        "year"
    ):
        out[(row.indicator_id, row.region_id)][row.year] = row
    return out


def supervision_summary(*, viewer, plan) -> dict[str, Any] | None:
    """The task lights by group in the period most recently ended, from the supervision
    status read model (the same lights as the period overview)."""
    if plan is None:
        return None
    summary = status.lights_summary(viewer=viewer, plan=plan, today=timezone.localdate())
    rows = []
    for row in summary["sections"]:
        counts = {key: row[key] for key in ("green", "yellow", "red", "grey")}
        total = sum(counts.values())
        widths = {f"{key}_pct": (counts[key] * 100 / total if total else 0) for key in counts}
        rows.append(
            {"section": row["section"], **counts, **widths, "total": total, "tasks": row["tasks"]}
        )
    return {"period": summary["period"], "rows": rows}


def dashboard(*, viewer, plan=None) -> dict[str, Any]:
    """The leaders' dashboard. Queries: plan, goals, milestone steps, indicators, places,
    computed values — 6, plus the supervision summary's own and the programme figures' 2."""
    if not permissions.can_view_indicators(viewer):
        raise NotFound()
    plan = plan or default_plan(viewer)
    region = plan.region if plan is not None else default_region(viewer)
    if region is None:
        return {
            "region": None,
            "plan": None,
            "cards": [],
            "charts": [],
            "comparison": [],
            "supervision": None,
        }
    goals = _load_goals(plan)
    indicators = list(Indicator.objects.filter(active=True))
    places = places_of(region)
    computed = _computed(places, indicators)
    views = goal_views(goals, computed, region)
    view_by_indicator = {v.goal.indicator_id: v for v in views if v.goal.indicator_id}
    charts = [
        chart_data(
            indicator,
            view_by_indicator.get(indicator.pk),
            computed.get((indicator.pk, region.pk), {}),
        )
        for indicator in indicators
    ]
    charts = [c for c in charts if c["years"]]
    comparison = [comparison_data(i, places, computed) for i in indicators]
    comparison = [c for c in comparison if c["year"]]
    city_rows = [
        r for (ind, reg), by_year in computed.items() if reg == region.pk for r in by_year.values()
    ]
    as_of = max((r.as_of for r in city_rows if r.as_of), default=None)
    # "Figures to" is the latest year of the targets' figures when there are targets.
    target_years = [
        v.assessment.latest_year for v in views if v.assessment and v.assessment.latest_year
    ]
    latest_year = max(target_years, default=None) or max(
        (r.year for r in city_rows if r.value is not None), default=None
    )
    outcomes_due = any(v.outcome is not None for v in views)
    # Targets whose figures come from a registry (one query): the card says so, and its
    # page shows computed beside reported with the rows behind each figure.
    from luoshi.indicators.models import ComputedValue

    registry_ids = set(
        ComputedValue.objects.filter(
            region=region, element__indicators__in=[i.pk for i in indicators]
        )
        .values_list("element__indicators", flat=True)
        .distinct()
    )
    return {
        "region": region,
        "plan": plan,
        "registry_indicators": registry_ids,
        "cards": views,
        "outcomes_due": outcomes_due,
        "target_year": max((g.target_year for g in goals if g.target_year), default=None),
        "evaluation_link": bool(
            outcomes_due and plan is not None and status.reads_whole_plan(viewer, plan)
        ),
        "charts": charts,
        "comparison": comparison,
        "supervision": supervision_summary(viewer=viewer, plan=plan),
        # The programmes' own figures, as the office shows them with the plan's tasks.
        "programme_figures": plan_figures(viewer=viewer, plan=plan),
        "as_of": as_of,
        "latest_year": latest_year,
        "has_demo": any(r.is_demo for r in city_rows),
        "parks_counted": bool(getattr(settings, "LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY", False)),
    }


def goal_detail(*, viewer, goal: Goal) -> dict[str, Any]:
    """One target: its assessment, chart, place comparison and milestone steps with evidence."""
    region = goal.region
    places = places_of(region)
    computed = _computed(places, [goal.indicator] if goal.indicator else [])
    view = goal_views([goal], computed, region)[0]
    chart = None
    comparison = None
    if goal.indicator:
        chart = chart_data(goal.indicator, view, computed.get((goal.indicator_id, region.pk), {}))
        comparison = comparison_data(goal.indicator, places, computed)
    steps = (
        list(goal.steps.prefetch_related("evidence")) if goal.kind == Goal.Kind.MILESTONE else []
    )
    return {
        "goal": goal,
        "view": view,
        "chart": chart,
        "steps": steps,
        "comparison": comparison,
        "can_update": permissions.can_update_milestone(viewer, goal),
        "can_manage": permissions.can_manage_definitions(viewer),
    }


def targets_with_status(*, viewer, plan=None) -> list[GoalView]:
    """Every monitored target of the plan with its computed status (API, brief): 5 queries."""
    if not permissions.can_view_indicators(viewer):
        return []
    plan = plan or default_plan(viewer)
    if plan is None:
        return []
    goals = _load_goals(plan)
    indicators = [g.indicator for g in goals if g.indicator]
    computed = _computed(places_of(plan.region)[:1], indicators)
    return goal_views(goals, computed, plan.region)
