"""Reads of the unit directory."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.org import permissions
from luoshi.org.models import Region, Unit, UnitAlias


def directory_is_empty() -> bool:
    return not Unit.objects.exists()


def default_region() -> Region | None:
    """The directory a single-city installation works in: the first city."""
    return Region.objects.filter(kind=Region.Kind.CITY).order_by("id").first()


def directory_units(*, viewer, region: Region, q: str = "", kind: str = "") -> QuerySet[Unit]:
    """Units with their aliases, members and parent: 3 queries for the whole list."""
    if not permissions.can_view_directory(viewer):
        return Unit.objects.none()
    qs = (
        Unit.objects.filter(region=region, merged_into__isnull=True)
        .select_related("parent", "place")
        .prefetch_related(
            Prefetch("aliases", queryset=UnitAlias.objects.order_by("name")),
            Prefetch("members", queryset=Unit.objects.order_by("order", "id")),
        )
        .order_by("order", "id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(aliases__name__icontains=q)
        ).distinct()
    return qs


def get_unit_for_user(*, viewer, pk: int) -> Unit:
    if not permissions.can_view_directory(viewer):
        raise NotFound()
    try:
        return (
            Unit.objects.select_related("region", "parent", "place", "merged_into")
            .prefetch_related("aliases", "members", "groups", "users")
            .get(pk=pk)
        )
    except Unit.DoesNotExist as exc:
        raise NotFound() from exc


def regions_for_places(region: Region) -> list[Region]:
    """The region and the places under it (counties/districts, then parks)."""
    return [region, *Region.objects.filter(parent=region).order_by("order", "id")]


def get_alias(unit: Unit, alias_id) -> UnitAlias:
    try:
        return UnitAlias.objects.get(unit=unit, pk=int(alias_id))
    except (UnitAlias.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFound() from exc


def assignable_units() -> QuerySet[Unit]:
    """Units an account can belong to: real units, not groups or merged duplicates."""
    return (
        Unit.objects.filter(merged_into__isnull=True, active=True)
        .exclude(kind=Unit.Kind.GROUP)
        .select_related("region")
        .order_by("region_id", "order", "id")
    )


def units_by_ids(ids) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=[i for i in ids if i]).order_by("order", "id")
