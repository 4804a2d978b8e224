"""Indicator series for every place: the demo's data elements and indicators (defined
through the indicators services), yearly values per city, county and park (bulk), the
computed table refreshed by the indicators service, and the main plan's targets linked."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from luoshi.demo import indicators as indicators_demo
from luoshi.demo.gen.scales import CitySpec, rng_for
from luoshi.demo.gen.writer import BulkWriter
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import DataElement, DataValue, Indicator
from luoshi.org.models import Region, Unit

SOURCE = "生成数据"
# Suining-sized value in 2020 and yearly growth, per element code.
BASE = {
    "gdp": (1403.18, 0.07),
    "rd_expenditure": (9.5, 0.12),
    "resident_population": (281.0, -0.006),
    "hv_patents": (140, 0.22),
    "hightech_enterprises": (102, 0.15),
    "tech_smes": (356, 0.10),
    "hightech_revenue": (458, 0.08),
    "tech_contract_amount": (3.6, 0.30),
}


def define(region: Region) -> dict[str, DataElement]:
    """The demo's elements and indicators, created once (suppliers in the first city)."""
    units = dict(Unit.objects.filter(region=region).exclude(code="").values_list("code", "id"))
    elements = {e.code: e for e in DataElement.objects.all()}
    for order, row in enumerate(indicators_demo.ELEMENTS):
        code, name, uom, agg, vtype, low, high, yoy, supplier, definition = row
        if code in elements:
            continue
        elements[code] = indicator_services.element_save(
            actor=None,
            code=code,
            name=name,
            unit_of_measure=uom,
            aggregation=agg,
            value_type=vtype,
            min_value=Decimal(low),
            max_value=Decimal(high),
            yoy_threshold=Decimal(yoy),
            supplying_unit=Unit.objects.get(pk=units[supplier]),
            definition=definition,
            order=order,
        )
    existing = set(Indicator.objects.values_list("code", flat=True))
    for order, (code, name, formula, uom, decimals, aliases) in enumerate(
        indicators_demo.INDICATORS
    ):
        if code not in existing:
            indicator_services.indicator_save(
                actor=None,
                code=code,
                name=name,
                formula=formula,
                unit_of_measure=uom,
                decimals=decimals,
                aliases=aliases,
                order=order,
            )
    return elements


def _split(total: Decimal, shares: list[float], quantum: Decimal) -> list[Decimal]:
    """Parts of `total` by `shares` that add up exactly (largest remainder)."""
    raw = [total * Decimal(repr(s)) for s in shares]
    parts = [r.quantize(quantum, rounding=ROUND_HALF_UP) for r in raw]
    diff = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: raw[i] - parts[i], reverse=diff > 0)
    i = 0
    while diff != 0 and parts:
        step = quantum if diff > 0 else -quantum
        parts[order[i % len(parts)]] += step
        diff -= step
        i += 1
    return parts


def write_values(
    writer: BulkWriter,
    spec: CitySpec,
    region: Region,
    elements: dict[str, DataElement],
    *,
    seed: int,
    years: list[int],
    office_id: int | None,
    now: dt.datetime,
) -> int:
    """Yearly values of every element for the city and each place under it. The last
    year is still moving through approval; earlier years are accepted."""
    rng = rng_for(seed, "series", spec.index)
    size = 1.0 if spec.is_suining else rng.uniform(0.4, 3.5)
    places = list(Region.objects.filter(parent=region).order_by("order", "id"))
    counties = [p for p in places if p.kind == Region.Kind.COUNTY]
    parks = [p for p in places if p.kind == Region.Kind.PARK]
    shares = [rng.uniform(0.5, 1.5) for _ in counties]
    shares = [s / sum(shares) for s in shares]
    park_shares = [rng.uniform(0.03, 0.18) for _ in parks]
    values = writer[DataValue]
    count = 0
    last = years[-1]
    for code, element in elements.items():
        base, growth = BASE.get(code, (100.0, 0.05))
        integer = element.value_type == DataElement.ValueType.INTEGER
        quantum = Decimal("1") if integer else Decimal("0.01")
        for year in years:
            noise = rng.uniform(0.97, 1.03)
            total = Decimal(repr(base * size * (1 + growth) ** (year - 2020) * noise)).quantize(
                quantum, rounding=ROUND_HALF_UP
            )
            if year == last:
                state = rng.choice(
                    [DataValue.State.DRAFT, DataValue.State.APPROVED, DataValue.State.ACCEPTED]
                )
            else:
                state = DataValue.State.ACCEPTED
            status = DataValue.Status.FINAL if year <= last - 2 else DataValue.Status.PROVISIONAL
            at = dt.datetime(min(year + 1, now.year), 3, 15, 10, tzinfo=dt.UTC)
            approved = state != DataValue.State.DRAFT
            accepted = state == DataValue.State.ACCEPTED
            rows = [(region, total)]
            rows += list(zip(counties, _split(total, shares, quantum), strict=True))
            rows += [
                (p, (total * Decimal(repr(s))).quantize(quantum, rounding=ROUND_HALF_UP))
                for p, s in zip(parks, park_shares, strict=True)
            ]
            for place, value in rows:
                values.add(
                    element_id=element.pk,
                    region_id=place.pk,
                    year=year,
                    quarter=0,
                    value=value,
                    status=status,
                    state=state,
                    source=SOURCE,
                    is_demo=True,
                    entered_at=at,
                    updated_at=at,
                    approved_at=at if approved else None,
                    accepted_by_id=office_id if accepted else None,
                    accepted_at=at + dt.timedelta(days=7) if accepted else None,
                )
                count += 1
    return count


def finish_city(region: Region, main_plan) -> None:
    """The computed table for the city and its places; the main plan's targets linked."""
    indicator_services.indicator_values_refresh(region=region)
    if main_plan is not None:
        indicator_services.goals_link_plan(
            actor=None, plan=main_plan, baseline_year=2021, is_demo=True
        )
