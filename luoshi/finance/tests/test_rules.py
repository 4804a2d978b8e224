"""The pure rules of technology finance: eligibility, caps by year, the pool's arithmetic."""

from decimal import Decimal

from luoshi.finance import rules

TIANFU = ["tech_sme", "high_tech"]


def test_a_tech_sme_registered_two_years_ago_is_eligible():
    result = rules.eligibility(
        accepted_kinds=TIANFU, held_kinds=set(), tech_sme_years={2023}, year=2025
    )
    assert result.eligible and result.reasons == ("tech_sme",)


def test_a_tech_sme_registration_older_than_three_years_does_not_count():
    result = rules.eligibility(
        accepted_kinds=TIANFU, held_kinds=set(), tech_sme_years={2022}, year=2025
    )
    assert not result.eligible


def test_a_high_tech_enterprise_is_eligible_without_a_tech_sme_number():
    result = rules.eligibility(accepted_kinds=TIANFU, held_kinds={"high_tech"}, year=2025)
    assert result.eligible and result.reasons == ("high_tech",)


def test_an_srdi_firm_is_not_eligible_for_a_product_that_does_not_accept_it():
    assert not rules.eligibility(accepted_kinds=TIANFU, held_kinds={"srdi"}, year=2025).eligible


def test_a_product_without_requirements_admits_everyone():
    assert rules.eligibility(accepted_kinds=[], held_kinds=set(), year=2025).eligible


CAPS = [
    rules.Cap(2020, Decimal("10000000"), 12),
    rules.Cap(2025, Decimal("20000000"), 12),
]


def test_the_cap_rises_to_twenty_million_from_2025():
    assert rules.cap_for(CAPS, 2024).amount == Decimal("10000000")
    assert rules.cap_for(CAPS, 2025).amount == Decimal("20000000")
    assert rules.cap_for(CAPS, 2031).amount == Decimal("20000000")


def test_no_cap_before_the_first_year_means_no_lending():
    assert rules.cap_for(CAPS, 2019) is None


def test_room_under_the_cap_never_goes_negative():
    cap = CAPS[0]
    assert rules.room_under_cap(cap=cap, already=Decimal("4000000")) == Decimal("6000000")
    assert rules.room_under_cap(cap=cap, already=Decimal("12000000")) == 0


def test_shares_must_add_up_to_one_hundred():
    assert rules.Shares(Decimal(40), Decimal(30), Decimal(30)).check() == []
    assert rules.Shares(Decimal(40), Decimal(30), Decimal(20)).check() == ["total"]
    assert "pool" in rules.Shares(Decimal(-1), Decimal(71), Decimal(30)).check()


def test_a_loss_splits_into_parts_that_add_up_to_it_rounded_once_to_the_yuan():
    shares = rules.Shares(Decimal("33.33"), Decimal("33.34"), Decimal("33.33"))
    split = rules.split_loss(loss=Decimal("1000001.50"), shares=shares)
    # loss rounds to 1000002; pool 33.33% = 333300.6666 -> 333301; guarantor the same
    assert split.pool == Decimal("333301")
    assert split.guarantor == Decimal("333301")
    assert split.bank == Decimal("333400")
    assert split.pool + split.bank + split.guarantor == Decimal("1000002")


def test_without_a_guarantor_its_share_falls_to_the_bank_not_the_pool():
    shares = rules.Shares(Decimal(40), Decimal(30), Decimal(30))
    split = rules.split_loss(loss=Decimal(1000000), shares=shares, has_guarantor=False)
    assert (split.pool, split.bank, split.guarantor) == (Decimal(400000), Decimal(600000), 0)


def test_the_pool_pays_up_to_its_balance_and_records_the_shortfall():
    payout = rules.pool_payout(due=Decimal(400000), balance=Decimal(250000))
    assert (payout.paid, payout.shortfall) == (Decimal(250000), Decimal(150000))
    assert rules.pool_payout(due=Decimal(100), balance=Decimal(-5)).paid == 0


def test_the_balance_is_money_in_minus_money_out():
    assert rules.pool_balance(
        contributions=Decimal(5000000), recoveries=Decimal(100000), compensations=Decimal(400000)
    ) == Decimal(4700000)
