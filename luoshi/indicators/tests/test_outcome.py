"""A target's outcome after its target year: achieved or not, by how much, and how firm the
final-year figure is (pure functions; no database)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from luoshi.indicators import outcome


@dataclass
class Row:
    value: float | None
    provisional: bool = False
    complete: bool = True
    is_demo: bool = False


def goal(target="300", year=2025, comparator=">=", direction="higher"):
    return SimpleNamespace(
        target_value=Decimal(target),
        target_year=year,
        comparator=comparator,
        indicator=SimpleNamespace(direction=direction),
    )


AFTER = dt.date(2026, 12, 5)


def test_before_the_end_of_the_target_year_there_is_no_outcome_yet():
    result = outcome.goal_outcome(goal(), {2025: Row(320)}, today=dt.date(2025, 12, 31))
    assert result.state == outcome.NOT_DUE and not result.due
    assert result.value == 320


def test_a_target_met_in_its_year_is_achieved_by_the_margin():
    result = outcome.goal_outcome(goal(), {2024: Row(250), 2025: Row(320)}, today=AFTER)
    assert result.state == outcome.ACHIEVED
    assert result.gap == pytest.approx(20)
    assert result.gap_pct == pytest.approx(20 / 300 * 100)
    assert result.data_status == outcome.FINAL


def test_a_target_missed_says_how_far_short_and_that_the_figure_is_provisional():
    result = outcome.goal_outcome(goal(), {2025: Row(258, provisional=True)}, today=AFTER)
    assert result.state == outcome.NOT_ACHIEVED
    assert result.gap == pytest.approx(-42)
    assert result.data_status == outcome.PROVISIONAL and result.provisional


def test_an_earlier_year_does_not_stand_in_for_the_target_year():
    result = outcome.goal_outcome(goal(), {2024: Row(400)}, today=AFTER)
    assert result.state == outcome.AWAITING_DATA
    assert result.data_status == outcome.MISSING


def test_a_figure_still_in_approval_is_reported_as_such():
    result = outcome.goal_outcome(goal(), {}, pending_years={2025}, today=AFTER)
    assert result.state == outcome.AWAITING_DATA
    assert result.data_status == outcome.UNACCEPTED


def test_lower_is_better_targets_count_the_gap_the_other_way():
    result = outcome.goal_outcome(goal("5", comparator="<="), {2025: Row(4)}, today=AFTER)
    assert result.state == outcome.ACHIEVED and result.gap == pytest.approx(1)


def test_a_milestone_is_achieved_only_when_every_step_is_done():
    steps = [SimpleNamespace(done_on=dt.date(2023, 1, 1)), SimpleNamespace(done_on=None)]
    target = SimpleNamespace(target_year=2025)
    assert outcome.milestone_outcome(target, steps, today=AFTER).state == outcome.NOT_ACHIEVED
    assert (
        outcome.milestone_outcome(target, steps, today=dt.date(2025, 6, 1)).state == outcome.NOT_DUE
    )
    steps[1].done_on = dt.date(2025, 11, 1)
    assert outcome.milestone_outcome(target, steps, today=AFTER).state == outcome.ACHIEVED


@pytest.mark.parametrize(
    ("value", "rate", "met"),
    [(120, 1.0, True), (100, 1.0, True), (80, 0.8, False), (None, 0.0, False)],
)
def test_a_share_scores_the_part_of_the_yearly_target_reached_capped_at_one(value, rate, met):
    result = outcome.share_result(target=Decimal("100"), row=None if value is None else Row(value))
    assert result.rate == pytest.approx(rate) and result.met is met


def test_a_share_without_an_accepted_figure_says_whether_one_is_in_approval():
    assert outcome.share_result(target=10, row=None, pending=True).data_status == outcome.UNACCEPTED
    assert outcome.share_result(target=10, row=None).data_status == outcome.MISSING
