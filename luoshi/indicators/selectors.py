"""Reads for indicator pages and the API. Each takes the viewer and loads what the page
needs in a fixed number of queries, whatever the number of places, years or indicators."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.errors import NotFound
from luoshi.indicators import permissions, trajectory
from luoshi.indicators.models import (
    DataElement,
    DataValue,
    Goal,
    Indicator,
    IndicatorValue,
    MilestoneStep,
)
from luoshi.indicators.services import entry_places
from luoshi.org.models import Region

LIGHTS = {
    trajectory.ON_TRACK: "green",
    trajectory.AT_RISK: "yellow",
    trajectory.OFF_TRACK: "red",
    trajectory.NO_DATA: "grey",
}


def status_label(status: str) -> str:
    return {
        trajectory.ON_TRACK: _("On track"),
        trajectory.AT_RISK: _("At risk"),
        trajectory.OFF_TRACK: _("Off track"),
        trajectory.NO_DATA: _("No data"),
    }[status]


def _shares() -> dict[str, float]:
    return {
        "on_track_share": float(
            getattr(settings, "LUOSHI_INDICATORS_ON_TRACK_SHARE", trajectory.ON_TRACK_SHARE)
        ),
        "at_risk_share": float(
            getattr(settings, "LUOSHI_INDICATORS_AT_RISK_SHARE", trajectory.AT_RISK_SHARE)
        ),
    }


# ---------------------------------------------------------------------------
# Places and plans


def default_region() -> Region | None:
    from luoshi.org.selectors import default_region as org_default

    return org_default()


def places_of(region: Region) -> list[Region]:
    """The region and the places directly under it: 1 query."""
    children = list(Region.objects.filter(parent=region).order_by("order", "id"))
    return [region, *children]


def default_plan():
    """The most recent plan with monitored targets, or None."""
    from luoshi.plans.models import Plan

    return (
        Plan.objects.filter(goals__isnull=False)
        .select_related("region")
        .distinct()
        .order_by("-issued_on", "-id")
        .first()
    )


# ---------------------------------------------------------------------------
# Entry


@dataclass
class EntryCell:
    region: Region
    value: DataValue | None
    previous: DataValue | None
    allowed: bool

    @property
    def key(self) -> str:
        return f"{self.region.pk}"


@dataclass
class EntryRow:
    element: DataElement
    cells: list[EntryCell]


def entry_home(*, viewer) -> dict[str, Any]:
    """The viewer's elements and, per year, how many of its values are in each state."""
    elements = list(permissions.elements_enterable_by(viewer).select_related("supplying_unit"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s in DataValue.State.values})
    for year, state, n in (
        DataValue.objects.filter(element__in=elements)
        .values_list("year", "state")
        .annotate(n=Count("id"))
        .order_by("-year")
    ):
        counts[year][state] += n
    this_year = timezone.localdate().year
    years = sorted(set(counts) | {this_year - 1, this_year - 2}, reverse=True)
    return {
        "elements": elements,
        "unit": getattr(viewer, "unit", None),
        "years": [
            {"year": y, "counts": counts.get(y, {s: 0 for s in DataValue.State.values})}
            for y in years
        ],
        "can_approve": permissions.can_approve_values(viewer),
        "can_accept": permissions.can_accept_values(viewer),
    }


def entry_grid(*, viewer, year: int) -> dict[str, Any]:
    """All the viewer's elements × places for one year, with last year's figures: 3 queries."""
    unit = getattr(viewer, "unit", None)
    elements = list(permissions.elements_enterable_by(viewer))
    if unit is None or not elements:
        return {"unit": unit, "year": year, "places": [], "rows": []}
    places = entry_places(unit)
    city_id = places[0].pk
    values = {
        (v.element_id, v.region_id, v.year): v
        for v in DataValue.objects.filter(
            element__in=elements, year__in=[year, year - 1], quarter=0
        ).select_related("entered_by")
    }
    rows = []
    for element in elements:
        cells = []
        for place in places:
            allowed = element.coverage == DataElement.Coverage.ALL or place.pk == city_id
            cells.append(
                EntryCell(
                    region=place,
                    value=values.get((element.pk, place.pk, year)),
                    previous=values.get((element.pk, place.pk, year - 1)),
                    allowed=allowed,
                )
            )
        rows.append(EntryRow(element=element, cells=cells))
    return {"unit": unit, "year": year, "places": places, "rows": rows}


