"""Demo: Suining's indicators 2020–2025 and the plan's seven targets.

The city figures Suining published (shared/DOMAIN.md §2–3) are entered as they were
reported, with their source, and are not marked as demo. Every other figure — the
missing years and all county/district and park splits — is generated from a fixed
seed and marked as demo. 2020–2024 is accepted; 2025 is still moving through
approval, so the approval queues have work in them.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from luoshi.indicators import services
from luoshi.indicators.models import DataElement, DataValue, Goal, Indicator
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Plan

SEED = 5109
YEARS = list(range(2020, 2026))
SRC_STATS = "遂宁市统计公报（公开报道）"
SRC_KJJ = "遂宁市科技局公开数据（公开报道）"
DEMO_NOTE = "演示数据：按县（市、区）和园区份额生成"
DEMO_SOURCE = "演示数据"

# code, name, unit of measure, aggregation, value type, min, max, yoy %, supplier, definition
ELEMENTS = [
    (
        "gdp",
        "地区生产总值",
        "亿元",
        "sum",
        "number",
        0,
        100000,
        20,
        "tjj",
        "按当年价格计算的地区生产总值。",
    ),
    (
        "rd_expenditure",
        "全社会研发经费投入",
        "亿元",
        "sum",
        "number",
        0,
        10000,
        40,
        "tjj",
        "全社会研究与试验发展（R&D）经费支出；市级正式数以省研发经费统计公报为准（年后约9个月），此前为初步数。",
    ),
    (
        "resident_population",
        "年末常住人口",
        "万人",
        "last",
        "number",
        0,
        10000,
        5,
        "tjj",
        "年末常住人口（万人）。",
    ),
    (
        "hv_patents",
        "高价值发明专利拥有量",
        "件",
        "last",
        "integer",
        0,
        1000000,
        60,
        "scjgj",
        "有效发明专利中属于五类（战略性新兴产业、有海外同族、维持10年以上、质押融资额较高、获国家科学技术奖或中国专利奖）的件数，每件只计一次。",
    ),
    (
        "hightech_enterprises",
        "有效期内国家高新技术企业数",
        "家",
        "last",
        "integer",
        0,
        100000,
        40,
        "kjj",
        "年末证书在有效期内（发证日≤12月31日<发证日+3年）且未被撤销的企业数。",
    ),
    (
        "tech_smes",
        "入库科技型中小企业数",
        "家",
        "last",
        "integer",
        0,
        100000,
        40,
        "kjj",
        "当年取得入库登记编号的企业数；每年重新评价，编号不跨年延续。",
    ),
    (
        "hightech_revenue",
        "高新技术产业营业收入",
        "亿元",
        "sum",
        "number",
        0,
        100000,
        30,
        "kjj",
        "按报送口径的高新技术产业营业收入。",
    ),
    (
        "tech_contract_amount",
        "技术合同认定登记额",
        "亿元",
        "sum",
        "number",
        0,
        10000,
        80,
        "kjj",
        "认定登记的技术开发、转让、许可、咨询、服务合同成交额之和（输出方口径）。",
    ),
]

# code, name, formula, unit, decimals, aliases
INDICATORS = [
    (
        "rd_intensity",
        "全社会研发投入强度",
        "rd_expenditure / gdp * 100",
        "%",
        2,
        "研发投入强度\nR&D经费投入强度",
    ),
    (
        "hv_patents_per_10k",
        "每万人高价值发明专利拥有量",
        "hv_patents / resident_population",
        "件",
        2,
        "每万人口高价值发明专利拥有量",
    ),
    (
        "hightech_enterprises",
        "国家高新技术企业",
        "hightech_enterprises",
        "家",
        0,
        "国家高新技术企业数\n高新技术企业",
    ),
    ("tech_smes", "科技型中小企业", "tech_smes", "家", 0, "科技型中小企业数"),
    ("hightech_revenue", "高新技术产业营业收入", "hightech_revenue", "亿元", 1, ""),
    (
        "tech_contracts",
        "技术合同认定登记额",
        "tech_contract_amount",
        "亿元",
        2,
        "技术合同登记额\n技术合同成交额",
    ),
    ("gdp", "地区生产总值", "gdp", "亿元", 2, "GDP"),
]

# The published city figures: (element, year) -> (value, source, note).
REAL = {
    ("gdp", 2020): ("1403.18", SRC_STATS, ""),
    ("gdp", 2021): ("1519.87", SRC_STATS, ""),
    ("gdp", 2022): ("1614.47", SRC_STATS, ""),
    ("gdp", 2024): ("1870", SRC_STATS, "公开报道为“超过1870亿元”，按1870亿元录入。"),
    ("gdp", 2025): ("2002.14", SRC_STATS, ""),
    ("resident_population", 2022): ("277.2", SRC_STATS, "由2023年末数推算。"),
    ("resident_population", 2023): ("274.8", SRC_STATS, ""),
    ("hightech_enterprises", 2021): ("130", SRC_KJJ, ""),
    ("hightech_enterprises", 2022): ("169", SRC_KJJ, ""),
    ("hightech_enterprises", 2023): ("209", SRC_KJJ, ""),
    ("tech_smes", 2021): ("420", SRC_KJJ, "公开报道为约420家。"),
    ("tech_smes", 2022): ("504", SRC_KJJ, ""),
    ("tech_smes", 2023): ("570", SRC_KJJ, ""),
    ("hightech_revenue", 2021): ("520", SRC_KJJ, ""),
    ("hightech_revenue", 2022): ("634", SRC_KJJ, ""),
    ("hightech_revenue", 2023): ("593", SRC_KJJ, ""),
    ("tech_contract_amount", 2021): ("5.24", SRC_KJJ, ""),
}

# Plausible city totals for the years nothing was published (demo).
GENERATED = {
    "gdp": {2023: 1740.6},
    "rd_expenditure": {2020: 9.5, 2021: 11.3, 2022: 12.8, 2023: 14.5, 2024: 16.2, 2025: 18.3},
    "resident_population": {2020: 281.0, 2021: 279.3, 2024: 272.9, 2025: 271.2},
    # as the demo patent registry computes them (luoshi/demo/patents.py)
    "hv_patents": {2020: 237, 2021: 278, 2022: 320, 2023: 375, 2024: 411, 2025: 449},
    "hightech_enterprises": {2020: 102, 2024: 236, 2025: 258},
    "tech_smes": {2020: 356, 2024: 621, 2025: 655},
    "hightech_revenue": {2020: 458, 2024: 648},
    "tech_contract_amount": {2020: 3.6, 2022: 8.1, 2023: 12.4, 2024: 14.8},
}

# Where 2025 stands in the approval chain, per element (others are accepted).
STATE_2025 = {
    "rd_expenditure": DataValue.State.DRAFT,
    "resident_population": DataValue.State.APPROVED,
    "hv_patents": DataValue.State.DRAFT,
    "hightech_enterprises": DataValue.State.DRAFT,
    "tech_smes": DataValue.State.APPROVED,
}

# Parks are not statistical areas with a population of their own: inventing one would give
# them per-capita ratios (每万人高价值发明专利) from invented people.
PARKS_WITHOUT = {"resident_population"}

COUNTY_SHARES = {"船山区": 0.30, "安居区": 0.12, "射洪市": 0.28, "蓬溪县": 0.14, "大英县": 0.16}
PARK_SHARES = {
    "遂宁经济技术开发区": 0.16,
    "遂宁高新技术产业园区": 0.14,
    "遂宁市河东新区": 0.07,
    "遂潼涪江创新产业园区": 0.03,
}

MILESTONE_STEPS = [
    ("编制遂宁高新区升级国家高新区工作方案", dt.date(2022, 12, 31), dt.date(2022, 11, 15)),
    ("省政府同意推荐遂宁高新区升级", dt.date(2023, 12, 31), dt.date(2023, 12, 20)),
    ("科技部组织专家评审和实地考察", dt.date(2025, 6, 30), None),
    ("国务院批复同意升级为国家高新技术产业开发区", dt.date(2025, 12, 31), None),
]


def _split(total: Decimal, shares: list[float], integer: bool) -> list[Decimal]:
    """Split total by shares so the parts add up exactly (largest remainder)."""
    quantum = Decimal("1") if integer else Decimal("0.01")
    raw = [total * Decimal(str(s)) for s in shares]
    parts = [r.quantize(quantum, rounding=ROUND_HALF_UP) for r in raw]
    diff = total - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: raw[i] - parts[i], reverse=diff > 0)
    i = 0
    while diff != 0:
        step = quantum if diff > 0 else -quantum
        parts[order[i % len(parts)]] += step
        diff -= step
        i += 1
    return parts


def define_catalogue() -> tuple[dict[str, DataElement], dict[str, Indicator]]:
    units = {u.code: u for u in Unit.objects.exclude(code="")}
    elements = {}
    for order, (code, name, uom, agg, vtype, low, high, yoy, supplier, definition) in enumerate(
        ELEMENTS
    ):
        existing = DataElement.objects.filter(code=code).first()
        if existing is not None:
            elements[code] = existing
            continue
        elements[code] = services.element_save(
            actor=None,
            code=code,
            name=name,
            unit_of_measure=uom,
            aggregation=agg,
            value_type=vtype,
            min_value=Decimal(low),
            max_value=Decimal(high),
            yoy_threshold=Decimal(yoy),
            supplying_unit=units[supplier],
            definition=definition,
            order=order,
        )
    indicators = {}
    for order, (code, name, formula, uom, decimals, aliases) in enumerate(INDICATORS):
        existing = Indicator.objects.filter(code=code).first()
        indicators[code] = existing or services.indicator_save(
            actor=None,
            code=code,
            name=name,
            formula=formula,
            unit_of_measure=uom,
            decimals=decimals,
            aliases=aliases,
            order=order,
        )
    return elements, indicators


def _city_series() -> dict[str, dict[int, tuple[Decimal, bool, str, str]]]:
    """element -> year -> (value, is_real, source, note)."""
    out: dict[str, dict[int, tuple[Decimal, bool, str, str]]] = {}
    for code, *_rest in ELEMENTS:
        series = {}
        for year in YEARS:
            if (code, year) in REAL:
                value, source, note = REAL[(code, year)]
                series[year] = (Decimal(value), True, source, note)
            elif year in GENERATED.get(code, {}):
                series[year] = (Decimal(str(GENERATED[code][year])), False, DEMO_SOURCE, DEMO_NOTE)
        out[code] = series
    return out


def load(*, stdout) -> None:
    city = Region.objects.filter(kind=Region.Kind.CITY, name="遂宁市").first()
    if city is None:
        stdout.write("indicators: no Suining directory; skipped")
        return
    elements, indicators = define_catalogue()
    if DataValue.objects.filter(is_demo=True).exists():
        stdout.write("indicators: demo values already loaded")
        _link_goals(city, stdout)
        return
    places = {p.name: p for p in Region.objects.filter(parent=city)}
    counties = [places[n] for n in COUNTY_SHARES if n in places]
    parks = [places[n] for n in PARK_SHARES if n in places]
    rng = np.random.default_rng(SEED)
    series = _city_series()
    batches: dict[tuple[int, bool], list[services.ValueInput]] = {}

    for code, by_year in series.items():
        element = elements[code]
        integer = element.value_type == DataElement.ValueType.INTEGER
        base = np.array([COUNTY_SHARES[c.name] for c in counties])
        drift = rng.normal(0, 0.03, size=len(counties))
        noise = rng.normal(0, 0.12, size=len(counties))
        park_base = np.array([PARK_SHARES[p.name] for p in parks]) * (
            1 + rng.normal(0, 0.15, size=len(parks))
        )
        for year, (total, real, source, note) in sorted(by_year.items()):
            shares = base * (1 + noise) * (1 + drift * (year - 2020))
            shares = shares / shares.sum()
            status = DataValue.Status.FINAL if year <= 2023 else DataValue.Status.PROVISIONAL
            key = (element.supplying_unit_id, year)
            rows = batches.setdefault(key, [])
            if real:
                rows.append(
                    services.ValueInput(
                        element=element,
                        region=city,
                        year=year,
                        value=total,
                        status=status,
                        source=source,
                        note=note,
                    )
                )
            # County splits add up to the city total, so the city figure is the same
            # whether it is entered or rolled up.
            for county, part in zip(counties, _split(total, list(shares), integer), strict=True):
                rows.append(
                    services.ValueInput(
                        element=element,
                        region=county,
                        year=year,
                        value=part,
                        status=status,
                        source=DEMO_SOURCE,
                        note=DEMO_NOTE,
                        demo=True,
                    )
                )
            for park, share in zip(parks, park_base, strict=True):
                if code in PARKS_WITHOUT:
                    continue
                raw = total * Decimal(str(round(float(share), 4)))
                value = raw.quantize(
                    Decimal("1") if integer else Decimal("0.01"), rounding=ROUND_HALF_UP
                )
                rows.append(
                    services.ValueInput(
                        element=element,
                        region=park,
                        year=year,
                        value=value,
                        status=status,
                        source=DEMO_SOURCE,
                        note=DEMO_NOTE,
                        demo=True,
                    )
                )

    created = 0
    for (unit_id, _year), rows in sorted(batches.items(), key=lambda kv: kv[0][1]):
        unit = Unit.objects.get(pk=unit_id)
        # Published and generated rows of one year go in together: ratio checks see both parts.
        services.values_save(actor=None, unit=unit, entries=rows)
        created += len(rows)

    to_approve, to_accept = [], []
    for value in DataValue.objects.select_related("element"):
        target_state = DataValue.State.ACCEPTED
        if value.year == 2025:
            target_state = STATE_2025.get(value.element.code, DataValue.State.ACCEPTED)
        if target_state in (DataValue.State.APPROVED, DataValue.State.ACCEPTED):
            to_approve.append(value)
        if target_state == DataValue.State.ACCEPTED:
            to_accept.append(value.pk)
    services.values_approve(actor=None, values=to_approve)
    services.values_accept(actor=None, values=list(DataValue.objects.filter(pk__in=to_accept)))
    stdout.write(
        f"indicators: {len(elements)} elements, {len(indicators)} indicators, {created} values "
        f"({sum(1 for k in REAL)} published city figures, the rest demo)"
    )
    _link_goals(city, stdout)


def _link_goals(city: Region, stdout) -> None:
    plan = (
        Plan.objects.filter(region=city, targets__isnull=False)
        .distinct()
        .order_by("-issued_on", "-id")
        .first()
    )
    if plan is None:
        stdout.write("indicators: no plan with targets yet; targets not linked")
        return
    # The targets are the plan's own, not demo (their milestone steps below are).
    goals = services.goals_link_plan(actor=None, plan=plan, baseline_year=2021)
    for goal in goals:
        if goal.kind == Goal.Kind.MILESTONE and not goal.steps.exists():
            for order, (title, due, done) in enumerate(MILESTONE_STEPS):
                services.milestone_step_save(
                    actor=None,
                    goal=goal,
                    title=title,
                    due_on=due,
                    done_on=done,
                    note="演示数据",
                    order=order,
                    is_demo=True,
                )
    stdout.write(f"indicators: {len(goals)} plan targets linked to indicators")
