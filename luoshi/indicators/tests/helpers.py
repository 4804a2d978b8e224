"""Helpers for indicator tests: build a cell, push values through the workflow."""

from __future__ import annotations

from decimal import Decimal

from luoshi.indicators import services
from luoshi.indicators.models import DataValue


def entry(element, region, year, value, **kw) -> services.ValueInput:
    return services.ValueInput(
        element=element,
        region=region,
        year=year,
        value=None if value is None else Decimal(str(value)),
        **kw,
    )


def publish(unit, entries, *, approver=None, office=None) -> list[DataValue]:
    """Enter, approve and accept values through the services (the system acts when no user is given)."""
    services.values_save(actor=None, unit=unit, entries=entries)
    values = list(
        DataValue.objects.filter(
            element__in={e.element for e in entries},
            region__in={e.region for e in entries},
            year__in={e.year for e in entries},
            state=DataValue.State.DRAFT,
        )
    )
    services.values_approve(actor=approver, values=values)
    values = [DataValue.objects.get(pk=v.pk) for v in values]
    services.values_accept(actor=office, values=values)
    return [DataValue.objects.get(pk=v.pk) for v in values]


def suining_plan():
    """The Suining plan imported by the demo loader (its seven targets)."""
    import io

    from luoshi.demo import plans as plans_demo
    from luoshi.plans.models import Plan

    plans_demo.load(stdout=io.StringIO())
    return Plan.objects.filter(region__name="遂宁市").latest("id")


EXTRA_INDICATORS = [
    ("gdp_per_capita", "人均地区生产总值", "gdp / resident_population * 10000", "元", 0),
    ("rd_per_capita", "人均研发经费", "rd_expenditure / resident_population * 10000", "元", 0),
    ("smes_per_firm", "科技型中小企业与高企之比", "tech_smes / hightech_enterprises", "", 2),
]


def ten_indicators():
    """The demo's eight elements and seven indicators plus three more: ten indicators."""
    from luoshi.demo import indicators as demo

    elements, indicators = demo.define_catalogue()
    for code, name, formula, uom, decimals in EXTRA_INDICATORS:
        indicators[code] = services.indicator_save(
            actor=None,
            code=code,
            name=name,
            formula=formula,
            unit_of_measure=uom,
            decimals=decimals,
        )
    return elements, indicators


def import_years(elements, places, years, *, seed: int = 1) -> int:
    """Accepted figures for every element × place × year, through values_import."""
    import random

    rng = random.Random(seed)
    by_unit: dict = {}
    for element in elements.values():
        for place in places:
            for year in years:
                value = (
                    Decimal(rng.randint(50, 500))
                    if element.value_type == "integer"
                    else Decimal(str(round(rng.uniform(5, 500), 2)))
                )
                by_unit.setdefault(element.supplying_unit, []).append(
                    services.ValueInput(
                        element=element, region=place, year=year, value=value, note="测试数据"
                    )
                )
    return sum(
        services.values_import(actor=None, unit=unit, entries=rows)
        for unit, rows in by_unit.items()
    )
