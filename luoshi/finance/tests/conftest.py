import datetime as dt
from decimal import Decimal

import pytest

from luoshi.finance import services
from luoshi.finance.tests.people import admin_of, organisation
from luoshi.org.models import Region

TODAY = dt.date(2025, 3, 10)


@pytest.fixture
def chuanshan(directory):
    return Region.objects.get(name="船山区")


@pytest.fixture
def borrower(units, chuanshan):
    return organisation(7101, "遂宁锂电科技有限公司", "enterprise", "t-borrower", region=chuanshan)


@pytest.fixture
def bank(units):
    return organisation(7102, "遂宁银行科技支行", "bank", "t-bank")


@pytest.fixture
def other_bank(units):
    return organisation(7103, "四川农信遂宁分行", "bank", "t-other-bank")


@pytest.fixture
def guarantor(units):
    return organisation(7104, "遂宁发展融资担保公司", "guarantor", "t-guarantor")


@pytest.fixture
def borrower_person(borrower):
    return admin_of(borrower)


@pytest.fixture
def bank_person(bank):
    return admin_of(bank)


@pytest.fixture
def other_bank_person(other_bank):
    return admin_of(other_bank)


@pytest.fixture
def guarantor_person(guarantor):
    return admin_of(guarantor)


@pytest.fixture
def pool(coordinator):
    pool = services.pool_create(
        actor=coordinator,
        name="科创贷风险补偿资金池",
        pool_share=40,
        bank_share=30,
        guarantor_share=30,
    )
    services.pool_contribute(actor=coordinator, pool=pool, amount="5000000", on=dt.date(2025, 1, 2))
    return pool


@pytest.fixture
def product(coordinator, pool):
    return services.product_save(
        actor=coordinator,
        name="天府科创贷",
        kind="tianfu",
        accepted_kinds=["tech_sme", "high_tech"],
        caps=[(2020, Decimal(10_000_000), 12), (2025, Decimal(20_000_000), 12)],
        pool=pool,
    )


def apply(person, product, bank, guarantor=None, amount=3_000_000, **kw):
    kw.setdefault("declared_kinds", ["high_tech"])
    return services.loan_apply(
        actor=person,
        product=product,
        bank=bank,
        guarantor=guarantor,
        amount=amount,
        term_months=12,
        purpose="研发设备购置",
        today=kw.pop("today", TODAY),
        **kw,
    )
