"""Chart data for the dashboard and target pages: an indicator's actuals, paths to target and
projection (none once the target year is over), the places compared, and what a downloaded
picture must carry (title, unit, period, source)."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from luoshi.indicators import trajectory
from luoshi.indicators.models import (
    Indicator,
    IndicatorValue,
)
from luoshi.indicators.selectors.goalview import GoalView
from luoshi.org.models import Region


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else round(value, 6)


def chart_data(
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
        if a.latest_year and a.latest_year < goal.target_year and not view.outcome:
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
        and not view.outcome
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
    # What a downloaded picture must carry to stand on its own: title, unit, period, source.
    shown_years = [y for y in sorted(series) if series[y].value is not None]
    period = (
        ""
        if not shown_years
        else str(shown_years[0])
        if len(shown_years) == 1
        else f"{shown_years[0]}–{shown_years[-1]}"
    )
    chart["title"] = (
        _("%(name)s (%(unit)s)") % {"name": indicator.name, "unit": indicator.unit_of_measure}
        if indicator.unit_of_measure
        else indicator.name
    )
    chart["subtitle"] = _(
        "Figures %(period)s · source: figures accepted by the coordinating office%(demo)s"
    ) % {
        "period": period or "—",
        "demo": _(" · includes demo data") if any(r.is_demo for r in series.values()) else "",
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


def comparison_data(indicator: Indicator, places: list[Region], computed) -> dict[str, Any]:
    """The latest year any place below the city has, and each place's figure then."""
    children = places[1:]
    years = sorted(
        {
            y
            for p in children
            for y, row in computed.get((indicator.pk, p.pk), {}).items()
            if row.value is not None
        }
    )
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
    name = (
        _("%(name)s (%(unit)s)") % {"name": indicator.name, "unit": indicator.unit_of_measure}
        if indicator.unit_of_measure
        else indicator.name
    )
    return {
        "title": f"{name} · {year}" if year else name,
        "subtitle": _(
            "Figures %(period)s · source: figures accepted by the coordinating office%(demo)s"
        )
        % {
            "period": year or "—",
            "demo": _(" · includes demo data")
            if any(
                r.is_demo
                for p in children
                for r in [computed.get((indicator.pk, p.pk), {}).get(year)]
                if r is not None
            )
            else "",
        },
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit_of_measure,
        "decimals": indicator.decimals,
        "year": year,
        "city": _num(city.value) if city else None,
        "rows": rows,
    }
