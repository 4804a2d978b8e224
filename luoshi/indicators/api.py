"""Indicators API, mounted at /api/indicators/: the same selectors as the pages."""

from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from ninja import Field, Router
from ninja.pagination import paginate

from luoshi.core.params import MAX_ID, bounded_pagination
from luoshi.indicators import permissions, selectors
from luoshi.indicators.schemas import (
    ComputedOut,
    DrilldownOut,
    IndicatorOut,
    TargetStatusOut,
    ValueOut,
)
from luoshi.indicators.selectors import registry as registry_reads

router = Router(tags=["indicators"])
Pagination = bounded_pagination()
RegionId = Annotated[int, Field(ge=1, le=MAX_ID)]


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request):
    """Indicators in use with their formulas (2 queries)."""
    return [
        {
            "id": i.pk,
            "code": i.code,
            "name": i.name,
            "formula": i.formula,
            "unit": i.unit_of_measure,
            "decimals": i.decimals,
            "direction": i.direction,
            "elements": [e.code for e in i.elements.all()],
        }
        for i in selectors.indicators_list(viewer=request.user)
    ]


@router.get("/values", response=list[ValueOut])
@paginate(Pagination)
def list_values(
    request,
    element: str = "",
    region: RegionId | None = None,
    year: Annotated[int, Field(ge=1900, le=2200)] | None = None,
    state: str = "",
):
    """Entered values the user may see: accepted ones, plus the own unit's in any state."""
    return selectors.values_list(
        viewer=request.user, element=element, region=region, year=year, state=state
    )


@router.get("/computed", response=list[ComputedOut])
@paginate(Pagination)
def list_computed(request, indicator: str = "", region: RegionId | None = None):
    """Published yearly indicator figures per place (rolled up, ratios of sums)."""
    return selectors.computed_list(viewer=request.user, indicator=indicator, region=region)


def _float(value):
    return None if value is None else float(value)


@router.get("/targets", response=list[TargetStatusOut])
def list_targets(request):
    """The plan's monitored targets with their computed status (5 queries)."""
    out = []
    for view in selectors.targets_with_status(viewer=request.user):
        goal, a = view.goal, view.assessment
        projection = None
        if a is not None and a.method:
            projection = {
                "method": a.method,
                "reason": a.method_reason,
                "value": a.projection,
                "linear": a.projection_linear,
                "compound": a.projection_compound,
                "disagree": a.projections_disagree,
            }
        out.append(
            {
                "id": goal.pk,
                "name": goal.name,
                "kind": goal.kind,
                "indicator": goal.indicator.code if goal.indicator else None,
                "comparator": goal.comparator,
                "baseline_year": goal.baseline_year,
                "baseline_value": _float(goal.baseline_value),
                "target_year": goal.target_year,
                "target_value": _float(goal.target_value),
                "latest_year": a.latest_year if a else None,
                "latest_value": a.latest if a else None,
                "pct_achieved": a.pct_achieved if a else None,
                "gap": a.gap if a else None,
                "growth_needed_pct": a.growth_needed if a else None,
                "expected_straight": a.expected if a else None,
                "expected_growth": a.expected_growth if a else None,
                "projection": projection,
                "status": view.status,
                "status_label": view.status_label,
                "reason": view.reason,
                "steps": [
                    {"title": s.title, "due_on": s.due_on, "done_on": s.done_on} for s in view.steps
                ],
            }
        )
    return out


def _cell(value):
    """A drill-down cell as JSON: numbers stay numbers, dates become ISO text."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


@router.get("/computed/{code}/{region_id}/{year}/rows", response=DrilldownOut)
def drilldown(
    request,
    code: str,
    region_id: RegionId,
    year: Annotated[int, Field(ge=1900, le=2200)],
):
    """The rows behind a registry-computed figure (the firms, the contracts…), only those the
    user may see; `total` counts them all, `hidden` those out of the user's reach. 404 alike
    for an unknown element, a place out of reach and a figure never computed."""
    if not permissions.can_view_indicators(request.user):
        raise DjangoPermissionDenied
    data = registry_reads.drilldown(viewer=request.user, code=code, region_id=region_id, year=year)
    drill = data["drill"]
    return {
        "element": data["element"].code,
        "region_id": data["region"].pk,
        "region": data["region"].name,
        "year": year,
        "figure": float(data["figure"]),
        "is_demo": data["is_demo"],
        "columns": [str(c) for c in drill.columns],
        "rows": [[_cell(v) for v in row] for row in drill.rows],
        "total": drill.total,
        "hidden": data["hidden"],
    }
