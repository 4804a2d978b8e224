"""Paths, projections and statuses against figures worked out by hand."""

import datetime as dt
import math

import numpy as np
import pytest

from luoshi.indicators import trajectory as t

YEARS = [2021, 2022, 2023]


def test_the_straight_line_path_adds_the_same_amount_each_year():
    path = t.straight_line(2021, 130, 2025, 150, range(2021, 2026))
    assert path.tolist() == [130, 135, 140, 145, 150]


def test_the_constant_growth_path_multiplies_by_the_same_rate_each_year():
    # 100 -> 200 in four years: halfway (2023) is 100 × √2.
    path = t.constant_growth(2021, 100, 2025, 200, [2021, 2023, 2025])
    assert path.tolist() == pytest.approx([100, 100 * math.sqrt(2), 200])


def test_constant_growth_needs_positive_ends():
    assert t.constant_growth(2021, 0, 2025, 200, [2023]) is None


def test_projections_of_the_high_tech_enterprise_series():
    # 130, 169, 209 (2021–2023): slope 39.5 a year through the mean 169⅓ in 2022.
    a = t.assess(
        baseline_year=2021,
        baseline=130,
        target_year=2025,
        target=150,
        comparator=">=",
        years=YEARS,
        values=[130, 169, 209],
    )
    assert a.projection_linear == pytest.approx(169 + 1 / 3 + 3 * 39.5)
    logs = [math.log(v) for v in (130, 169, 209)]
    slope = (logs[2] - logs[0]) / 2
    assert a.projection_compound == pytest.approx(math.exp(sum(logs) / 3 + 3 * slope))
    assert a.status == t.ON_TRACK and a.achieved
    assert a.pct_achieved == pytest.approx(209 / 150 * 100)
    assert a.gap == pytest.approx(150 - 209)


def test_high_tech_revenue_is_at_risk_though_close_to_its_path():
    # 520, 634, 593 against 700 in 2025 from 520 in 2021.
    a = t.assess(
        baseline_year=2021,
        baseline=520,
        target_year=2025,
        target=700,
        comparator=">=",
        years=YEARS,
        values=[520, 634, 593],
    )
    assert a.expected == pytest.approx(610)  # 520 + 45 × 2
    assert a.expected_growth == pytest.approx(520 * (700 / 520) ** 0.5)
    assert a.share_of_expected == pytest.approx(593 / 610)
    assert a.pct_achieved == pytest.approx(593 / 700 * 100)
    assert a.gap == pytest.approx(107)
    assert a.growth_needed == pytest.approx(((700 / 593) ** 0.5 - 1) * 100)
    assert a.projection_linear == pytest.approx(582 + 1 / 3 + 3 * 36.5)  # 691.83: misses
    assert a.method == t.LINEAR and a.projection == a.projection_linear
    # Compound growth lands above 700: the two methods disagree and both are shown.
    assert a.projection_compound > 700 and a.projections_disagree
    assert a.status == t.AT_RISK


def test_far_below_the_path_and_projected_short_is_off_track():
    a = t.assess(
        baseline_year=2021,
        baseline=100,
        target_year=2025,
        target=200,
        comparator=">=",
        years=YEARS,
        values=[100, 105, 108],
    )
    assert a.share_of_expected == pytest.approx(108 / 150)
    assert a.projection_linear == pytest.approx(104 + 1 / 3 + 3 * 4)
    assert a.status == t.OFF_TRACK


def test_on_the_path_and_projected_to_meet_is_on_track():
    a = t.assess(
        baseline_year=2021,
        baseline=100,
        target_year=2025,
        target=200,
        comparator=">=",
        years=YEARS,
        values=[100, 130, 160],
    )
    assert a.projection_linear == pytest.approx(220)
    assert a.status == t.ON_TRACK and not a.achieved


