from decimal import Decimal as D

from luoshi.projects import rules


def test_seven_scores_drop_the_highest_and_lowest_and_flag_the_far_one():
    scores = [D(80), D(82), D(78), D(81), D(79), D(40), D(85)]
    agg = rules.aggregate(scores)
    assert agg.dropped == (5, 6)
    assert agg.score == D("80.00")
    assert agg.outliers == (5,)


def test_three_scores_are_averaged_without_trimming():
    agg = rules.aggregate([D(70), D(71), D(73)])
    assert agg.dropped == () and agg.score == D("71.33")


def test_no_scores_no_aggregate():
    assert rules.aggregate([]).score is None


def test_approval_list_funds_down_the_ranking_within_the_budget():
    result = rules.approval_list(
        [("a", D(90), D(600)), ("b", D(85), D(600)), ("c", D(80), D(300)), ("d", D(50), D(1))],
        budget=D(1000),
    )
    assert [(r.key, r.funded, r.reason) for r in result] == [
        ("a", True, "funded"),
        ("b", False, "over_budget"),
        ("c", True, "funded"),
        ("d", False, "below_pass"),
    ]


def test_challenge_funding_is_forty_percent_capped_at_two_million():
    assert rules.challenge_funding(contract_amount=D(3_000_000)) == D(1_200_000)
    assert rules.challenge_funding(contract_amount=D(8_000_000)) == D(2_000_000)
    assert rules.challenge_funding(
        contract_amount=D(1_000_001), rate_percent=D(30), cap=D(5_000_000)
    ) == D(300_000)


def test_tranches_add_up_to_the_total():
    parts = rules.tranches(total=D(1_000_001), percents=[D(30), D(30), D(40)])
    assert parts == [D(300_000), D(300_000), D(400_001)] and sum(parts) == D(1_000_001)


def test_targets_met_per_target():
    assert rules.targets_met({"专利": D(3), "营收": D(100)}, {"专利": D(4)}) == {
        "专利": True,
        "营收": False,
    }
