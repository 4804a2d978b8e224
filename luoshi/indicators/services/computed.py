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
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.indicators import computations, rollup
from luoshi.indicators import formula as formulas
from luoshi.indicators.models import (
    ComputedValue,
    DataElement,
    DataValue,
    ElementSource,
    Indicator,
    IndicatorValue,
)
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
    computed_rows = _official_computed_rows(elements, place_ids)
    if years is None:
        year_list = sorted(set(year_list) | {r[2] for r in computed_rows})
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
    if computed_rows:
        # A computed figure that is official replaces the reported one of its cell (and the
        # cell's quarters), so the roll-up, formulas and dashboard read it like any value.
        replaced = {(r[0], r[1], r[2]) for r in computed_rows}
        rows = [r for r in rows if (r[0], r[1], r[2]) not in replaced]
        rows += [r for r in computed_rows if r[2] in set(year_list)]
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


def _official_computed_rows(elements: Sequence[DataElement], place_ids: Sequence[int]) -> list:
    """Computed figures of the elements where the computed figure is official (the default),
    as value rows (element, region, year, quarter, value, status, is_demo, computed_at)."""
    computed_ids = [e.pk for e in elements if e.computation]
    if not computed_ids:
        return []
    reported = set(
        ElementSource.objects.filter(
            element_id__in=computed_ids, source=ElementSource.Source.REPORTED
        ).values_list("element_id", "year")
    )
    rows = (
        ComputedValue.objects.filter(element_id__in=computed_ids, region_id__in=place_ids)
        .annotate(number=Cast("value", FloatField()))
        .values_list("element_id", "region_id", "year", "number", "is_demo", "computed_at")
    )
    return [
        (element, region, year, 0, number, DataValue.Status.FINAL, demo, at)
        for element, region, year, number, demo, at in rows
        if (element, year) not in reported
    ]


@transaction.atomic
def computed_values_refresh(*, region: Region, element_codes: Iterable[str] | None = None) -> int:
    """Run every element's registry computation for a city and the places under it, keep the
    figures in ComputedValue (replacing the previous ones) and refresh the indicators that
    read those elements. A constant number of queries per computation. Returns the number of
    computed figures."""
    place_ids, _parents, _counted = _subtree(region)
    elements = DataElement.objects.exclude(computation="")
    if element_codes is not None:
        elements = elements.filter(code__in=list(element_codes))
    elements = list(elements)
    now = timezone.now()
    out = []
    for element in elements:
        computation = computations.get(element.computation)
        if computation is None:
            continue
        figures = computation.values(place_ids, None)
        out += [
            ComputedValue(
                element=element,
                region_id=region_id,
                year=year,
                value=figure.value,
                is_demo=figure.is_demo,
                computed_at=now,
            )
            for (region_id, year), figure in figures.items()
        ]
    ComputedValue.objects.filter(element__in=elements, region_id__in=place_ids).delete()
    ComputedValue.objects.bulk_create(out, batch_size=2000)
    indicator_ids = set(
        Indicator.objects.filter(elements__in=elements).values_list("pk", flat=True)
    )
    if indicator_ids:
        indicator_values_refresh(region=region, indicator_ids=indicator_ids)
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


def element_source_choose(*, actor, element: DataElement, year: int, source: str) -> ElementSource:
    """The office chooses which figure is official for an element and year (computed or
    reported), then the indicators reading the element are refreshed for every city."""
    from luoshi.core.audit import audit, snapshot
    from luoshi.core.errors import PermissionDenied, ValidationFailed
    from luoshi.core.models import AuditEvent
    from luoshi.indicators import permissions

    if actor is not None and not permissions.can_accept_values(actor):
        raise PermissionDenied(_("Only the coordinating office chooses the official figure."))
    if source not in ElementSource.Source.values:
        raise ValidationFailed(_("Choose the computed or the reported figure."))
    if not element.computation:
        raise ValidationFailed(_("This data element is not computed from a registry."))
    with transaction.atomic():
        existing = ElementSource.objects.filter(element=element, year=year).first()
        before = snapshot(existing) if existing else None
        chosen, _created = ElementSource.objects.update_or_create(
            element=element, year=year, defaults={"source": source, "chosen_by": actor}
        )
        audit(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            obj=chosen,
            before=before,
            after=snapshot(chosen),
            verb="official figure chosen",
        )
        indicator_ids = set(element.indicators.values_list("pk", flat=True))
        for city in Region.objects.filter(kind=Region.Kind.CITY):
            indicator_values_refresh(region=city, years=[year], indicator_ids=indicator_ids)
    return chosen