def test_a_dip_below_the_path_with_a_good_trend_is_at_risk():
    a = t.assess(
        baseline_year=2021,
        baseline=100,
        target_year=2025,
        target=220,
        comparator=">=",
        years=[2021, 2022, 2023, 2024],
        values=[100, 160, 200, 180],
    )
    assert a.share_of_expected == pytest.approx(180 / 190)
    assert a.projection_linear == pytest.approx(230)
    assert a.status == t.AT_RISK


def test_a_passed_target_year_without_the_target_is_off_track():
    a = t.assess(
        baseline_year=2021,
        baseline=100,
        target_year=2023,
        target=200,
        comparator=">=",
        years=YEARS,
        values=[100, 150, 190],
    )
    assert a.status == t.OFF_TRACK


def test_lower_is_better_targets_mirror_the_arithmetic():
    a = t.assess(
        baseline_year=2021,
        baseline=10,
        target_year=2025,
        target=6,
        comparator="<=",
        years=YEARS,
        values=[10, 9, 8],
    )
    assert not a.higher_is_better
    assert a.expected == pytest.approx(8)
    assert a.share_of_expected == pytest.approx(1.0)
    assert a.pct_achieved == pytest.approx(75)
    assert a.projection_linear == pytest.approx(6)
    assert a.status == t.ON_TRACK


def test_strictly_greater_targets_are_not_met_by_equality():
    a = t.assess(
        baseline_year=2021,
        baseline=5,
        target_year=2025,
        target=10,
        comparator=">",
        years=YEARS,
        values=[5, 8, 10],
    )
    assert not a.achieved


def test_no_figures_means_no_status():
    a = t.assess(
        baseline_year=2021,
        baseline=1,
        target_year=2025,
        target=2,
        comparator=">=",
        years=YEARS,
        values=[None, None, None],
    )
    assert a.status == t.NO_DATA and a.latest is None


def test_compound_growth_is_used_when_it_fits_better():
    values = [100, 150, 225, 337.5]  # exactly +50 % a year
    a = t.assess(
        baseline_year=2021,
        baseline=100,
        target_year=2026,
        target=1000,
        comparator=">=",
        years=[2021, 2022, 2023, 2024],
        values=values,
    )
    assert a.method == t.COMPOUND
    assert a.projection == pytest.approx(337.5 * 1.5**2)


def test_vectorised_projection_equals_one_series_at_a_time():
    rng = np.random.default_rng(1)
    years = np.arange(2005, 2025)
    values = rng.uniform(50, 150, size=(50, 20)).cumsum(axis=1)
    values[rng.uniform(size=values.shape) < 0.2] = np.nan
    linear, compound = t.project_many(years, values, 2030)
    for i in range(0, 50, 7):
        mask = ~np.isnan(values[i])
        slope, intercept = np.polyfit(years[mask], values[i][mask], 1)
        assert linear[i] == pytest.approx(slope * 2030 + intercept)
        log_slope, log_intercept = np.polyfit(years[mask], np.log(values[i][mask]), 1)
        assert compound[i] == pytest.approx(math.exp(log_slope * 2030 + log_intercept))


def test_a_milestone_with_an_overdue_step_is_off_track():
    steps = [
        ("方案", dt.date(2022, 12, 31), dt.date(2022, 11, 1)),
        ("评审", dt.date(2025, 6, 30), None),
    ]
    result = t.assess_milestone(steps, dt.date(2025, 7, 1))
    assert result.status == t.OFF_TRACK and (result.done, result.total) == (1, 2)


def test_a_milestone_with_a_step_due_soon_is_at_risk_and_one_with_all_steps_done_is_on_track():
    steps = [("评审", dt.date(2025, 6, 30), None)]
    assert t.assess_milestone(steps, dt.date(2025, 6, 1)).status == t.AT_RISK
    assert t.assess_milestone(steps, dt.date(2025, 1, 1)).status == t.ON_TRACK
    assert (
        t.assess_milestone([("批复", None, dt.date(2025, 5, 1))], dt.date(2025, 6, 1)).status
        == t.ON_TRACK
    )
