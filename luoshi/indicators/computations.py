"""The register of registry computations: figures an app above computes from its own rows.

Programme apps (enterprises, contracts, patents…) stand above indicators, so indicators never
imports them. Instead each app registers its computations here from its `AppConfig.ready()`:

    from luoshi.indicators.computations import Computation, register

    register(Computation(key="high_tech_valid", label=_("…"), unit="家",
                         values=high_tech_values, rows=high_tech_rows))

- `values(region_ids, years)` answers the figure per place and year as
  `{(region_id, year): Figure}`, for every place it can attribute (a city, its counties and
  parks are each counted from the rows, not summed, so a firm is never counted twice). It
  must issue a constant number of queries whatever the number of places and years.
- `rows(viewer, region_id, year)` answers the rows behind one figure (a `Drilldown`), only
  those the viewer may see; `Drilldown.total` is the whole count, so a page can say when
  some rows are hidden from the viewer. A computation whose lists run to thousands of rows
  declares `paged=True` and then also takes `offset` and `limit`, answering only that window
  with `Drilldown.visible` the count of every row the viewer may see; the drill-down page
  shows one window at a time (the .xlsx export asks for every row). Unpaged computations
  answer every row and the page shows a window of them.

A data element names a computation by its key (`DataElement.computation`); the computed
figures are kept in `ComputedValue`, shown beside the reported ones, and the office decides
per element and year which is official (`ElementSource`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Figure:
    value: Decimal
    is_demo: bool = False


@dataclass
class Drilldown:
    """The rows behind a computed figure: column headings and rows of plain values."""

    columns: list[str]
    rows: list[tuple]
    total: int = 0  # rows behind the figure, visible or not
    links: list[str | None] = field(default_factory=list)  # one URL per row, or None
    visible: int | None = None  # rows the viewer may see in all, when `rows` is one window


@dataclass(frozen=True)
class Computation:
    key: str
    label: str
    unit: str
    values: Callable[[Sequence[int], Sequence[int]], dict[tuple[int, int], Figure]]
    rows: Callable[..., Drilldown]
    definition: str = ""
    paged: bool = False  # rows() also takes offset and limit (see above)


_REGISTER: dict[str, Computation] = {}


def register(computation: Computation) -> None:
    """Add a computation (called from an AppConfig.ready(); registering a key again replaces
    it, so a reloaded app does not fail)."""
    _REGISTER[computation.key] = computation


def get(key: str) -> Computation | None:
    return _REGISTER.get(key)


def all_computations() -> list[Computation]:
    return sorted(_REGISTER.values(), key=lambda c: c.key)


def choices() -> list[tuple[str, str]]:
    return [(c.key, str(c.label)) for c in all_computations()]
