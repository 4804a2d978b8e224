"""The programmes' figures for the plan's indicators: per county or park and for the city,
each loan, card or contract once; the drill-down shows the rows the viewer may see."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.finance import services
from luoshi.finance.tests.conftest import apply
from luoshi.indicators import computations
from luoshi.org.models import Region

pytestmark = pytest.mark.django_db


def test_the_programme_figures_are_registered():
    keys = {c.key for c in computations.all_computations()}
    assert {
        "tech_finance_lent",
        "ip_pledge_lent",
        "talent_cards_valid",
        "st_projects_city_funding",
    } <= keys


def test_ip_pledge_financing_by_county_and_city(
    coordinator, borrower_person, bank_person, bank, pool, outsider
):
    ip = services.product_save(
        actor=coordinator,
        name="知识产权质押贷",
        kind="ip_pledge",
        accepted_kinds=[],
        caps=[(2020, Decimal(10_000_000), 12)],
        pool=pool,
    )
    loan = apply(borrower_person, ip, bank, amount=3_000_000, declared_kinds=[])
    services.loan_decide(actor=bank_person, loan=loan, approve=True, amount="2500000")
    services.loan_disburse(actor=bank_person, loan=loan, on=dt.date(2025, 3, 20))
    county = Region.objects.get(name="船山区")
    city = Region.objects.get(name="遂宁市")
    figures = computations.get("ip_pledge_lent").values([county.pk, city.pk], [2025])
    assert figures[(county.pk, 2025)].value == Decimal("250.00")
    assert figures[(city.pk, 2025)].value == Decimal("250.00")
    assert computations.get("tech_finance_lent").values([city.pk], [2024]) == {}
    drill = computations.get("ip_pledge_lent").rows(
        viewer=coordinator, region_id=city.pk, year=2025
    )
    assert drill.total == 1 and drill.rows[0][1] == "遂宁锂电科技有限公司"
    hidden = computations.get("ip_pledge_lent").rows(viewer=outsider, region_id=city.pk, year=2025)
    assert hidden.total == 1 and hidden.rows == []
