"""Roll-up of element values up the place tree and evaluation of indicators: numpy only.

Arrays are indexed [place, year, element] with NaN for "no value". A place's own
(entered) figure wins; otherwise, for additive elements, it is the sum of its children
that count in its sums (parks lying inside counties do not). Indicators are then
evaluated on the rolled-up elements, so a ratio is always a ratio of sums, never an
average of the children's ratios.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from luoshi.indicators.formula import Formula, evaluate_array

SUM = "sum"
LAST = "last"
NONE = "none"


@dataclass(frozen=True)
class Tree:
    """Places as arrays: parent index (-1 for the top), counted-in-parent flag, depth."""

    parent: np.ndarray
    counted: np.ndarray
    depth: np.ndarray

    @classmethod
    def build(cls, parents: Sequence[int], counted: Sequence[bool]) -> Tree:
        parent = np.asarray(parents, dtype=np.int64)
        depth = np.zeros(len(parent), dtype=np.int64)
        for _ in range(len(parent)):  # bounded by the tree's height
            has_parent = parent >= 0
            new = np.where(has_parent, depth[np.where(has_parent, parent, 0)] + 1, 0)
            if np.array_equal(new, depth):
                break
            depth = new
        return cls(parent=parent, counted=np.asarray(counted, dtype=bool), depth=depth)

    def expected_children(self) -> np.ndarray:
        """How many children count in each place's sums."""
        out = np.zeros(len(self.parent), dtype=np.int64)
        sel = (self.parent >= 0) & self.counted
        np.add.at(out, self.parent[sel], 1)
        return out


