"""Computed (registry) figures beside reported ones, and the rows behind a computed figure."""

from __future__ import annotations

from decimal import Decimal

from luoshi.core.errors import NotFound
from luoshi.indicators import computations, permissions
from luoshi.indicators.models import ComputedValue, DataElement, DataValue, ElementSource
from luoshi.org.models import Region


def computed_elements(indicator) -> list[DataElement]:
    return [e for e in indicator.elements.all() if e.computation]


def sources_table(*, viewer, indicator, region: Region) -> list[dict]:
    """For each element of the indicator computed from a registry: per year, the reported
    (accepted) and computed figures of the place, their difference and which is official.
    Three queries whatever the number of years."""
    elements = computed_elements(indicator)
    if not elements or not permissions.can_read_region(viewer, region):
        return []
    ids = [e.pk for e in elements]
    reported = {
        (v.element_id, v.year): v.value
        for v in DataValue.objects.filter(
            element_id__in=ids, region=region, quarter=0, state=DataValue.State.ACCEPTED
        ).only("element_id", "year", "value")
    }
    computed = {
        (c.element_id, c.year): c
        for c in ComputedValue.objects.filter(element_id__in=ids, region=region)
    }
    chosen = {
        (s.element_id, s.year): s.source for s in ElementSource.objects.filter(element_id__in=ids)
    }
    out = []
    for element in elements:
        computation = computations.get(element.computation)
        years = sorted({y for (e, y) in list(reported) + list(computed) if e == element.pk})
        rows = []
        for year in years:
            r = reported.get((element.pk, year))
            c = computed.get((element.pk, year))
            source = chosen.get((element.pk, year)) or (
                ElementSource.Source.COMPUTED if c is not None else ElementSource.Source.REPORTED
            )
            rows.append(
                {
                    "year": year,
                    "reported": r,
                    "computed": c.value if c else None,
                    "demo": bool(c and c.is_demo),
                    "difference": (c.value - r) if (c is not None and r is not None) else None,
                    "source": source,
                }
            )
        out.append(
            {
                "element": element,
                "computation": computation,
                "rows": rows,
            }
        )
    return out


PAGE_SIZE = 100


def drilldown(*, viewer, code: str, region_id: int, year: int, page: int | None = None):
    """The element, the place, its computed figure and the rows behind it the viewer may
    see — every row, or with `page` the PAGE_SIZE rows of that page (the last page when it
    is beyond); 404 alike for an unknown element, a place out of reach and a figure never
    computed."""
    element = DataElement.objects.filter(code=code).exclude(computation="").first()
    region = Region.objects.filter(pk=region_id).first()
    if element is None or region is None or not permissions.can_read_region(viewer, region):
        raise NotFound()
    computation = computations.get(element.computation)
    if computation is None:
        raise NotFound()
    figure = ComputedValue.objects.filter(element=element, region=region, year=year).first()
    window = _window(computation, viewer=viewer, region_id=region.pk, year=year, page=page)
    rows = window.pop("drill")
    return window | {
        "element": element,
        "region": region,
        "year": year,
        "figure": figure.value if figure else Decimal(0),
        "is_demo": bool(figure and figure.is_demo),
        "computation": computation,
        "drill": rows,
    }


def _window(computation, *, viewer, region_id: int, year: int, page: int | None) -> dict:
    """The rows of one page (or all of them) and where the page stands among the rest."""
    if page is None:
        drill = computation.rows(viewer=viewer, region_id=region_id, year=year)
        visible = len(drill.rows)
        return {"drill": drill, "hidden": max(0, drill.total - visible), "visible": visible}
    page = max(1, page)
    if computation.paged:
        drill = computation.rows(
            viewer=viewer,
            region_id=region_id,
            year=year,
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        visible = drill.visible if drill.visible is not None else len(drill.rows)
        pages = max(1, -(-visible // PAGE_SIZE))
        if page > pages:  # beyond the end: the last page
            return _window(computation, viewer=viewer, region_id=region_id, year=year, page=pages)
    else:
        drill = computation.rows(viewer=viewer, region_id=region_id, year=year)
        visible = len(drill.rows)
        pages = max(1, -(-visible // PAGE_SIZE))
        page = min(page, pages)
        start = (page - 1) * PAGE_SIZE
        drill.rows = drill.rows[start : start + PAGE_SIZE]
        drill.links = (drill.links or [])[start : start + PAGE_SIZE]
    return {
        "drill": drill,
        "hidden": max(0, drill.total - visible),
        "visible": visible,
        "page": page,
        "pages": pages,
        "first": (page - 1) * PAGE_SIZE,
        "last": (page - 1) * PAGE_SIZE + len(drill.rows),
    }


def element_for_source(*, pk: int) -> DataElement:
    element = DataElement.objects.filter(pk=pk).exclude(computation="").first()
    if element is None:
        raise NotFound()
    return element
