"""The assessment's arithmetic (calculation.py docstring) against values worked out by hand.
The departments' default weights are the scorecard's former fixed formula, so its figures
still hold."""

from types import SimpleNamespace

import pytest

from luoshi.assessment import calculation
from luoshi.assessment.models import Group, Measure
from luoshi.supervision.scoring import Counts


def rules(**overrides) -> calculation.Rules:
    weights = {
        group: [calculation.Weight(m, float(w)) for m, w in pairs]
        for group, pairs in calculation.DEFAULT_WEIGHTS.items()
    }
    return calculation.Rules(weights=weights, **overrides)


def line(counts, group=Group.DEPARTMENTS, shares=(), adjustments=(), **rule_overrides):
    return calculation.calculate(
        unit_id=1,
        unit_name="单位",
        group=group,
        rules=rules(**rule_overrides),
        counts=counts,
        shares=list(shares),
        adjustments=list(adjustments),
    )


def share(rate, met=False, status="final", demo=False, value=1.0, target=1.0):
    return SimpleNamespace(
        rate=rate, met=met, data_status=status, is_demo=demo, value=value, target=target
    )


def test_a_department_with_milestones_and_two_notices():
    # T = 8/10, C = 9/10, F = 1 − 3/9, M = 3/4, two notices.
    # 100 × (40·0.8 + 30·0.9 + 20·0.75 + 10·(2/3)) / 100 − 2·2 = 80.67 − 4 = 76.7
    result = line(
        Counts(
            expected=10,
            submitted=9,
            on_time=8,
            returned=3,
            milestones_due=4,
            milestones_done=3,
            notices=2,
        )
    )
    assert result.total == 76.7 and result.notice_points == 4
    assert result.part(Measure.ON_TIME).inputs == "8/10"


def test_without_milestones_due_their_weight_is_spread_over_the_rest():
    # 100 × (40·0.5 + 30·1.0 + 10·1.0) / 80 = 75.0
    result = line(Counts(expected=4, submitted=4, on_time=2))
    assert result.total == 75.0 and result.weight_used == 80


def test_nothing_submitted_scores_zero_but_milestones_still_count():
    assert line(Counts(expected=3, milestones_due=1, milestones_done=1)).total == 20.0


def test_the_score_is_never_below_zero():
    assert line(Counts(expected=2, notices=5)).total == 0.0


def test_a_unit_with_nothing_expected_is_not_scored():
    assert line(Counts(expected=0)).total is None


def test_a_county_is_scored_on_its_share_of_the_yearly_targets():
    # Process all perfect (no milestones: 48 of 60 weight used) and two targets at 100% and 60%:
    # 100 × (24 + 18 + 6 + 40·0.8) / 88 = 100 × 80 / 88 = 90.9
    result = line(
        Counts(expected=4, submitted=4, on_time=4),
        group=Group.COUNTIES,
        shares=[(1, "高企", share(1.0, met=True)), (2, "科小", share(0.6))],
    )
    assert result.part(Measure.TARGETS).rate == pytest.approx(0.8)
    assert result.total == 90.9


def test_a_county_without_targets_broken_down_is_scored_on_its_work_alone():
    result = line(Counts(expected=4, submitted=4, on_time=4), group=Group.COUNTIES)
    assert result.part(Measure.TARGETS).rate is None and result.total == 100.0


def test_provisional_and_demo_figures_mark_the_line():
    result = line(
        Counts(expected=1, submitted=1, on_time=1),
        group=Group.PARKS,
        shares=[(1, "高企", share(1.0, met=True, status="provisional", demo=True))],
    )
    assert result.provisional and result.demo
    assert any("初步数" in n or "provisional" in n for n in result.part(Measure.TARGETS).notes)


def test_bonus_and_deduction_items_are_capped():
    items = [
        {"kind": "bonus", "points": 4, "reason": "a"},
        {"kind": "bonus", "points": 3, "reason": "b"},
        {"kind": "deduction", "points": 1, "reason": "c"},
    ]
    # 75 + min(7, 5) − 1 = 79
    result = line(Counts(expected=4, submitted=4, on_time=2), adjustments=items)
    assert (result.bonus, result.deduction, result.total) == (5, 1, 79.0)


def test_ranks_are_per_list_and_equal_scores_share_one():
    def make(uid, group, on_time):
        return calculation.calculate(
            unit_id=uid,
            unit_name=f"u{uid}",
            group=group,
            rules=rules(),
            counts=Counts(expected=2, submitted=2, on_time=on_time),
        )

    ranked = calculation.rank(
        [
            make(1, Group.DEPARTMENTS, 1),
            make(2, Group.DEPARTMENTS, 2),
            make(3, Group.DEPARTMENTS, 2),
            make(4, Group.COUNTIES, 0),
            calculation.Line(5, "u5", Group.DEPARTMENTS),
        ]
    )
    assert [(ln.unit_id, ln.rank) for ln in ranked] == [(2, 1), (3, 1), (1, 3), (5, None), (4, 1)]


def test_the_formula_text_carries_the_rules_weights_and_deductions():
    text = calculation.formula_text(rules(notice_deduction=3, bonus_cap=4), Group.COUNTIES)
    for part in ("24", "18", "12", "6", "40", "3", "4"):
        assert part in text


def test_a_line_survives_the_round_trip_through_json():
    result = line(
        Counts(expected=4, submitted=4, on_time=2),
        adjustments=[{"kind": "bonus", "points": 1, "reason": "x"}],
    )
    again = calculation.Line.from_json(result.as_json())
    assert again == result
