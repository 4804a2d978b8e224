"""Reads for entering and approving values."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils import timezone

from luoshi.indicators import permissions
from luoshi.indicators.models import (
    DataElement,
    DataValue,
)
from luoshi.indicators.services import entry_places
from luoshi.org.models import Region

# ---------------------------------------------------------------------------
# Entry


@dataclass
class EntryCell:
    region: Region
    value: DataValue | None
    previous: DataValue | None
    allowed: bool

    @property
    def key(self) -> str:
        return f"{self.region.pk}"


@dataclass
class EntryRow:
    element: DataElement
    cells: list[EntryCell]


def entry_home(*, viewer) -> dict[str, Any]:
    """The viewer's elements and, per year, how many of its values are in each state."""
    elements = list(permissions.elements_enterable_by(viewer).select_related("supplying_unit"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {s: 0 for s in DataValue.State.values})
    for year, state, n in (
        DataValue.objects.filter(element__in=elements)
        .values_list("year", "state")
        .annotate(n=Count("id"))
        .order_by("-year")
    ):
        counts[year][state] += n
    this_year = timezone.localdate().year
    years = sorted(set(counts) | {this_year - 1, this_year - 2}, reverse=True)
    return {
        "elements": elements,
        "unit": getattr(viewer, "unit", None),
        "years": [
            {"year": y, "counts": counts.get(y, {s: 0 for s in DataValue.State.values})}
            for y in years
        ],
        "can_approve": permissions.can_approve_values(viewer),
        "can_accept": permissions.can_accept_values(viewer),
    }


def entry_grid(*, viewer, year: int) -> dict[str, Any]:
    """All the viewer's elements × places for one year, with last year's figures: 3 queries."""
    unit = getattr(viewer, "unit", None)
    elements = list(permissions.elements_enterable_by(viewer))
    if unit is None or not elements:
        return {"unit": unit, "year": year, "places": [], "rows": []}
    places = entry_places(unit)
    city_id = places[0].pk
    values = {
        (v.element_id, v.region_id, v.year): v
        for v in DataValue.objects.filter(
            element__in=elements, year__in=[year, year - 1], quarter=0
        ).select_related("entered_by")
    }
    rows = []
    for element in elements:
        cells = []
        for place in places:
            allowed = element.coverage == DataElement.Coverage.ALL or place.pk == city_id
            cells.append(
                EntryCell(
                    region=place,
                    value=values.get((element.pk, place.pk, year)),
                    previous=values.get((element.pk, place.pk, year - 1)),
                    allowed=allowed,
                )
            )
        rows.append(EntryRow(element=element, cells=cells))
    return {"unit": unit, "year": year, "places": places, "rows": rows}


def approval_queue(*, viewer) -> dict[str, Any]:
    """Values waiting for the viewer: drafts of the approver's unit, approved values for the office.
    Only values whose page the viewer may open are listed."""
    base = permissions.values_visible_to(viewer).select_related(
        "element", "element__supplying_unit", "region", "entered_by", "approved_by"
    )
    to_approve = DataValue.objects.none()
    to_accept = DataValue.objects.none()
    if permissions.can_approve_values(viewer) and getattr(viewer, "unit_id", None):
        to_approve = base.filter(
            state=DataValue.State.DRAFT, element__supplying_unit_id=viewer.unit_id
        )
    if permissions.can_accept_values(viewer):
        to_accept = base.filter(state=DataValue.State.APPROVED)
    order = (
        "element__supplying_unit__order",
        "-year",
        "element__order",
        "region__order",
        "quarter",
    )
    return {
        "to_approve": list(to_approve.order_by(*order)),
        "to_accept": list(to_accept.order_by(*order)),
    }


def values_by_ids(*, viewer, ids, state: str) -> list[DataValue]:
    return list(
        permissions.values_visible_to(viewer)
        .select_related("element", "region")
        .filter(pk__in=[int(i) for i in ids if str(i).isdigit()], state=state)
    )


def value_history(*, viewer, value: DataValue):
    from luoshi.core.models import AuditEvent

    return AuditEvent.objects.filter(
        model=DataValue._meta.label_lower, object_pk=str(value.pk)
    ).select_related("actor")
