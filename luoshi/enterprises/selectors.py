"""Reads of the enterprise registry. Views call these only; each owns its joins so a list
costs the same number of queries for one firm as for thousands."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from luoshi.core.bulk import gc_paused
from luoshi.enterprises import permissions
from luoshi.enterprises.models import (
    Candidate,
    Comment,
    Enterprise,
    EnterpriseName,
    Qualification,
    RegistryImport,
)
from luoshi.org.models import Region

Kind = Qualification.Kind


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _holding_q(on: dt.date, prefix: str = "") -> Q:
    """Qualifications that hold on a day (see Qualification.holds_on)."""
    p = prefix
    not_revoked = Q(**{f"{p}revoked_on__isnull": True}) | Q(**{f"{p}revoked_on__gt": on})
    yearly = Q(**{f"{p}kind__in": list(Qualification.YEARLY), f"{p}year": on.year})
    dated = (
        ~Q(**{f"{p}kind__in": list(Qualification.YEARLY)})
        & (Q(**{f"{p}issued_on__isnull": True}) | Q(**{f"{p}issued_on__lte": on}))
        & (Q(**{f"{p}valid_until__isnull": True}) | Q(**{f"{p}valid_until__gt": on}))
    )
    return not_revoked & (yearly | dated)


# -- the interface other apps read (prompts/interfaces.md) --------------------------------


def qualifications_on(*, credit_codes: Iterable[str], on: dt.date) -> dict[str, set[str]]:
    """The qualification kinds each code holds on that date (a tech-SME registration holds
    for its year). Codes holding nothing map to an empty set. One query."""
    codes = list(dict.fromkeys(credit_codes))
    out: dict[str, set[str]] = {code: set() for code in codes}
    rows = Qualification.objects.filter(
        _holding_q(on), enterprise__credit_code__in=codes
    ).values_list("enterprise__credit_code", "kind")
    for code, kind in rows:
        out[code].add(kind)
    return out


def tech_sme_years(*, credit_codes: Iterable[str]) -> dict[str, set[int]]:
    """The years each code was registered as a tech-SME (withdrawn registrations left out)."""
    codes = list(dict.fromkeys(credit_codes))
    out: dict[str, set[int]] = {code: set() for code in codes}
    rows = Qualification.objects.filter(
        kind=Kind.TECH_SME, revoked_on__isnull=True, enterprise__credit_code__in=codes
    ).values_list("enterprise__credit_code", "year")
    for code, year in rows:
        out[code].add(year)
    return out


# -- figures per place and year (the computations) ----------------------------------------


def _place_columns(region_ids) -> Q:
    ids = list(region_ids)
    return (
        Q(enterprise__city_id__in=ids)
        | Q(enterprise__county_id__in=ids)
        | Q(enterprise__park_id__in=ids)
    )


def _count_by_place(pairs: dict[int, tuple], wanted: set[int]) -> dict[tuple[int, int], int]:
    """{(place, year): firms} from {enterprise: (city, county, park, year-set)}."""
    out: dict[tuple[int, int], int] = defaultdict(int)
    for city, county, park, years in pairs.values():
        for year in years:
            for place in (city, county, park):
                if place is not None and place in wanted:
                    out[(place, year)] += 1
    return out


def high_tech_counts(region_ids, years=None) -> tuple[dict[tuple[int, int], int], set]:
    """Firms holding a high-tech certificate valid on 31 December, per place and year, and
    whether any certificate behind a place's figure is demo. Years covered: those for which
    the registry holds the certificates that could be valid at the year's end (batches of
    that year and the two before); one query, numpy over the certificates."""
    rows = list(
        Qualification.objects.filter(_place_columns(region_ids), kind=Kind.HIGH_TECH)
        .exclude(issued_on__isnull=True)
        .values_list(
            "enterprise_id",
            "issued_on",
            "valid_until",
            "revoked_on",
            "enterprise__city_id",
            "enterprise__county_id",
            "enterprise__park_id",
            "is_demo",
        )
    )
    if not rows:
        return {}, set()
    issue_years = {r[1].year for r in rows}
    first, last = min(issue_years), max(issue_years)
    # A year's end count needs that year's batches and the two before: years before the
    # registry's third batch year would undercount, unless that is all there is.
    covered = list(range(first + 2, last + 1)) or sorted(issue_years)
    if years is not None:
        covered = [y for y in covered if y in set(years)]
    far = dt.date(9999, 12, 31).toordinal()
    ent = np.array([r[0] for r in rows], dtype=np.int64)
    issued = np.array([r[1].toordinal() for r in rows], dtype=np.int64)
    until = np.array([(r[2] or dt.date(9999, 12, 31)).toordinal() for r in rows], dtype=np.int64)
    revoked = np.array([r[3].toordinal() if r[3] else far for r in rows], dtype=np.int64)
    place = {r[0]: (r[4], r[5], r[6]) for r in rows}
    demo_ents = {r[0] for r in rows if r[7]}
    holders: dict[int, tuple] = {}
    years_of: dict[int, set[int]] = defaultdict(set)
    for year in covered:
        end = year_end(year).toordinal()
        mask = (issued <= end) & (until > end) & (revoked > end)
        for e in np.unique(ent[mask]).tolist():
            years_of[e].add(year)
    for e, ys in years_of.items():
        holders[e] = (*place[e], ys)
    counts = _count_by_place(holders, set(region_ids))
    demo_places = {p for e in demo_ents & set(years_of) for p in place[e] if p is not None}
    return dict(counts), demo_places


def tech_sme_counts(region_ids, years=None) -> tuple[dict[tuple[int, int], int], set]:
    """Firms registered as tech-SMEs in each year, per place. One query."""
    qs = Qualification.objects.filter(
        _place_columns(region_ids), kind=Kind.TECH_SME, revoked_on__isnull=True
    )
    if years is not None:
        qs = qs.filter(year__in=list(years))
    holders: dict[int, tuple] = {}
    demo_places = set()
    for e, year, city, county, park, demo in qs.values_list(
        "enterprise_id",
        "year",
        "enterprise__city_id",
        "enterprise__county_id",
        "enterprise__park_id",
        "is_demo",
    ):
        if e not in holders:
            holders[e] = (city, county, park, set())
        holders[e][3].add(year)
        if demo:
            demo_places.update(p for p in (city, county, park) if p)
    return dict(_count_by_place(holders, set(region_ids))), demo_places


def in_place(region: Region) -> Q:
    """Firms attributed to the place (a city: itself, its counties and its parks)."""
    if region.kind == Region.Kind.PARK:
        return Q(park_id=region.pk)
    if region.kind == Region.Kind.COUNTY:
        return Q(county_id=region.pk)
    # Without joins and with the ids written out, so each arm uses its index and the
    # planner knows how few firms a city holds among a province's.
    children = list(Region.objects.filter(parent_id=region.pk).values_list("pk", flat=True))
    return Q(city_id=region.pk) | Q(county_id__in=children) | Q(park_id__in=children)


def high_tech_holders(*, viewer, region: Region, year: int) -> tuple[QuerySet, int]:
    """The firms behind a high-tech figure that the viewer may see, and how many there are
    in all. The certificate that holds at the year's end comes prefetched."""
    end = year_end(year)
    holding = Qualification.objects.filter(_holding_q(end), kind=Kind.HIGH_TECH).order_by(
        "-issued_on"
    )
    behind = Enterprise.objects.filter(in_place(region)).filter(
        Exists(holding.filter(enterprise_id=OuterRef("pk")))
    )
    visible = (
        (behind & permissions.enterprises_visible_to(viewer))
        .select_related("county", "park")
        .prefetch_related(Prefetch("qualifications", queryset=holding, to_attr="holding"))
        .order_by("name", "pk")
    )
    return visible, behind.count()


