"""Reads of the patent registry. Which patents are in force, and which are high-value, at a
year's end is decided by the rules on the model (Patent.in_force, Patent.maintained) for the
figures, their drill-down and the list alike, from two queries whatever the number of
patents and years."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Region
from luoshi.patents import permissions
from luoshi.patents.models import (
    MAINTAINED_YEARS,
    TERM_YEARS,
    Patent,
    PatentImport,
    StatusChange,
    _anniversary,
)

OTHER_FLAGS = ("strategic_emerging", "overseas_family", "pledge_financing", "award")


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


@dataclass
class Standing:
    """Patents (rows) × years (columns): in force, and high-value, on 31 December."""

    ids: np.ndarray
    places: np.ndarray  # (patents, 3): city, county, park; 0 where none
    demo: np.ndarray
    years: list[int]
    in_force: np.ndarray
    high_value: np.ndarray

    def ids_in(self, key: str, year: int) -> list[int]:
        if year not in self.years:
            return []
        column = getattr(self, key)[:, self.years.index(year)]
        return self.ids[column].tolist()


def _ordinals(days, years: int) -> np.ndarray:
    return np.array([_anniversary(d, years).toordinal() for d in days], dtype=np.int64)


def standing(qs: QuerySet[Patent], years: Iterable[int] | None = None) -> Standing:
    """The standing of the patents of `qs` at each year's end, by the rules of
    Patent.in_force and Patent.maintained (a test holds the two to agreement), over numpy
    arrays. Years: from the first grant year to the last year the registry speaks of (a
    grant or a status change), and at least to last year. Two queries."""
    rows = list(
        qs.order_by("pk").values_list(
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
    empty = np.zeros((0, 0), dtype=bool)
    if not rows:
        return Standing(np.zeros(0, np.int64), np.zeros((0, 3), np.int64), np.zeros(0, bool), [],
                        empty, empty)  # fmt: skip
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    applied = [r[1] for r in rows]
    granted = np.array([r[2].toordinal() for r in rows], dtype=np.int64)
    term_end = _ordinals(applied, TERM_YEARS)
    listed = np.array([r[3] for r in rows], dtype=bool)
    ten_years = np.where(listed, 0, _ordinals(applied, MAINTAINED_YEARS))
    flagged = np.array([any(r[4:8]) for r in rows], dtype=bool)
    places = np.array([[r[8] or 0, r[9] or 0, r[10] or 0] for r in rows], dtype=np.int64)
    demo = np.array([r[11] for r in rows], dtype=bool)
    changes = list(
        StatusChange.objects.filter(patent__in=qs.values("pk"))
        .order_by("patent_id", "changed_on", "id")
        .values_list("patent_id", "changed_on", "status")
    )
    position = np.searchsorted(ids, np.array([c[0] for c in changes], dtype=np.int64))
    changed_on = np.array([c[1].toordinal() for c in changes], dtype=np.int64)
    restores = np.array([c[2] == Patent.Status.IN_FORCE for c in changes] + [True], dtype=bool)
    first = min(r[2].year for r in rows)
    last = max(
        [r[2].year for r in rows] + [c[1].year for c in changes] + [timezone.localdate().year - 1]
    )
    covered = list(range(first, last + 1))
    if years is not None:
        wanted = set(years)
        covered = [y for y in covered if y in wanted]
    in_force = np.zeros((len(rows), len(covered)), dtype=bool)
    high = np.zeros_like(in_force)
    for column, year in enumerate(covered):
        end = year_end(year).toordinal()
        # the latest change on or before the day, per patent (-1: none; index -1 restores)
        latest = np.full(len(rows), -1, dtype=np.int64)
        done = np.nonzero(changed_on <= end)[0]
        np.maximum.at(latest, position[done], done)
        holds = (granted <= end) & (end < term_end) & restores[latest]
        in_force[:, column] = holds
        high[:, column] = holds & (flagged | (ten_years <= end))
    return Standing(ids, places, demo, covered, in_force, high)


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
    ids = standing(every, [year]).ids_in("high_value" if high_value else "in_force", year)
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
        ids = standing(qs, [year]).ids_in(standing_filter, year)
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
    # the years ended since the grant (a year-end still ahead is not answered)
    years = range(patent.granted_on.year, min(today.year - 1, patent.term_end.year) + 1)
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


def import_rows_shown(batch) -> tuple[list[dict], int]:
    """The rows of a list's preview worth reading (not the matched and unchanged), the first
    500, and how many are not shown (enterprises.importers.rows_shown)."""
    from luoshi.enterprises.importers import rows_shown

    return rows_shown(batch, lambda r: r["outcome"] != "matched" or r.get("suggestions"))
