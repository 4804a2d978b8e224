"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    samples: int


def measure(
    fn: Callable[[], object], *, repeat: int = 30, warmup: int = 3, min_seconds: float = 0.0
) -> Timing:
    """Median and 95th percentile of `fn`'s wall time in milliseconds."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    gc_was = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        while len(samples) < repeat or (time.perf_counter() - started) < min_seconds:
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
            if len(samples) >= repeat * 20:
                break
    finally:
        if gc_was:
            gc.enable()
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return Timing(median_ms=statistics.median(samples), p95_ms=p95, samples=len(samples))


def repeats_for(fn: Callable[[], object], repeat: int, *, budget_s: float = 20.0) -> int:
    """`repeat`, or fewer (at least 5) when one call is slow: each benchmark gets about
    `budget_s` seconds. Calls `fn` once (a warm-up)."""
    t0 = time.perf_counter()
    fn()
    once = time.perf_counter() - t0
    return max(5, min(repeat, int(budget_s / max(once, 1e-6))))


def row(
    name: str, scale: str, db: str, timing: Timing, baseline: Timing | None, queries: int, **extra
) -> dict:
    """One entry of latest.json's runs."""
    base = baseline.median_ms if baseline else None
    return {
        "name": name,
        "scale": scale,
        "db": db,
        "median_ms": round(timing.median_ms, 3),
        "p95_ms": round(timing.p95_ms, 3),
        "queries": queries,
        "baseline_median_ms": round(base, 3) if base is not None else None,
        "ratio": round(timing.median_ms / base, 2) if base else None,
        **extra,
    }