def tech_sme_holders(*, viewer, region: Region, year: int) -> tuple[QuerySet, int]:
    registered = Qualification.objects.filter(
        kind=Kind.TECH_SME, year=year, revoked_on__isnull=True
    )
    behind = Enterprise.objects.filter(in_place(region)).filter(
        Exists(registered.filter(enterprise_id=OuterRef("pk")))
    )
    visible = (
        (behind & permissions.enterprises_visible_to(viewer))
        .select_related("county", "park")
        .prefetch_related(Prefetch("qualifications", queryset=registered, to_attr="holding"))
        .order_by("name", "pk")
    )
    return visible, behind.count()


# -- the list and the detail page ---------------------------------------------------------


def enterprise_list(
    *, viewer, query: str = "", place_id: int | None = None, kind: str = "", on: dt.date
) -> QuerySet[Enterprise]:
    """Firms the viewer reads, filtered, with the qualifications that hold on `on`
    prefetched (two queries for a page, whatever its length)."""
    qs = permissions.enterprises_visible_to(viewer).select_related("county", "park")
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(credit_code__icontains=query)
            | Q(names__name__icontains=query)
        ).distinct()
    if place_id:
        qs = qs.filter(Q(county_id=place_id) | Q(park_id=place_id) | Q(city_id=place_id))
    if kind:
        qs = qs.filter(
            pk__in=Qualification.objects.filter(_holding_q(on), kind=kind).values("enterprise_id")
        )
    return qs.prefetch_related(
        Prefetch(
            "qualifications",
            queryset=Qualification.objects.filter(_holding_q(on)),
            to_attr="holding",
        )
    ).order_by("name", "pk")


def enterprise_detail(*, viewer, enterprise: Enterprise) -> dict:
    return {
        "enterprise": enterprise,
        "names": list(enterprise.names.all()),
        "qualifications": list(
            enterprise.qualifications.select_related("source").order_by(
                "kind", "-issued_on", "-year"
            )
        ),
        "comments": list(enterprise.comments.select_related("author", "author_unit")[:50]),
        "candidacies": list(enterprise.candidacies.order_by("-year")),
        "can_manage": permissions.can_manage(viewer),
        "can_comment": permissions.can_comment(viewer, enterprise),
    }


