"""Reads for definitions, the API and small look-ups."""

from __future__ import annotations

from typing import Any

from luoshi.core.errors import NotFound
from luoshi.indicators import permissions
from luoshi.indicators.models import (
    DataElement,
    Goal,
    Indicator,
    MilestoneStep,
)
from luoshi.org.models import Region

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
    qs = permissions.computed_visible_to(viewer).select_related("indicator", "region")
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    if region:
        qs = qs.filter(region_id=region)
    return qs.order_by("indicator__order", "region__order", "year")


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


def cities() -> list[Region]:
    """Every city: the roots the computed table is rebuilt for."""
    return list(Region.objects.filter(kind=Region.Kind.CITY).order_by("order", "id"))
