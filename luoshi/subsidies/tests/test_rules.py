"""The rule, alone: tiers, cap, base on spending or on the increase, scaling and rounding.
The budget property is checked over many random rule sets."""

import random
from decimal import Decimal

import pytest

from luoshi.subsidies import rules

D = Decimal
TIERS = [rules.Tier(D(0), D("0.05")), rules.Tier(D(5_000_000), D("0.08"))]


def test_tiers_are_marginal_and_the_cap_applies_per_firm():
    rule = rules.Rule(tiers=TIERS, cap=D(500_000))
    out = rules.compute(
        rule, {"a": rules.Claim(D(6_000_000)), "b": rules.Claim(D(20_000_000))}
    ).results
    assert out["a"].tiered == D(250_000) + D(80_000)
    assert out["a"].amount == D(330_000)
    assert out["b"].was_capped and out["b"].amount == D(500_000)


def test_increase_base_needs_a_previous_year_and_never_goes_below_zero():
    rule = rules.Rule(base=rules.BASE_INCREASE, tiers=[rules.Tier(D(0), D("0.1"))])
    out = rules.compute(
        rule,
        {
            "up": rules.Claim(D(3_000_000), previous=D(2_000_000)),
            "down": rules.Claim(D(1_000_000), previous=D(2_000_000)),
            "new": rules.Claim(D(1_000_000)),
        },
    ).results
    assert out["up"].amount == D(100_000)
    assert out["down"].amount == 0 and out["down"].reason == "no_base"
    assert out["new"].amount == 0 and out["new"].reason == "no_previous"


def test_ineligible_firms_get_nothing_and_do_not_take_budget():
    rule = rules.Rule(tiers=[rules.Tier(D(0), D("0.1"))], budget=D(100))
    out = rules.compute(
        rule, {"a": rules.Claim(D(1000)), "b": rules.Claim(D(1000), eligible=False)}
    )
    assert out.results["a"].amount == D(100)
    assert out.results["b"].amount == 0 and out.factor == 1


def test_budget_short_scales_pro_rata_before_rounding_half_up():
    rule = rules.Rule(tiers=[rules.Tier(D(0), D(1))], budget=D(100))
    out = rules.compute(rule, {k: rules.Claim(D(v)) for k, v in {"a": 50, "b": 150}.items()})
    assert out.factor == D("0.5")
    assert out.results["a"].amount == D(25) and out.results["b"].amount == D(75)
    # 3 firms of 1 yuan under a 2-yuan budget: 0.667 each rounds up to 1, three times —
    # one yuan is taken back so the total stays within the budget.
    two = rules.Rule(tiers=[rules.Tier(D(0), D(1))], budget=D(2))
    out = rules.compute(two, {k: rules.Claim(D(1)) for k in "xyz"})
    assert out.total == D(2)
    assert sorted(r.amount for r in out.results.values()) == [0, 1, 1]
    assert [k for k, r in out.results.items() if r.adjusted] == ["x"]


def test_half_up_rounding_to_the_yuan():
    rule = rules.Rule(tiers=[rules.Tier(D(0), D("0.5"))])
    out = rules.compute(rule, {"a": rules.Claim(D(3)), "b": rules.Claim(D("2.98"))}).results
    assert out["a"].amount == D(2)  # 1.5 → 2
    assert out["b"].amount == D(1)  # 1.49 → 1


@pytest.mark.parametrize("seed", range(300))
def test_the_rounded_total_never_exceeds_the_budget(seed):
    rng = random.Random(seed)
    n_tiers = rng.randint(1, 4)
    lows = sorted({D(0)} | {D(rng.randint(1, 2000) * 5000) for _ in range(n_tiers - 1)})
    tiers = [rules.Tier(low, D(rng.randint(1, 300)) / 1000) for low in lows]
    claims = {
        i: rules.Claim(
            spending=D(rng.randint(0, 10**9)) / 100,
            previous=D(rng.randint(0, 10**9)) / 100 if rng.random() < 0.8 else None,
            eligible=rng.random() < 0.9,
        )
        for i in range(rng.randint(1, 120))
    }
    rule = rules.Rule(
        base=rng.choice([rules.BASE_SPENDING, rules.BASE_INCREASE]),
        tiers=tiers,
        cap=D(rng.randint(1, 5_000_000)) if rng.random() < 0.7 else None,
        budget=D(rng.randint(1, 20_000_000)),
    )
    out = rules.compute(rule, claims)
    amounts = [r.amount for r in out.results.values()]
    assert sum(amounts) == out.total <= rule.budget
    for r in out.results.values():
        assert r.amount == r.amount.to_integral_value() and r.amount >= 0
        assert abs(r.amount - r.scaled) < 1  # rounded once: never a yuan away
        if rule.cap is not None:
            assert r.amount <= rule.cap
    if out.factor < 1:
        # a short budget is spent to within one yuan per firm
        assert rule.budget - out.total < len(amounts)


def test_tiers_must_start_at_zero_and_rise():
    with pytest.raises(ValueError):
        rules.Rule(tiers=[rules.Tier(D(10), D("0.1"))])
    with pytest.raises(ValueError):
        rules.Rule(tiers=[rules.Tier(D(0), D("1.5"))])
