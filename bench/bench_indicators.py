"""Indicator roll-up and projection at scale: 1,000 places × 20 years × 20 elements.

Function-level (no database): the same code the refresh service and the dashboard run.
Each is timed beside a bare baseline doing the least any implementation must do on the
same input, in the same process. Target: each under 1 s median.

- compute: value rows as the refresh query returns them (float, aware datetime) → numpy
  columns → roll-up through a two-level place tree → 20 indicators (10 of them ratios).
  Baseline: copying the rows' values into one float array.
- rollup+indicators: the same from ready arrays. Baseline: one numpy sum over places.
- projection: linear fit and compound growth of 1,000 places × 20 indicators = 20,000
  series with gaps, to a target year. Baseline: numpy.polyfit on the same series
  without gaps (one vectorised least-squares call).

    python -m bench.bench_indicators
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import measure, row  # noqa: E402

PLACES = 1000
YEARS = 20
ELEMENTS = 20
SCALE = f"{PLACES} places × {YEARS} years × {ELEMENTS} elements"


def _tree() -> tuple[list[int], list[int], list[bool]]:
    """A province, 49 cities, 950 counties (19 per city); ids 1..1000."""
    ids = list(range(1, PLACES + 1))
    parents = [-1] + [0] * 49 + [1 + (i % 49) for i in range(PLACES - 50)]
    counted = [True] * PLACES
    return ids, parents, counted


def _rows(rng) -> list[tuple]:
    """County figures only (cities and the province roll up); 5 % missing. Shaped like the
    refresh query's rows: value as float, accepted_at as an aware datetime."""
    stamp = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    out = []
    for place in range(51, PLACES + 1):
        for year in range(2005, 2005 + YEARS):
            for element in range(1, ELEMENTS + 1):
                if rng.random() < 0.05:
                    continue
                value = round(rng.uniform(1, 1000), 2)  # the refresh query casts to float in SQL
                out.append((element, place, year, 0, value, "final", False, stamp))
    return out


def _catalogue():
    from luoshi.indicators import formula

    codes = [f"e{i}" for i in range(1, ELEMENTS + 1)]
    elements = [(i, "sum" if i % 3 else "last") for i in range(1, ELEMENTS + 1)]
    element_index = {code: i for i, code in enumerate(codes)}
    parsed = [formula.parse(f"e{2 * k + 1} / e{2 * k + 2} * 100", known=codes) for k in range(10)]
    parsed += [formula.parse(f"e{k + 1}", known=codes) for k in range(10)]
    return elements, element_index, parsed


def run() -> list[dict]:
    # Pure numpy modules: no Django setup, so the harness can configure Django afterwards.
    from luoshi.indicators import rollup, trajectory
    from luoshi.indicators.rollup import columns, compute

    rng = np.random.default_rng(5109)
    ids, parents, counted = _tree()
    years = list(range(2005, 2005 + YEARS))
    elements, element_index, parsed = _catalogue()
    rows = _rows(rng)
    results = []

    def full():
        return compute(
            place_ids=ids,
            parents=parents,
            counted=counted,
            years=years,
            elements=elements,
            element_index=element_index,
            parsed=parsed,
            rows=rows,
        )

    result = full()
    city = result.values[1]  # a city: the sum of its 19 counties
    assert np.isfinite(city).mean() > 0.9
    timing = measure(full, repeat=5, warmup=1)
    base = measure(lambda: np.array([r[4] for r in rows], dtype=float), repeat=5, warmup=1)
    results.append(
        row(
            "indicators.compute_from_rows", f"{SCALE} ({len(rows):,} rows)", "none", timing, base, 0
        )
    )

    cols = columns(rows)
    tree = rollup.Tree.build(parents, counted)
    annual = np.full((PLACES, YEARS, ELEMENTS), np.nan)
    p = cols["region"] - 1
    y = cols["year"] - 2005
    e = cols["element"] - 1
    annual[p, y, e] = cols["value"]
    aggregation = [agg for _pk, agg in elements]

    def arrays_only():
        rolled = rollup.rollup(annual, tree, aggregation)
        return rollup.evaluate_indicators(rolled, element_index, parsed)

    timing = measure(arrays_only, repeat=10, warmup=1)
    children = np.flatnonzero(tree.parent >= 0)

    def bare_sum():
        out = np.zeros((PLACES, YEARS, ELEMENTS))
        np.add.at(out, tree.parent[children], np.nan_to_num(annual[children]))
        return out

    base = measure(bare_sum, repeat=10, warmup=1)
    results.append(row("indicators.rollup_and_formulas", SCALE, "none", timing, base, 0))

    # Projection: every place's series of every ratio and count indicator, with gaps.
    series = np.abs(rng.normal(100, 20, size=(PLACES * 20, YEARS))).cumsum(axis=1)
    gappy = series.copy()
    gappy[rng.random(gappy.shape) < 0.1] = np.nan
    x = np.asarray(years, dtype=float)
    timing = measure(lambda: trajectory.project_many(x, gappy, 2030), repeat=10, warmup=1)
    base = measure(lambda: np.polyfit(x, series.T, 1), repeat=10, warmup=1)
    results.append(
        row(
            "indicators.projection",
            f"{PLACES * 20:,} series × {YEARS} years",
            "none",
            timing,
            base,
            0,
        )
    )
    return results


if __name__ == "__main__":
    for entry in run():
        print(
            f"{entry['name']:<36} {entry['scale']:<48} median {entry['median_ms']:>9.2f} ms  "
            f"p95 {entry['p95_ms']:>9.2f} ms  baseline {entry['baseline_median_ms']:>8.2f} ms  ratio {entry['ratio']}"
        )
