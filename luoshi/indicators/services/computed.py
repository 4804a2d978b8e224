"""The computed table: IndicatorValue rebuilt from accepted values, rolled up with numpy."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast

from luoshi.indicators import formula as formulas
from luoshi.indicators import rollup
from luoshi.indicators.models import DataElement, DataValue, Indicator, IndicatorValue
from luoshi.org.models import Region

State = DataValue.State

# ---------------------------------------------------------------------------
# The computed table


def _subtree(root: Region) -> tuple[list[int], list[int], list[bool]]:
    """Places under root (root first) as ids, parent indexes and counted flags."""
    rows = list(Region.objects.values_list("pk", "parent_id", "counted_in_parent"))
    children: dict[int | None, list[tuple[int, bool]]] = defaultdict(list)
    for pk, parent_id, counted in rows:
        children[parent_id].append((pk, counted))
    ids, parents, counted_flags = [root.pk], [-1], [True]
    i = 0
    while i < len(ids):
        for child, counted in children.get(ids[i], []):
            ids.append(child)
            parents.append(i)
            counted_flags.append(counted or _parks_counted())
        i += 1
    return ids, parents, counted_flags


def _parks_counted() -> bool:
    """Settings switch: add parks into city sums even when they lie inside counties."""
    return bool(getattr(settings, "LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY", False))


@transaction.atomic
def indicator_values_refresh(
    *,
    region: Region,
    years: Iterable[int] | None = None,
    indicator_ids: Iterable[int] | None = None,
) -> int:
    """Recompute IndicatorValue for a city and every place under it from accepted values.

    One query reads the values, numpy rolls them up and evaluates every formula, one
    bulk insert writes the result. Returns the number of rows written.
    """
    place_ids, parents, counted = _subtree(region)
    indicators = list(Indicator.objects.filter(active=True).order_by("pk"))
    if indicator_ids is not None:
        wanted = set(indicator_ids)
        indicators = [i for i in indicators if i.pk in wanted]
    if not indicators:
        return 0
    parsed = []
    for indicator in indicators:
        try:
            parsed.append(formulas.parse(indicator.formula))
        except formulas.FormulaError:
            parsed.append(formulas.parse("0"))
    elements = list(
        DataElement.objects.filter(code__in={n for p in parsed for n in p.names}).order_by("pk")
    )
    element_index = {e.code: i for i, e in enumerate(elements)}
    parsed = [
        p if all(n in element_index for n in p.names) else formulas.parse("0") for p in parsed
    ]
    accepted = DataValue.objects.filter(
        state=State.ACCEPTED, region_id__in=place_ids, element_id__in=[e.pk for e in elements]
    )
    stale = IndicatorValue.objects.filter(region_id__in=place_ids, indicator__in=indicators)
    if years is None:
        year_list = sorted(
            set(accepted.values_list("year", flat=True)) | set(stale.values_list("year", flat=True))
        )
    else:
        year_list = sorted(set(years))
    if not year_list:
        return 0
    rows = list(
        accepted.filter(year__in=year_list)
        .annotate(number=Cast("value", FloatField()))
        .values_list(
            "element_id",
            "region_id",
            "year",
            "quarter",
            "number",
            "status",
            "is_demo",
            "accepted_at",
        )
    )
    computed = rollup.compute(
        place_ids=place_ids,
        parents=parents,
        counted=counted,
        years=year_list,
        elements=[(e.pk, e.aggregation) for e in elements],
        element_index=element_index,
        parsed=parsed,
        rows=rows,
    )
    stale.filter(year__in=year_list).delete()
    out = []
    tz = dt.UTC
    for p, y, i in zip(*np.nonzero(computed.touched), strict=True):
        value = computed.values[p, y, i]
        missing_names = ""
        reason = ""
        if np.isnan(value):
            if computed.division_by_zero[p, y, i]:
                reason = IndicatorValue.Reason.DIVISION_BY_ZERO
            else:
                reason = IndicatorValue.Reason.MISSING
                missing_names = ",".join(
                    n
                    for n in parsed[i].names
                    if np.isnan(computed.element_values[p, y, element_index[n]])
                )
        stamp = computed.as_of[p, y, i]
        out.append(
            IndicatorValue(
                indicator_id=indicators[i].pk,
                region_id=place_ids[p],
                year=year_list[y],
                value=None if np.isnan(value) else float(value),
                reason=reason,
                missing=missing_names[:200],
                rolled_up=bool(computed.rolled_up[p, y, i]),
                complete=bool(computed.complete[p, y, i]),
                provisional=bool(computed.provisional[p, y, i]),
                is_demo=bool(computed.demo[p, y, i]),
                as_of=None if np.isnan(stamp) else dt.datetime.fromtimestamp(float(stamp), tz=tz),
            )
        )
    IndicatorValue.objects.bulk_create(out, batch_size=2000)
    return len(out)


def refresh_for(values: Sequence[DataValue]) -> None:
    years = {v.year for v in values}
    region_ids = {v.region_id for v in values}
    roots = {root.pk: root for rid in region_ids if (root := _root_of(rid)) is not None}
    elements = {v.element_id for v in values}
    indicator_ids = set(
        Indicator.objects.filter(elements__in=elements).values_list("pk", flat=True)
    )
    for root in roots.values():
        indicator_values_refresh(region=root, years=years, indicator_ids=indicator_ids)


def _root_of(region_id: int) -> Region | None:
    """The city a place belongs to (the place itself for a city)."""
    region = Region.objects.select_related("parent", "parent__parent").get(pk=region_id)
    node = region
    while node is not None and node.kind not in (Region.Kind.CITY,):
        node = node.parent
    return node or region