def approval_queue(*, viewer) -> dict[str, Any]:
    """Values waiting for the viewer: drafts of the approver's unit, approved values for the office."""
    base = DataValue.objects.select_related(
        "element", "element__supplying_unit", "region", "entered_by", "approved_by"
    )
    to_approve = DataValue.objects.none()
    to_accept = DataValue.objects.none()
    if permissions.can_approve_values(viewer) and getattr(viewer, "unit_id", None):
        to_approve = base.filter(
            state=DataValue.State.DRAFT, element__supplying_unit_id=viewer.unit_id
        )
    if permissions.can_accept_values(viewer):
        to_accept = base.filter(state=DataValue.State.APPROVED)
    order = (
        "element__supplying_unit__order",
        "-year",
        "element__order",
        "region__order",
        "quarter",
    )
    return {
        "to_approve": list(to_approve.order_by(*order)),
        "to_accept": list(to_accept.order_by(*order)),
    }


def values_by_ids(*, viewer, ids, state: str) -> list[DataValue]:
    return list(
        permissions.values_visible_to(viewer)
        .select_related("element", "region")
        .filter(pk__in=[int(i) for i in ids if str(i).isdigit()], state=state)
    )


def value_history(*, viewer, value: DataValue):
    from luoshi.core.models import AuditEvent

    return AuditEvent.objects.filter(
        model=DataValue._meta.label_lower, object_pk=str(value.pk)
    ).select_related("actor")


# ---------------------------------------------------------------------------
# The indicator table


def indicator_table(*, viewer, region: Region | None = None) -> dict[str, Any]:
    """Every active indicator for the region and the places under it, by year: 3 queries."""
    if not permissions.can_view_indicators(viewer):
        raise NotFound()
    region = region or default_region()
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

    @property
    def light(self) -> str:
        return LIGHTS[self.status]

    @property
    def status_label(self) -> str:
        return status_label(self.status)


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
        **_shares(),
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
    goals: list[Goal], computed: dict[tuple[int, int], dict[int, IndicatorValue]], region: Region
) -> list[GoalView]:
    today = timezone.localdate()
    views = []
    for goal in goals:
        if goal.kind == Goal.Kind.MILESTONE:
            steps = list(goal.steps.all())
            milestone = trajectory.assess_milestone(
                [(s.title, s.due_on, s.done_on) for s in steps], today
            )
            views.append(
                GoalView(
                    goal=goal,
                    status=milestone.status,
                    reason=milestone.reason,
                    milestone=milestone,
                    steps=steps,
                )
            )
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
        views.append(_assess_goal(goal, years, series))
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


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else round(value, 6)


def _chart(
    indicator: Indicator, view: GoalView | None, series: dict[int, IndicatorValue]
) -> dict[str, Any]:
    """Data for one indicator's chart and its table view."""
    goal = view.goal if view else None
    years = sorted(series)
    if goal and goal.target_year:
        first = min(years + [goal.baseline_year or goal.target_year])
        last = max(years + [goal.target_year])
        years = list(range(first, last + 1))
    actual = [_num(series[y].value) if y in series else None for y in years]
    chart: dict[str, Any] = {
        "id": f"chart-{indicator.code}",
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit_of_measure,
        "decimals": indicator.decimals,
        "years": years,
        "series": [{"key": "actual", "name": _("Actual"), "data": actual}],
        "target": None,
    }
    a = view.assessment if view else None
    if goal and a and goal.target_value is not None and goal.target_year:
        target = float(goal.target_value)
        chart["target"] = {"year": goal.target_year, "value": target, "label": _("Target")}
        if goal.baseline_value is not None and goal.baseline_year:
            base = float(goal.baseline_value)
            on_path = [y for y in years if goal.baseline_year <= y <= goal.target_year]
            straight = trajectory.straight_line(
                goal.baseline_year, base, goal.target_year, target, on_path
            )
            path = dict(zip(on_path, straight.tolist(), strict=True))
            chart["series"].append(
                {
                    "key": "straight",
                    "name": _("Straight-line path"),
                    "data": [_num(path.get(y)) for y in years],
                }
            )
            growth = trajectory.constant_growth(
                goal.baseline_year, base, goal.target_year, target, on_path
            )
            if growth is not None:
                gpath = dict(zip(on_path, growth.tolist(), strict=True))
                chart["series"].append(
                    {
                        "key": "growth",
                        "name": _("Constant-growth path"),
                        "data": [_num(gpath.get(y)) for y in years],
                    }
                )
        if a.latest_year and a.latest_year < goal.target_year:
            span = [y for y in years if a.latest_year <= y <= goal.target_year]
            for key, name, end in (
                ("linear", _("Projection (linear fit)"), a.projection_linear),
                ("compound", _("Projection (compound growth)"), a.projection_compound),
            ):
                if end is None or (key != a.method and not a.projections_disagree):
                    continue
                # The projection is drawn from the latest figure towards the projected value.
                steps = goal.target_year - a.latest_year
                line = {
                    y: a.latest + (end - a.latest) * (y - a.latest_year) / steps
                    if key == "linear"
                    else a.latest * (end / a.latest) ** ((y - a.latest_year) / steps)
                    if a.latest > 0 and end > 0
                    else None
                    for y in span
                }
                chart["series"].append(
                    {
                        "key": key,
                        "name": name,
                        "data": [_num(line.get(y)) for y in years],
                        "used": key == a.method,
                    }
                )
    if (
        a
        and a.method
        and goal
        and goal.target_year
        and a.latest_year
        and a.latest_year < goal.target_year
    ):
        from luoshi.indicators.templatetags.indicators import format_indicator

        def shown(v):
            return format_indicator(v, indicator.unit_of_measure, indicator.decimals)

        chart["projection"] = {
            "year": goal.target_year,
            "method": a.method,
            "reason": a.method_reason,
            "used": shown(a.projection),
            "linear": shown(a.projection_linear),
            "compound": shown(a.projection_compound),
            "disagree": a.projections_disagree,
        }
    chart["rows"] = [
        {
            "year": y,
            "values": [s["data"][i] for s in chart["series"]],
            "provisional": bool(series.get(y) and series[y].provisional),
        }
        for i, y in enumerate(years)
    ]
    return chart