def imports_recent(*, viewer, limit: int = 10) -> list[RegistryImport]:
    if not permissions.can_manage(viewer):
        return []
    return list(RegistryImport.objects.select_related("created_by")[:limit])


def get_import_for_user(viewer, pk: int) -> RegistryImport:
    from luoshi.core.errors import NotFound

    if not permissions.can_manage(viewer):
        raise NotFound()
    found = RegistryImport.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def import_rows_shown(batch: RegistryImport, limit: int = 500) -> tuple[list[dict], int, list]:
    """What a list's preview page shows: the rows worth reading (all but the matched and
    unchanged), the first `limit`, each new firm with `place_name` — where it will count
    ("船山区 · 遂宁经开区"), "" when neither its code nor its address names a place —; how
    many rows are not shown; and the first `limit` withdrawals. Two queries.

    The whole plan (200,000 objects for 10,000 rows) is read, picked from and let go with
    the cycle collector paused, so that rendering the page does not walk it again and again
    and the next request does not pay for a full collection of what it left behind."""
    with gc_paused():
        plan = batch.read_plan()
        rows = plan["rows"]
        shown = [r for r in rows if r["status"] != "matched"][:limit]
        hidden = len(rows) - len(shown)
        withdrawn = plan.get("withdrawn", [])[:limit]
        del plan, rows
    ids = {pk for r in shown for pk in (r.get("place") or [])[:3] if pk}
    names = dict(Region.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}

    def named(r: dict) -> dict:
        if not r.get("place"):
            return r
        city, county, park = r["place"][:3]
        return {**r, "place_name": " · ".join(names[pk] for pk in (county or city, park) if pk)}

    return [named(r) for r in shown], hidden, withdrawn


def place_choices(*, viewer) -> list[Region]:
    return list(permissions.places_visible_to(viewer).order_by("kind", "order", "pk"))


def comments_count(enterprise_ids) -> dict[int, int]:
    return dict(
        Comment.objects.filter(enterprise_id__in=list(enterprise_ids))
        .values_list("enterprise_id")
        .annotate(n=Count("pk"))
    )


def candidates_of(*, viewer, year: int) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(
            year=year, enterprise__in=permissions.enterprises_visible_to(viewer)
        )
        .select_related("enterprise__county", "enterprise__park")
        .order_by("stage", "enterprise__name")
    )


# -- matching list rows to firms (every import: registry lists, subsidy expenses, …) --------


class FirmMatcher:
    """Matches rows of an uploaded list to firms: by credit code, then exact name (when the
    row has no code or the same code), then a former name or alias (rows without a code);
    a row matching none and carrying no code gets fuzzy suggestions (rapidfuzz) a person
    confirms. Three queries for the whole list, plus one for the names when a suggestion is
    needed."""

    def __init__(self, rows: Iterable) -> None:
        rows = list(rows)
        codes = {r.credit_code for r in rows if r.credit_code}
        names = {r.name for r in rows if r.name}
        fields = ("pk", "credit_code", "name")
        self.by_code = {
            e["credit_code"]: e
            for e in Enterprise.objects.filter(credit_code__among=codes).order_by().values(*fields)
        }
        self.by_name = {
            e["name"]: e
            for e in Enterprise.objects.filter(name__among=names).order_by().values(*fields)
        }
        self.by_alias = {
            n["name"]: {
                "pk": n["enterprise_id"],
                "credit_code": n["enterprise__credit_code"],
                "name": n["enterprise__name"],
            }
            for n in EnterpriseName.objects.filter(name__among=names)
            .order_by()
            .values("name", "enterprise_id", "enterprise__credit_code", "enterprise__name")
        }
        self._all_names: dict[str, int] | None = None

    def match(self, credit_code: str, name: str) -> tuple[dict | None, str]:
        """The firm ({pk, credit_code, name}) and how it matched ("code", "name", "alias")."""
        if credit_code and credit_code in self.by_code:
            return self.by_code[credit_code], "code"
        if name in self.by_name and (
            not credit_code or self.by_name[name]["credit_code"] == credit_code
        ):
            return self.by_name[name], "name"
        if name in self.by_alias and not credit_code:
            return self.by_alias[name], "alias"
        return None, ""

    def suggest(self, name: str, limit: int = 3) -> list[dict]:
        from rapidfuzz import fuzz, process

        if self._all_names is None:
            self._all_names = dict(Enterprise.objects.values_list("name", "pk"))
        found = process.extract(
            name, list(self._all_names), scorer=fuzz.WRatio, limit=limit, score_cutoff=80
        )
        return [{"name": n, "id": self._all_names[n], "score": round(s)} for n, s, _i in found]
