"""Attributing sharing rows to places for the plan's figures: a row belongs to its county or
park and to every place above it (the city), counted once in each, so no figure is a sum of
others and nothing is counted twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal


def lineage() -> dict[int, list[int]]:
    """Every region's id and its ancestors' ids (one query; the region table is small)."""
    from luoshi.org.models import Region

    parent = dict(Region.objects.values_list("pk", "parent_id"))
    out: dict[int, list[int]] = {}
    for pk in parent:
        chain, current, seen = [], pk, set()
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(current)
            current = parent.get(current)
        out[pk] = chain
    return out


def tally(
    rows: Iterable[tuple[int | None, int, Decimal, bool]], region_ids, years
) -> dict[tuple[int, int], tuple[Decimal, bool]]:
    """(region_id, year, amount, is_demo) rows → {(place, year): (total, any demo)} for the
    places and years asked (`years=None`: every year a row falls in, as
    indicators.computed_values_refresh asks)."""
    wanted = set(region_ids)
    years = None if years is None else set(years)
    chains = lineage()
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    demo: dict[tuple[int, int], bool] = defaultdict(bool)
    for region_id, year, amount, is_demo in rows:
        if region_id is None or (years is not None and year not in years):
            continue
        for place in chains.get(region_id, []):
            if place in wanted:
                totals[(place, year)] += Decimal(amount)
                demo[(place, year)] |= bool(is_demo)
    return {key: (value, demo[key]) for key, value in totals.items()}


def years_or_since(years, moments) -> Iterable[int]:
    """The years asked, or (`years=None`) every year from the earliest of `moments` (aware
    datetimes, taken in the local time zone) to this one: the years a stock counted from its
    listing on has a figure."""
    from django.utils import timezone

    if years is not None:
        return years
    first = min((timezone.localtime(m).year for m in moments), default=None)
    return range(first, timezone.localdate().year + 1) if first is not None else []


def under(region_id: int) -> set[int]:
    """The place and every place below it."""
    return {pk for pk, chain in lineage().items() if region_id in chain}


def region_named_in(text: str, regions) -> int | None:
    """The id of the county, park or city a place name points to ("遂宁市船山区" → 船山区,
    "遂潼涪江创新产业园区" → that park, "遂宁市" → the city), taking a county or park before a
    city, then the longest name or short name found in the text; None for a place that is not ours ("重庆市潼南区"). `regions` are
    (id, name, short_name, kind) rows of the candidate places."""
    text = (text or "").strip()
    best: tuple[int, int] | None = None
    for pk, name, short_name, kind in regions:
        for label in (name, short_name):
            # A county or park named in the text wins over its city, then the longest name.
            rank = (kind != "city", len(label or ""))
            if label and label in text and (best is None or rank > best[0]):
                best = (rank, pk)
    return best[1] if best else None


def attributable_places():
    """The places a row of the sharing databases can count in: cities, counties and parks."""
    from luoshi.org.models import Region

    return Region.objects.filter(
        kind__in=[Region.Kind.CITY, Region.Kind.COUNTY, Region.Kind.PARK]
    ).order_by("kind", "order", "name")


def organisation_in(organisation, city) -> bool:
    """Whether an organisation lies in `city` (a Region): by its county or park when it gave
    one, else by the administrative division its credit code was registered in (characters
    3–8, GB 32100-2015: 510903 is 船山区, 500152 Tongnan). An organisation whose place neither
    tells lies outside."""
    from luoshi.org.models import Region

    if city is None:
        return False
    region_id = organisation.region_id
    if region_id is None:
        division = (organisation.credit_code or "")[2:8]
        region_id = (
            Region.objects.filter(code=division).values_list("pk", flat=True).first()
            if len(division) == 6
            else None
        )
        if region_id is None:
            return bool(city.code) and division.startswith(city.code)
    return city.pk in lineage().get(region_id, [])
