"""Indicator fixtures: a small catalogue supplied by 市发展改革委 (the lead-unit personas'
unit), so the shared personas cover every role: lead_reporter enters, lead_approver
approves, the coordinator accepts, the leader reads, the others are outsiders."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luoshi.indicators import services


@pytest.fixture
def city(directory):
    return directory


@pytest.fixture
def places(city):
    from luoshi.org.models import Region

    return {r.name: r for r in Region.objects.filter(parent=city)} | {city.name: city}


@pytest.fixture
def catalogue(units):
    """Elements rd (亿元), gdp (亿元), firms (家) and indicators rd_intensity, firms."""
    fgw = units["fgw"]
    rd = services.element_save(
        actor=None,
        code="rd",
        name="研发经费",
        unit_of_measure="亿元",
        aggregation="sum",
        supplying_unit=fgw,
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        yoy_threshold=Decimal("50"),
    )
    gdp = services.element_save(
        actor=None,
        code="gdp",
        name="地区生产总值",
        unit_of_measure="亿元",
        aggregation="sum",
        supplying_unit=fgw,
    )
    firms = services.element_save(
        actor=None,
        code="firms",
        name="高新技术企业",
        unit_of_measure="家",
        aggregation="last",
        value_type="integer",
        supplying_unit=fgw,
    )
    intensity = services.indicator_save(
        actor=None,
        code="rd_intensity",
        name="全社会研发投入强度",
        formula="rd / gdp * 100",
        unit_of_measure="%",
        decimals=2,
    )
    firm_count = services.indicator_save(
        actor=None,
        code="firm_count",
        name="国家高新技术企业",
        formula="firms",
        unit_of_measure="家",
        decimals=0,
    )
    return {
        "rd": rd,
        "gdp": gdp,
        "firms": firms,
        "rd_intensity": intensity,
        "firm_count": firm_count,
        "unit": fgw,
    }
