"""The finance API: each party reads the loans the pages show it; pools and figures for the
office and the city's leaders; constant queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from luoshi.core.testing import assert_constant_queries
from luoshi.finance import services
from luoshi.finance.tests.conftest import apply

pytestmark = pytest.mark.django_db

WHO = [
    "admin",
    "coordinator",
    "leader",
    "reporter",
    "borrower",
    "bank",
    "other_bank",
    "guarantor",
    "other_city_office",
]
READS_ALL = {"admin", "coordinator", "leader"}
SEES_LOAN = READS_ALL | {"borrower", "bank", "guarantor"}


@pytest.fixture
def people(personas, elsewhere, borrower_person, bank_person, other_bank_person, guarantor_person):
    return {
        "admin": personas["admin"],
        "coordinator": personas["coordinator"],
        "leader": personas["leader"],
        "reporter": personas["lead_reporter"],
        "borrower": borrower_person,
        "bank": bank_person,
        "other_bank": other_bank_person,
        "guarantor": guarantor_person,
        "other_city_office": elsewhere["office"],
    }


@pytest.fixture
def compensated(coordinator, borrower_person, bank_person, product, bank, guarantor, pool):
    loan = apply(borrower_person, product, bank, guarantor, amount=3_000_000)
    services.loan_decide(actor=bank_person, loan=loan, approve=True, amount="2000000")
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    services.loan_default(actor=bank_person, loan=loan, on=dt.date(2026, 4, 1))
    claim = services.claim_file(actor=bank_person, loan=loan)
    services.claim_decide(actor=coordinator, claim=claim, pay=True, on=dt.date(2026, 5, 1))
    loan.refresh_from_db()
    services.pool_recover(actor=coordinator, loan=loan, amount="500000", on=dt.date(2026, 8, 1))
    return loan


@pytest.mark.parametrize("who", WHO)
def test_loans_answer_what_the_pages_show(who, people, login, compensated):
    answer = login(people[who]).get("/api/finance/loans")
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [i["id"] for i in items] == ([compensated.pk] if who in SEES_LOAN else [])
    if items:
        assert items[0]["state"] == "compensated"
        assert Decimal(items[0]["loss"]) == Decimal(2_000_000)
        assert items[0]["county"] == "船山区"


@pytest.mark.parametrize("who", WHO)
def test_pools_and_figures_for_the_office_and_the_citys_leaders_only(
    who, people, login, compensated, pool
):
    client = login(people[who])
    pools, figures = client.get("/api/finance/pools"), client.get("/api/finance/figures?year=2025")
    if who not in READS_ALL:
        assert (pools.status_code, figures.status_code) == (403, 403)
        return
    row = next(p for p in pools.json() if p["id"] == pool.pk)
    # 5,000,000 in; 40% of the 2,000,000 loss out; 40% of the 500,000 recovered back
    assert {k: Decimal(row[k]) for k in ("contributions", "compensations", "recoveries")} == {
        "contributions": Decimal(5_000_000),
        "compensations": Decimal(800_000),
        "recoveries": Decimal(200_000),
    }
    assert Decimal(row["balance"]) == Decimal(4_400_000)
    by_bank = figures.json()["bank"]
    assert [(r["key"], r["count"], Decimal(r["compensated"])) for r in by_bank] == [
        ("遂宁银行科技支行", 1, Decimal(800_000))
    ]


def test_a_bad_filter_answers_a_message_not_an_error(login, coordinator):
    client = login(coordinator)
    assert client.get("/api/finance/figures?year=99999").status_code == 422
    assert client.get("/api/finance/loans?state=nonsense").status_code == 422
    assert client.get("/api/finance/loans?state=repaid").json()["items"] == []
    assert Client().get("/api/finance/loans").status_code == 401


def test_the_loan_list_costs_the_same_queries_for_one_and_many(
    login, coordinator, borrower_person, product, bank
):
    apply(borrower_person, product, bank, amount=1000)
    client = login(coordinator)

    def grow():
        for _ in range(15):
            apply(borrower_person, product, bank, amount=1000, today=dt.date(2025, 3, 11))

    # session, user, the user's unit (is it the office?), the page of loans with product,
    # borrower, county, bank and guarantor, the count
    assert_constant_queries(lambda: client.get("/api/finance/loans"), grow, expected=5)