def _comparison(indicator: Indicator, places: list[Region], computed) -> dict[str, Any]:
    """The latest year any place below the city has, and each place's figure then."""
    children = places[1:]
    years = sorted({y for p in children for y in computed.get((indicator.pk, p.pk), {})})
    year = years[-1] if years else None
    rows = []
    for place in children:
        row = computed.get((indicator.pk, place.pk), {}).get(year) if year else None
        rows.append(
            {
                "place": place.short_name or place.name,
                "kind": place.get_kind_display(),
                "counted": place.counted_in_parent,
                "value": _num(row.value) if row else None,
            }
        )
    city = computed.get((indicator.pk, places[0].pk), {}).get(year) if year else None
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit_of_measure,
        "decimals": indicator.decimals,
        "year": year,
        "city": _num(city.value) if city else None,
        "rows": rows,
    }


def supervision_summary(*, viewer, plan) -> Any:
    """The task lights by group, when the supervision app provides them."""
    if plan is None:
        return None
    try:
        from luoshi.supervision.selectors import lights_summary
    except ImportError:
        return None
    rows = []
    for row in lights_summary(plan, viewer) or []:
        counts = {key: int(row.get(key, 0) or 0) for key in ("green", "yellow", "red", "grey")}
        total = sum(counts.values())
        widths = {f"{key}_pct": (counts[key] * 100 / total if total else 0) for key in counts}
        rows.append({"section": row.get("section"), **counts, **widths, "total": total})
    return rows


def dashboard(*, viewer, plan=None) -> dict[str, Any]:
    """The leaders' dashboard. Queries: plan, goals, milestone steps, indicators, places,
    computed values — 6, plus the supervision summary's own."""
    if not permissions.can_view_indicators(viewer):
        raise NotFound()
    plan = plan or default_plan()
    region = plan.region if plan is not None else default_region()
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
        _chart(
            indicator,
            view_by_indicator.get(indicator.pk),
            computed.get((indicator.pk, region.pk), {}),
        )
        for indicator in indicators
    ]
    charts = [c for c in charts if c["years"]]
    comparison = [_comparison(i, places, computed) for i in indicators]
    comparison = [c for c in comparison if c["year"]]
    city_rows = [
        r for (ind, reg), by_year in computed.items() if reg == region.pk for r in by_year.values()
    ]
    as_of = max((r.as_of for r in city_rows if r.as_of), default=None)
    latest_year = max((r.year for r in city_rows if r.value is not None), default=None)
    return {
        "region": region,
        "plan": plan,
        "cards": views,
        "charts": charts,
        "comparison": comparison,
        "supervision": supervision_summary(viewer=viewer, plan=plan),
        "as_of": as_of,
        "latest_year": latest_year,
        "has_demo": any(r.is_demo for r in city_rows),
        "parks_counted": bool(getattr(settings, "LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY", False)),
    }


