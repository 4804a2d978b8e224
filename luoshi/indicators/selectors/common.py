"""Shared reads: places, the default plan, status names."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from luoshi.indicators import trajectory
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
