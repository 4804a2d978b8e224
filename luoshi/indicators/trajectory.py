"""Paths to a target, projections and the on-track status: pure functions over numbers.

Everything that runs for many series at once (fits and projections) takes 2-D arrays
(series × years, NaN for a missing year) and is vectorised with numpy, so a thousand
places cost the same handful of array operations as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
NO_DATA = "no_data"

LINEAR = "linear"
COMPOUND = "compound"

# Share of the expected value (on the straight-line path) the latest figure must reach.
ON_TRACK_SHARE = 0.95
AT_RISK_SHARE = 0.85
# Projections "disagree" when they land on different sides of the target or this far apart.
DISAGREE_SHARE = 0.10


def straight_line(
    baseline_year: int, baseline: float, target_year: int, target: float, years
) -> np.ndarray:
    """Expected value per year on the straight line from baseline to target."""
    years = np.asarray(years, dtype=float)
    if target_year == baseline_year:
        return np.full(years.shape, float(target))
    step = (float(target) - float(baseline)) / (target_year - baseline_year)
    return float(baseline) + step * (years - baseline_year)


def constant_growth(
    baseline_year: int, baseline: float, target_year: int, target: float, years
) -> np.ndarray | None:
    """Expected value per year growing by the same rate every year; None unless both ends are positive."""
    if baseline is None or target is None or float(baseline) <= 0 or float(target) <= 0:
        return None
    years = np.asarray(years, dtype=float)
    if target_year == baseline_year:
        return np.full(years.shape, float(target))
    rate = (float(target) / float(baseline)) ** (1.0 / (target_year - baseline_year))
    return float(baseline) * rate ** (years - baseline_year)


def _weighted_line(
    x: np.ndarray, y: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares line per row of y over x (w = 1 where a value exists), centred on the
    mean year for accuracy. Returns slope, mean x and mean y; rows with fewer than two
    points get NaN."""
    n = w.sum(axis=1)
    y0 = np.where(w > 0, y, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_x = (w * x).sum(axis=1) / n
        mean_y = (w * y0).sum(axis=1) / n
        dx = (x[None, :] - mean_x[:, None]) * w
        sxx = (dx * dx).sum(axis=1)
        sxy = (dx * (y0 - mean_y[:, None])).sum(axis=1)
        slope = sxy / sxx
    ok = (n >= 2) & (sxx > 0)
    return np.where(ok, slope, np.nan), mean_x, np.where(ok, mean_y, np.nan)


def fit_many(years, values) -> dict[str, np.ndarray]:
    """Fit every row of `values` (series × years, NaN = missing) by a straight line and by
    compound growth (a straight line through the logarithms; only for all-positive series).

    Returns each line as slope and centre (mean year, mean value or mean logarithm), the
    yearly growth rate and each fit's root-mean-square error in the series' own units.
    """
    x = np.asarray(years, dtype=float)
    y = np.atleast_2d(np.asarray(values, dtype=float))
    present = ~np.isnan(y)
    slope, mean_x, mean_y = _weighted_line(x, y, present.astype(float))
    positive = present & (np.where(present, y, 0.0) > 0)
    logs = np.log(np.where(positive, y, 1.0))
    log_slope, log_mean_x, log_mean_y = _weighted_line(x, logs, positive.astype(float))
    log_slope = np.where(positive.sum(axis=1) == present.sum(axis=1), log_slope, np.nan)
    fit = {
        "slope": slope,
        "mean_x": mean_x,
        "mean_y": mean_y,
        "log_slope": log_slope,
        "log_mean_x": log_mean_x,
        "log_mean_y": log_mean_y,
        "rate": np.exp(log_slope) - 1.0,
    }
    linear_fit, compound_fit = _at(fit, x[None, :])
    count = np.maximum(present.sum(axis=1), 1)
    with np.errstate(invalid="ignore", over="ignore"):
        fit["linear_rmse"] = np.sqrt(
            np.where(present, (linear_fit - y) ** 2, 0.0).sum(axis=1) / count
        )
        fit["compound_rmse"] = np.sqrt(
            np.where(present, (compound_fit - y) ** 2, 0.0).sum(axis=1) / count
        )
    fit["linear_rmse"][np.isnan(slope)] = np.nan
    fit["compound_rmse"][np.isnan(log_slope)] = np.nan
    return fit


def _at(fit: dict[str, np.ndarray], x) -> tuple[np.ndarray, np.ndarray]:
    """Both fitted curves evaluated at x (a scalar, or an array broadcast against the series)."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        col = lambda a: a[:, None]  # noqa: E731
    else:
        col = lambda a: a  # noqa: E731
    linear = col(fit["mean_y"]) + col(fit["slope"]) * (x - col(fit["mean_x"]))
    with np.errstate(over="ignore", invalid="ignore"):
        compound = np.exp(
            col(fit["log_mean_y"]) + col(fit["log_slope"]) * (x - col(fit["log_mean_x"]))
        )
    return linear, compound


def project_many(years, values, at_year: int | float) -> tuple[np.ndarray, np.ndarray]:
    """Projected value of each series in `at_year`: (linear fit, compound growth)."""
    return _at(fit_many(years, values), float(at_year))


def meets(
    value: float | None, comparator: str, target: float, *, higher_is_better: bool = True
) -> bool:
    if value is None or np.isnan(value):
        return False
    if comparator == ">=":
        return value >= target
    if comparator == ">":
        return value > target
    if comparator == "<=":
        return value <= target
    if comparator == "<":
        return value < target
    return value >= target if higher_is_better else value <= target


def higher_is_better(comparator: str, direction: str = "higher") -> bool:
    if comparator in (">=", ">"):
        return True
    if comparator in ("<=", "<"):
        return False
    return direction != "lower"


@dataclass
class Assessment:
    """Where a numeric target stands. Numbers are floats or None; `reason` is translated."""

    baseline_year: int
    baseline: float | None
    target_year: int
    target: float
    comparator: str
    higher_is_better: bool
    years: list[int] = field(default_factory=list)
    actuals: list[float | None] = field(default_factory=list)
    latest_year: int | None = None
    latest: float | None = None
    expected: float | None = None  # straight-line path value in latest_year
    expected_growth: float | None = None  # constant-growth path value in latest_year
    share_of_expected: float | None = None  # latest ÷ expected (inverted when lower is better)
    pct_achieved: float | None = None
    gap: float | None = None  # still to go (negative: beyond the target)
    growth_needed: float | None = None  # % a year from the latest value to the target
    projection_linear: float | None = None
    projection_compound: float | None = None
    projection: float | None = None
    method: str = ""
    method_reason: str = ""
    projections_disagree: bool = False
    status: str = NO_DATA
    reason: str = ""

    @property
    def achieved(self) -> bool:
        return self.latest is not None and meets(
            self.latest, self.comparator, self.target, higher_is_better=self.higher_is_better
        )


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) or np.isinf(value) else value


def _fmt(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def assess(
    *,
    baseline_year: int,
    baseline: float | None,
    target_year: int,
    target: float,
    comparator: str,
    years,
    values,
    direction: str = "higher",
    decimals: int = 2,
    on_track_share: float = ON_TRACK_SHARE,
    at_risk_share: float = AT_RISK_SHARE,
    fmt=None,
) -> Assessment:
    """Assess one target from its actual series (years and values, None/NaN = missing).

    The projection fits the figures from the baseline year on (all figures when fewer
    than two remain); it uses compound growth when that fits the figures more closely
    (three or more years), else the straight line.
    """
    target = float(target)
    better_up = higher_is_better(comparator, direction)
    years_arr = np.asarray(list(years), dtype=float)
    vals = np.asarray([np.nan if v is None else float(v) for v in values], dtype=float)
    result = Assessment(
        baseline_year=baseline_year,
        baseline=_num(baseline),
        target_year=target_year,
        target=target,
        comparator=comparator,
        higher_is_better=better_up,
        years=[int(y) for y in years_arr],
        actuals=[_num(v) for v in vals],
    )
    present = ~np.isnan(vals)
    if not present.any():
        result.reason = _("No accepted figures yet.")
        return result
    last = int(np.flatnonzero(present)[-1])
    result.latest_year, result.latest = int(years_arr[last]), float(vals[last])
    latest, latest_year = result.latest, result.latest_year

    def f(value: float | None) -> str:
        if value is None:
            return "—"
        return fmt(value) if fmt is not None else _fmt(value, decimals)

    if result.baseline is not None:
        result.expected = float(
            straight_line(baseline_year, result.baseline, target_year, target, [latest_year])[0]
        )
        growth = constant_growth(baseline_year, result.baseline, target_year, target, [latest_year])
        result.expected_growth = None if growth is None else float(growth[0])
    if better_up:
        result.pct_achieved = latest / target * 100 if target else None
        result.gap = target - latest
        if result.expected:
            result.share_of_expected = latest / result.expected
    else:
        result.pct_achieved = target / latest * 100 if latest else None
        result.gap = latest - target
        if latest:
            result.share_of_expected = (
                (result.expected or 0) / latest if result.expected is not None else None
            )
    if latest_year < target_year and latest > 0 and target > 0:
        result.growth_needed = ((target / latest) ** (1 / (target_year - latest_year)) - 1) * 100

    window = present & (years_arr >= baseline_year)
    if window.sum() < 2:
        window = present
    series = np.where(window, vals, np.nan)[None, :]
    fit = fit_many(years_arr, series)
    linear, compound = _at(fit, float(target_year))
    result.projection_linear = _num(linear[0])
    result.projection_compound = _num(compound[0])
    lin_err, comp_err = _num(fit["linear_rmse"][0]), _num(fit["compound_rmse"][0])
    if (
        result.projection_compound is not None
        and window.sum() >= 3
        and comp_err is not None
        and lin_err is not None
        and comp_err < lin_err
    ):
        result.method, result.projection = COMPOUND, result.projection_compound
        result.method_reason = _(
            "Compound growth fits the figures more closely than a straight line."
        )
    elif result.projection_linear is not None:
        result.method, result.projection = LINEAR, result.projection_linear
        result.method_reason = (
            _("A straight line fits the figures at least as closely as compound growth.")
            if result.projection_compound is not None and window.sum() >= 3
            else _("Straight-line fit (too few figures to prefer compound growth).")
        )
    if result.projection_linear is not None and result.projection_compound is not None:
        a, b = result.projection_linear, result.projection_compound
        sides = meets(a, comparator, target, higher_is_better=better_up) != meets(
            b, comparator, target, higher_is_better=better_up
        )
        apart = abs(a - b) > DISAGREE_SHARE * max(abs(a), abs(b), 1e-9)
        result.projections_disagree = sides or apart

    params = {
        "latest": f(latest),
        "year": latest_year,
        "target": f(target),
        "target_year": target_year,
        "expected": f(result.expected),
        "share": _fmt((result.share_of_expected or 0) * 100, 0),
        "projection": f(result.projection),
    }
    projection_ok = (
        None
        if result.projection is None
        else meets(result.projection, comparator, target, higher_is_better=better_up)
    )
    share = result.share_of_expected
    if result.achieved:
        result.status = ON_TRACK
        result.reason = _("Target reached: %(latest)s in %(year)s against %(target)s.") % params
    elif latest_year >= target_year:
        result.status = OFF_TRACK
        result.reason = (
            _("The target year %(target_year)s has come with %(latest)s, short of %(target)s.")
            % params
        )
    elif share is None:
        result.status = AT_RISK if projection_ok is not False else OFF_TRACK
        result.reason = (
            _("No baseline to compare with; the projection for %(target_year)s is %(projection)s.")
            % params
        )
    elif projection_ok is None:
        result.status = (
            ON_TRACK
            if share >= on_track_share
            else (AT_RISK if share >= at_risk_share else OFF_TRACK)
        )
        result.reason = (
            _(
                "%(latest)s in %(year)s is %(share)s%% of the expected %(expected)s; too few figures to project."
            )
            % params
        )
    elif share >= on_track_share and projection_ok:
        result.status = ON_TRACK
        result.reason = (
            _(
                "%(latest)s in %(year)s is %(share)s%% of the expected %(expected)s, and the projection "
                "%(projection)s for %(target_year)s meets the target %(target)s."
            )
            % params
        )
    elif share < at_risk_share and not projection_ok:
        result.status = OFF_TRACK
        result.reason = (
            _(
                "%(latest)s in %(year)s is only %(share)s%% of the expected %(expected)s, and the projection "
                "%(projection)s for %(target_year)s misses the target %(target)s."
            )
            % params
        )
    elif not projection_ok:
        result.status = AT_RISK
        result.reason = (
            _(
                "The projection %(projection)s for %(target_year)s misses the target %(target)s, although "
                "%(latest)s in %(year)s is %(share)s%% of the expected %(expected)s."
            )
            % params
        )
    else:
        result.status = AT_RISK
        result.reason = (
            _(
                "%(latest)s in %(year)s is only %(share)s%% of the expected %(expected)s, although the "
                "projection %(projection)s for %(target_year)s meets the target %(target)s."
            )
            % params
        )
    return result


@dataclass
class MilestoneAssessment:
    status: str
    reason: str
    done: int
    total: int


def assess_milestone(steps, today, *, warn_days: int = 60) -> MilestoneAssessment:
    """steps: (title, due date or None, done date or None) in order."""
    steps = list(steps)
    done = sum(1 for _t, _due, finished in steps if finished)
    if not steps:
        return MilestoneAssessment(NO_DATA, _("No steps defined yet."), 0, 0)
    if done == len(steps):
        return MilestoneAssessment(ON_TRACK, _("Achieved: every step is done."), done, len(steps))
    open_steps = [(t, due) for t, due, finished in steps if not finished]
    overdue = [(t, due) for t, due in open_steps if due is not None and due < today]
    if overdue:
        title, due = overdue[0]
        return MilestoneAssessment(
            OFF_TRACK,
            _("“%(step)s” was due on %(due)s and is not done.")
            % {"step": title, "due": _date(due)},
            done,
            len(steps),
        )
    title, due = open_steps[0]
    if due is not None and (due - today).days <= warn_days:
        return MilestoneAssessment(
            AT_RISK,
            _("“%(step)s” is due on %(due)s.") % {"step": title, "due": _date(due)},
            done,
            len(steps),
        )
    return MilestoneAssessment(
        ON_TRACK,
        _("%(done)d of %(total)d steps done; next: “%(step)s”.")
        % {"done": done, "total": len(steps), "step": title},
        done,
        len(steps),
    )


def _date(value) -> str:
    from luoshi.core.templatetags.luoshi import cn_date

    return cn_date(value) if value else "—"