def goal_detail(*, viewer, goal: Goal) -> dict[str, Any]:
    region = goal.region
    places = places_of(region)
    indicators = [goal.indicator] if goal.indicator else []
    computed = _computed(places, indicators)
    goals = _load_goals(goal.plan) if goal.plan else [goal]
    goals = [g for g in goals if g.pk == goal.pk] or [goal]
    view = goal_views(goals, computed, region)[0]
    chart = (
        _chart(goal.indicator, view, computed.get((goal.indicator_id, region.pk), {}))
        if goal.indicator
        else None
    )
    steps = view.steps
    if goal.kind == Goal.Kind.MILESTONE:
        steps = list(goal.steps.prefetch_related("evidence"))
    return {
        "goal": goal,
        "view": view,
        "chart": chart,
        "steps": steps,
        "comparison": _comparison(goal.indicator, places, computed) if goal.indicator else None,
        "can_update": permissions.can_update_milestone(viewer, goal),
        "can_manage": permissions.can_manage_definitions(viewer),
    }


def targets_with_status(*, viewer, plan=None) -> list[GoalView]:
    """Every monitored target of the plan with its computed status (API, brief): 5 queries."""
    if not permissions.can_view_indicators(viewer):
        return []
    plan = plan or default_plan()
    if plan is None:
        return []
    goals = _load_goals(plan)
    indicators = [g.indicator for g in goals if g.indicator]
    computed = _computed(places_of(plan.region)[:1], indicators)
    return goal_views(goals, computed, plan.region)


# ---------------------------------------------------------------------------
# Definitions and the API


def definitions(*, viewer) -> dict[str, Any]:
    if not permissions.can_view_indicators(viewer):
        raise NotFound()
    return {
        "elements": list(DataElement.objects.select_related("supplying_unit")),
        "indicators": list(Indicator.objects.prefetch_related("elements")),
        "can_manage": permissions.can_manage_definitions(viewer),
    }


def indicators_list(*, viewer):
    if not permissions.can_view_indicators(viewer):
        return Indicator.objects.none()
    return Indicator.objects.filter(active=True).prefetch_related("elements")


def values_list(
    *,
    viewer,
    element: str = "",
    region: int | None = None,
    year: int | None = None,
    state: str = "",
):
    qs = permissions.values_visible_to(viewer).select_related("element", "region")
    if element:
        qs = qs.filter(element__code=element)
    if region:
        qs = qs.filter(region_id=region)
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("element__order", "region__order", "year", "quarter")


def computed_list(*, viewer, indicator: str = "", region: int | None = None):
    if not permissions.can_view_indicators(viewer):
        return IndicatorValue.objects.none()
    qs = IndicatorValue.objects.select_related("indicator", "region")
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    if region:
        qs = qs.filter(region_id=region)
    return qs.order_by("indicator__order", "region__order", "year")


def recent_unlocks(*, viewer, limit: int = 20):
    from luoshi.core.models import AuditEvent

    if not permissions.can_accept_values(viewer):
        return []
    return list(
        AuditEvent.objects.filter(model=DataValue._meta.label_lower, verb="unlock")
        .select_related("actor")
        .order_by("-at")[:limit]
    )


def today() -> dt.date:
    return timezone.localdate()


def units_for(region: Region | None):
    """Units that can supply data or answer for a target: the directory's active units."""
    from luoshi.org.models import Unit

    qs = Unit.objects.filter(active=True, merged_into__isnull=True).exclude(kind=Unit.Kind.GROUP)
    if region is not None:
        qs = qs.filter(region=region)
    return qs.order_by("order", "id")


def plan_to_link(*, viewer):
    """The newest active plan that has targets (linked or not)."""
    from luoshi.plans.models import Plan

    if not permissions.can_manage_definitions(viewer):
        return None
    return (
        Plan.objects.filter(targets__isnull=False, status=Plan.Status.ACTIVE)
        .distinct()
        .order_by("-issued_on", "-id")
        .first()
    )


def step_of(*, goal: Goal, pk: int) -> MilestoneStep:
    try:
        return MilestoneStep.objects.select_related("goal").get(goal=goal, pk=pk)
    except MilestoneStep.DoesNotExist as exc:
        raise NotFound() from exc


def definition(*, kind: str, pk: int):
    model = DataElement if kind == "element" else Indicator
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist as exc:
        raise NotFound() from exc
