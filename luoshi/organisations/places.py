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
    places and years asked."""
    wanted, years = set(region_ids), set(years)
    chains = lineage()
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    demo: dict[tuple[int, int], bool] = defaultdict(bool)
    for region_id, year, amount, is_demo in rows:
        if region_id is None or year not in years:
            continue
        for place in chains.get(region_id, []):
            if place in wanted:
                totals[(place, year)] += Decimal(amount)
                demo[(place, year)] |= bool(is_demo)
    return {key: (value, demo[key]) for key, value in totals.items()}


def under(region_id: int) -> set[int]:
    """The place and every place below it."""
    return {pk for pk, chain in lineage().items() if region_id in chain}
