"""Reads of the platform registry. Which platforms are active at a year's end is decided by
the rule on the model (Platform.active) for the figures, their drill-down and the list
alike, from two queries whatever the number of platforms and years."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Region
from luoshi.platforms import permissions
from luoshi.platforms.models import Evaluation, Platform, PlatformImport


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def standing(qs: QuerySet[Platform], years: Iterable[int] | None = None) -> dict[int, dict]:
    """For each platform of `qs`: its place, level and the years it was active on 31
    December. Years: from the first recognition to the last year the registry speaks of
    (a recognition or an evaluation), and at least to last year. Two queries."""
    rows = list(
        qs.values_list("pk", "recognised_on", "level", "city_id", "county_id", "park_id", "is_demo")
    )
    if not rows:
        return {}
    removals: dict[int, list] = defaultdict(list)
    last = timezone.localdate().year - 1
    for pid, on, result in Evaluation.objects.filter(platform__in=qs.values("pk")).values_list(
        "platform_id", "evaluated_on", "result"
    ):
        last = max(last, on.year)
        if result in Evaluation.REMOVES:
            removals[pid].append(on)
    first = min(r[1].year for r in rows)
    last = max([last] + [r[1].year for r in rows])
    covered = range(first, last + 1)
    if years is not None:
        wanted = set(years)
        covered = [y for y in covered if y in wanted]
    return {
        pk: {
            "places": (city, county, park),
            "level": level,
            "is_demo": demo,
            "active": {
                y for y in covered if Platform.active(recognised, removals.get(pk, []), year_end(y))
            },
        }
        for pk, recognised, level, city, county, park, demo in rows
    }


def _in_place(region: Region) -> Q:
    if region.kind == Region.Kind.PARK:
        return Q(park_id=region.pk)
    if region.kind == Region.Kind.COUNTY:
        return Q(county_id=region.pk)
    return Q(city_id=region.pk)


def behind_figure(
    *, viewer, region: Region, year: int, level: str | None = None
) -> tuple[QuerySet, int]:
    """The platforms behind a place's figure that the viewer may see, and how many there are
    in all."""
    every = Platform.objects.filter(_in_place(region), recognised_on__lte=year_end(year))
    if level:
        every = every.filter(level=level)
    ids = [pk for pk, s in standing(every, [year]).items() if year in s["active"]]
    visible = (
        permissions.platforms_visible_to(viewer)
        .filter(pk__in=ids)
        .select_related("county", "park")
        .order_by("level", "kind", "name")
    )
    return visible, len(ids)


def platform_list(
    *,
    viewer,
    query: str = "",
    place_id: int | None = None,
    kind: str = "",
    level: str = "",
    active_in: int | None = None,
) -> QuerySet[Platform]:
    """Platforms the viewer reads, filtered (`active_in`: active on 31 December of that
    year). Three queries for a page whatever its length: the count, the platforms with
    their places, their evaluations."""
    qs = permissions.platforms_visible_to(viewer)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(host_name__icontains=query))
    if place_id:
        qs = qs.filter(Q(county_id=place_id) | Q(park_id=place_id) | Q(city_id=place_id))
    if kind in Platform.Kind.values:
        qs = qs.filter(kind=kind)
    if level in Platform.Level.values:
        qs = qs.filter(level=level)
    if active_in:
        ids = [pk for pk, s in standing(qs, [active_in]).items() if active_in in s["active"]]
        qs = qs.filter(pk__in=ids)
    return (
        qs.select_related("county", "park")
        .prefetch_related(
            Prefetch("evaluations", queryset=Evaluation.objects.order_by("evaluated_on"))
        )
        .order_by("level", "kind", "name", "pk")
    )


def active_now(platform: Platform, today: dt.date) -> bool:
    """Active today, from prefetched evaluations."""
    removals = [e.evaluated_on for e in platform.evaluations.all() if e.removes]
    return Platform.active(platform.recognised_on, removals, today)


def platform_detail(*, viewer, platform: Platform) -> dict:
    today = timezone.localdate()
    evaluations = list(platform.evaluations.order_by("evaluated_on"))
    removals = [e.evaluated_on for e in evaluations if e.removes]
    return {
        "platform": platform,
        "evaluations": evaluations,
        "active": Platform.active(platform.recognised_on, removals, today),
        "removed_on": min(removals) if removals else None,
        "can_manage": permissions.can_manage(viewer),
    }


def platforms_of_firm(*, viewer, enterprise_id: int) -> list[Platform]:
    return list(platform_list(viewer=viewer).filter(host_id=enterprise_id)[:200])


def get_import_for_user(viewer, pk: int) -> PlatformImport:
    if not permissions.can_manage(viewer):
        raise NotFound()
    found = PlatformImport.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def imports_recent(*, viewer, limit: int = 5) -> list[PlatformImport]:
    if not permissions.can_manage(viewer):
        return []
    return list(PlatformImport.objects.all()[:limit])


def import_rows_shown(batch) -> tuple[list[dict], int]:
    """The rows of a list's preview worth reading (not the matched and unchanged, and those
    with suggested hosts), the first 500, and how many are not shown
    (enterprises.importers.rows_shown)."""
    from luoshi.enterprises.importers import rows_shown

    return rows_shown(batch, lambda r: r["outcome"] != "matched" or r.get("suggestions"))
