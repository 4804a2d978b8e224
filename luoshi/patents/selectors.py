"""Reads of the patent registry. Which patents are in force, and which are high-value, at a
year's end is decided by the rules on the model (Patent.in_force, Patent.maintained) for the
figures, their drill-down and the list alike, from two queries whatever the number of
patents and years."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Region
from luoshi.patents import permissions
from luoshi.patents.models import Patent, PatentImport, StatusChange

OTHER_FLAGS = ("strategic_emerging", "overseas_family", "pledge_financing", "award")


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def standing(qs: QuerySet[Patent], years: Iterable[int] | None = None) -> dict[int, dict]:
    """For each patent of `qs`: its place and the years it was in force, and high-value, on
    31 December. Years: from the first grant year to the last year the registry speaks of
    (a grant or a status change), and at least to last year. Two queries."""
    rows = list(
        qs.values_list(
            "pk",
            "applied_on",
            "granted_on",
            "maintained_listed",
            *OTHER_FLAGS,
            "city_id",
            "county_id",
            "park_id",
            "is_demo",
        )
    )
    if not rows:
        return {}
    changes: dict[int, list] = defaultdict(list)
    for pid, on, status in (
        StatusChange.objects.filter(patent__in=qs.values("pk"))
        .order_by("patent_id", "changed_on", "id")
        .values_list("patent_id", "changed_on", "status")
    ):
        changes[pid].append((on, status))
    first = min(r[2].year for r in rows)
    last = max(
        [r[2].year for r in rows]
        + [c[0].year for cs in changes.values() for c in cs]
        + [timezone.localdate().year - 1]
    )
    covered = range(first, last + 1)
    if years is not None:
        wanted = set(years)
        covered = [y for y in covered if y in wanted]
    out = {}
    for pk, applied, granted, listed, *rest in rows:
        flags, (city, county, park, demo) = rest[:4], rest[4:]
        in_force, high = set(), set()
        for year in covered:
            end = year_end(year)
            if Patent.in_force(applied, granted, changes.get(pk, []), end):
                in_force.add(year)
                if any(flags) or Patent.maintained(applied, listed, end):
                    high.add(year)
        out[pk] = {
            "places": (city, county, park),
            "in_force": in_force,
            "high_value": high,
            "is_demo": demo,
        }
    return out


def _in_place(region: Region) -> Q:
    if region.kind == Region.Kind.PARK:
        return Q(park_id=region.pk)
    if region.kind == Region.Kind.COUNTY:
        return Q(county_id=region.pk)
    return Q(city_id=region.pk)


def behind_figure(*, viewer, region: Region, year: int, high_value: bool) -> tuple[QuerySet, int]:
    """The patents behind a place's figure that the viewer may see, and how many there are
    in all."""
    every = Patent.objects.filter(_in_place(region), granted_on__lte=year_end(year))
    key = "high_value" if high_value else "in_force"
    ids = [pk for pk, s in standing(every, [year]).items() if year in s[key]]
    visible = (
        permissions.patents_visible_to(viewer)
        .filter(pk__in=ids)
        .select_related("county", "park")
        .order_by("-granted_on", "number")
    )
    return visible, len(ids)


def patent_list(
    *, viewer, query: str = "", place_id: int | None = None, standing_filter: str = "", year=None
) -> QuerySet[Patent]:
    """Patents the viewer reads, filtered; `standing_filter` "in_force" or "high_value" at
    the end of `year` (last year when none). Three queries for a page whatever its length:
    the count, the patents with holder and places, their status changes."""
    qs = permissions.patents_visible_to(viewer)
    if query:
        qs = qs.filter(
            Q(number__icontains=query) | Q(title__icontains=query) | Q(holder_name__icontains=query)
        )
    if place_id:
        qs = qs.filter(Q(county_id=place_id) | Q(park_id=place_id) | Q(city_id=place_id))
    if standing_filter in ("in_force", "high_value"):
        year = year or timezone.localdate().year - 1
        ids = [pk for pk, s in standing(qs, [year]).items() if year in s[standing_filter]]
        qs = qs.filter(pk__in=ids)
    return (
        qs.select_related("holder", "county", "park")
        .prefetch_related(
            Prefetch("changes", queryset=StatusChange.objects.order_by("changed_on", "id"))
        )
        .order_by("-granted_on", "number")
    )


def status_now(patent: Patent, today: dt.date) -> str:
    """The status today, from prefetched changes."""
    changes = [(c.changed_on, c.status) for c in patent.changes.all()]
    if Patent.in_force(patent.applied_on, patent.granted_on, changes, today):
        return Patent.Status.IN_FORCE
    if today >= patent.term_end:
        return Patent.Status.EXPIRED
    past = [s for on, s in changes if on <= today]
    return past[-1] if past else Patent.Status.IN_FORCE


def patent_detail(*, viewer, patent: Patent) -> dict:
    today = timezone.localdate()
    changes = list(patent.changes.order_by("changed_on", "id"))
    pairs = [(c.changed_on, c.status) for c in changes]
    years = range(patent.granted_on.year, min(today.year, patent.term_end.year) + 1)
    by_year = [
        {
            "year": y,
            "in_force": Patent.in_force(patent.applied_on, patent.granted_on, pairs, year_end(y)),
            "categories": patent.categories_on(year_end(y)),
        }
        for y in years
    ]
    for row in by_year:
        row["high_value"] = row["in_force"] and bool(row["categories"])
    return {
        "patent": patent,
        "changes": changes,
        "by_year": by_year[::-1],
        "can_manage": permissions.can_manage(viewer),
    }


def patents_of_firm(*, viewer, enterprise_id: int) -> list[Patent]:
    return list(
        patent_list(viewer=viewer).filter(holder_id=enterprise_id).order_by("-granted_on")[:200]
    )


def get_import_for_user(viewer, pk: int) -> PatentImport:
    if not permissions.can_manage(viewer):
        raise NotFound()
    found = PatentImport.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def imports_recent(*, viewer, limit: int = 5) -> list[PatentImport]:
    if not permissions.can_manage(viewer):
        return []
    return list(PatentImport.objects.all()[:limit])