def annual_from_quarters(
    annual: np.ndarray, quarters: np.ndarray, aggregation: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """A year's value where only quarters were entered: the sum of the quarters for
    flows (aggregation "sum"), the latest quarter otherwise. `quarters` is [..., 4].

    Returns the annual array and a mask of years derived from an incomplete set of quarters.
    """
    agg = np.asarray(aggregation)
    present = ~np.isnan(quarters)
    any_q = present.any(axis=-1)
    summed = np.where(any_q, np.nansum(np.where(present, quarters, 0.0), axis=-1), np.nan)
    # Index of the last present quarter along the last axis.
    last_idx = 3 - np.argmax(present[..., ::-1], axis=-1)
    last = np.take_along_axis(quarters, last_idx[..., None], axis=-1)[..., 0]
    last = np.where(any_q, last, np.nan)
    is_sum = agg == SUM
    derived = np.where(is_sum, summed, last)
    use = np.isnan(annual) & any_q
    partial = use & (present.sum(axis=-1) < 4)
    return np.where(use, derived, annual), partial


@dataclass
class Rolled:
    values: np.ndarray  # effective value per [place, year, element]
    rolled_up: np.ndarray  # True where the value is a sum of children
    complete: np.ndarray  # False where some counted child had no value
    provisional: np.ndarray
    demo: np.ndarray
    as_of: np.ndarray  # latest acceptance (epoch seconds) behind the value, NaN if none


def rollup(
    values: np.ndarray,
    tree: Tree,
    aggregation: Sequence[str],
    *,
    provisional: np.ndarray | None = None,
    demo: np.ndarray | None = None,
    as_of: np.ndarray | None = None,
) -> Rolled:
    """Fill each place's missing figures from its counted children, deepest level first."""
    eff = np.array(values, dtype=float, copy=True)
    shape = eff.shape
    prov = (
        np.zeros(shape, dtype=bool)
        if provisional is None
        else np.array(provisional, dtype=bool, copy=True)
    )
    dem = np.zeros(shape, dtype=bool) if demo is None else np.array(demo, dtype=bool, copy=True)
    stamp = np.full(shape, np.nan) if as_of is None else np.array(as_of, dtype=float, copy=True)
    additive = np.isin(np.asarray(aggregation), [SUM, LAST])[None, None, :]
    rolled = np.zeros(shape, dtype=bool)
    complete = np.ones(shape, dtype=bool)
    expected = tree.expected_children()
    for level in range(int(tree.depth.max(initial=0)), 0, -1):
        children = np.flatnonzero((tree.depth == level) & tree.counted & (tree.parent >= 0))
        if children.size == 0:
            continue
        parents = tree.parent[children]
        child_vals = eff[children]
        child_has = ~np.isnan(child_vals)
        sums = np.zeros(shape)
        counts = np.zeros(shape, dtype=np.int64)
        any_prov = np.zeros(shape, dtype=bool)
        any_demo = np.zeros(shape, dtype=bool)
        latest = np.full(shape, -np.inf)
        np.add.at(sums, parents, np.where(child_has, child_vals, 0.0))
        np.add.at(counts, parents, child_has)
        np.logical_or.at(any_prov, parents, prov[children] & child_has)
        np.logical_or.at(any_demo, parents, dem[children] & child_has)
        np.maximum.at(
            latest,
            parents,
            np.where(child_has & ~np.isnan(stamp[children]), stamp[children], -np.inf),
        )
        fill = np.isnan(eff) & (counts > 0) & additive
        eff[fill] = sums[fill]
        rolled |= fill
        complete &= ~(fill & (counts < expected[:, None, None]))
        prov |= fill & any_prov
        dem |= fill & any_demo
        stamp = np.where(fill & np.isfinite(latest), latest, stamp)
    return Rolled(
        values=eff, rolled_up=rolled, complete=complete, provisional=prov, demo=dem, as_of=stamp
    )


@dataclass
class IndicatorArrays:
    values: np.ndarray  # [place, year, indicator]
    missing: np.ndarray
    division_by_zero: np.ndarray
    rolled_up: np.ndarray
    complete: np.ndarray
    provisional: np.ndarray
    demo: np.ndarray
    as_of: np.ndarray
    touched: np.ndarray  # some part of the indicator has a value


def evaluate_indicators(
    rolled: Rolled, element_index: Mapping[str, int], formulas: Sequence[Formula]
) -> IndicatorArrays:
    """Every indicator over every place and year, from the rolled-up element values."""
    places, years, _elements = rolled.values.shape
    shape = (places, years, len(formulas))
    out = IndicatorArrays(
        values=np.full(shape, np.nan),
        missing=np.zeros(shape, dtype=bool),
        division_by_zero=np.zeros(shape, dtype=bool),
        rolled_up=np.zeros(shape, dtype=bool),
        complete=np.ones(shape, dtype=bool),
        provisional=np.zeros(shape, dtype=bool),
        demo=np.zeros(shape, dtype=bool),
        as_of=np.full(shape, np.nan),
        touched=np.zeros(shape, dtype=bool),
    )
    for i, formula in enumerate(formulas):
        idx = [element_index[name] for name in formula.names]
        env = {name: rolled.values[:, :, element_index[name]] for name in formula.names}
        if not idx:
            continue
        values, missing, zero = evaluate_array(formula, env)
        out.values[:, :, i] = values
        out.missing[:, :, i] = missing
        out.division_by_zero[:, :, i] = zero
        part_has = ~np.isnan(rolled.values[:, :, idx])
        out.touched[:, :, i] = part_has.any(axis=2)
        out.rolled_up[:, :, i] = (rolled.rolled_up[:, :, idx] & part_has).any(axis=2)
        out.complete[:, :, i] = (rolled.complete[:, :, idx] | ~part_has).all(axis=2)
        out.provisional[:, :, i] = (rolled.provisional[:, :, idx] & part_has).any(axis=2)
        out.demo[:, :, i] = (rolled.demo[:, :, idx] & part_has).any(axis=2)
        with np.errstate(invalid="ignore"):
            out.as_of[:, :, i] = np.nanmax(
                np.where(part_has, rolled.as_of[:, :, idx], np.nan), axis=2, initial=-np.inf
            )
        out.as_of[:, :, i][~np.isfinite(out.as_of[:, :, i])] = np.nan
    return out


# Rows to arrays: what the refresh reads from the database, without a Python loop per value.

PROVISIONAL = "provisional"


@dataclass
class Computed(IndicatorArrays):
    element_values: np.ndarray = None  # type: ignore[assignment]


def _lookup(ids: np.ndarray, keys: Sequence[int]) -> np.ndarray:
    """Index of each id in keys (-1 when absent), without a Python loop over ids."""
    keys_arr = np.asarray(keys, dtype=np.int64)
    if ids.size == 0 or keys_arr.size == 0:
        return np.full(ids.shape, -1, dtype=np.int64)
    order = np.argsort(keys_arr)
    pos = np.clip(np.searchsorted(keys_arr, ids, sorter=order), 0, len(keys_arr) - 1)
    found = order[pos]
    return np.where(keys_arr[found] == ids, found, -1)


def columns(rows: Sequence[tuple]) -> dict[str, np.ndarray]:
    """Value rows (element_id, region_id, year, quarter, value, status, is_demo, accepted_at)
    as numpy columns. The refresh query casts values to float in SQL, so no Decimal
    reaches Python."""
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return {k: empty for k in ("element", "region", "year", "quarter")} | {
            "value": np.zeros(0),
            "provisional": np.zeros(0, dtype=bool),
            "demo": np.zeros(0, dtype=bool),
            "accepted": np.zeros(0),
        }
    # One pass per column: much faster than zip(*rows) over hundreds of thousands of rows.
    element, region, year, quarter, value, status, demo, accepted = (
        [r[i] for r in rows] for i in range(8)
    )
    seconds = np.array([np.nan if d is None else d.timestamp() for d in accepted], dtype=float)
    return {
        "element": np.array(element, dtype=np.int64),
        "region": np.array(region, dtype=np.int64),
        "year": np.array(year, dtype=np.int64),
        "quarter": np.array(quarter, dtype=np.int64),
        "value": np.array(value, dtype=float),
        "provisional": np.array(status) == PROVISIONAL,
        "demo": np.array(demo, dtype=bool),
        "accepted": seconds,
    }


def compute(
    *,
    place_ids: Sequence[int],
    parents: Sequence[int],
    counted: Sequence[bool],
    years: Sequence[int],
    elements: Sequence[tuple[int, str]],
    element_index: dict[str, int],
    parsed: Sequence[Formula],
    rows: Sequence[tuple] | None = None,
    cols: dict[str, np.ndarray] | None = None,
) -> Computed:
    """Arrays from value rows (or their columns), rolled up and evaluated. Pure: no
    database, and no Python loop over values."""
    cols = cols if cols is not None else columns(rows or [])
    shape = (len(place_ids), len(years), len(elements))
    p = _lookup(cols["region"], place_ids)
    y = _lookup(cols["year"], years)
    e = _lookup(cols["element"], [pk for pk, _agg in elements])
    ok = (p >= 0) & (y >= 0) & (e >= 0)
    q = cols["quarter"]
    annual = np.full(shape, np.nan)
    quarters = np.full(shape + (4,), np.nan)
    whole = ok & (q == 0)
    annual[p[whole], y[whole], e[whole]] = cols["value"][whole]
    part = ok & (q > 0)
    quarters[p[part], y[part], e[part], q[part] - 1] = cols["value"][part]
    provisional = np.zeros(shape, dtype=bool)
    demo = np.zeros(shape, dtype=bool)
    as_of = np.full(shape, -np.inf)
    # Setting True is idempotent, so plain fancy assignment is enough for the flags.
    flagged = ok & cols["provisional"]
    provisional[p[flagged], y[flagged], e[flagged]] = True
    flagged = ok & cols["demo"]
    demo[p[flagged], y[flagged], e[flagged]] = True
    # An annual cell has one row; quarters share a cell, so they need the unbuffered maximum.
    stamped = whole & ~np.isnan(cols["accepted"])
    as_of[p[stamped], y[stamped], e[stamped]] = cols["accepted"][stamped]
    stamped = part & ~np.isnan(cols["accepted"])
    np.maximum.at(as_of, (p[stamped], y[stamped], e[stamped]), cols["accepted"][stamped])
    as_of[~np.isfinite(as_of)] = np.nan
    aggregation = [agg for _pk, agg in elements]
    annual, partial = annual_from_quarters(annual, quarters, aggregation)
    provisional |= partial
    tree = Tree.build(parents, counted)
    rolled = rollup(annual, tree, aggregation, provisional=provisional, demo=demo, as_of=as_of)
    arrays = evaluate_indicators(rolled, element_index, parsed)
    return Computed(**arrays.__dict__, element_values=rolled.values)
