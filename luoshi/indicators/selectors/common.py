"""Shared reads: places, the default plan, status names."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from luoshi.indicators import permissions, trajectory
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


def status_thresholds() -> dict[str, float]:
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


def default_region(viewer=None) -> Region | None:
    """The viewer's own region when they work for one, else the installation's first city."""
    from luoshi.org.selectors import default_region as org_default

    region_id = permissions.home_region_id(viewer) if viewer is not None else None
    if region_id is not None:
        return Region.objects.filter(pk=region_id).first()
    return org_default()


def places_of(region: Region) -> list[Region]:
    """The region and the places directly under it: 1 query."""
    children = list(Region.objects.filter(parent=region).order_by("order", "id"))
    return [region, *children]


def default_plan(viewer=None):
    """The viewer's current plan among those with monitored targets they may read
    (plans.selectors.current_plan: their choice, the office default, the newest active),
    their own region's first; or None."""
    from luoshi.plans import permissions as plan_permissions
    from luoshi.plans import selectors as plan_selectors
    from luoshi.plans.models import Plan

    plans = Plan.objects.filter(goals__isnull=False)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        home = permissions.home_region_id(viewer)
        among = list(
            plans.filter(pk__in=plan_permissions.plans_visible_to(viewer).values("pk"))
            .select_related("region")
            .distinct()
        )
        own = [p for p in among if home is None or p.region_id == home]
        return plan_selectors.current_plan(viewer=viewer, among=own or among)
    if viewer is not None:
        plans = plans.filter(pk__in=plan_permissions.plans_visible_to(viewer).values("pk"))
        home = permissions.home_region_id(viewer)
        if home is not None:
            own = plans.filter(region_id=home).select_related("region").distinct()
            found = own.order_by("-issued_on", "-id").first()
            if found is not None:
                return found
    return plans.select_related("region").distinct().order_by("-issued_on", "-id").first()


def plan_picker(viewer, current):
    """The shared plan picker over the plans with monitored targets the viewer may read."""
    from luoshi.plans import permissions as plan_permissions
    from luoshi.plans import selectors as plan_selectors
    from luoshi.plans.models import Plan

    plans = list(
        Plan.objects.filter(
            goals__isnull=False, pk__in=plan_permissions.plans_visible_to(viewer).values("pk")
        )
        .distinct()
        .order_by("-issued_on", "-id")
    )
    return plan_selectors.plan_picker(viewer=viewer, plans=plans, current=current)
