"""Demo: yearly targets and their breakdown, the yearly assessments, and the public page.

The city's yearly targets that 市科技局 published (shared/DOMAIN.md §3: 2021 and 2023) are
entered as reported and not marked as demo; the other years' city targets (on a straight
path to the plan's 2025 target) and every county's and park's share are generated and marked
as demo. Parks get no per-capita target (they have no population of their own). The 2024
assessment runs through review to a locked result; the 2025 one is a draft with a bonus and
a deduction item. The public page of the plan is on (it says that it shows demo data).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from luoshi.assessment import services as assessment
from luoshi.assessment.models import Scheme
from luoshi.demo.indicators import COUNTY_SHARES, PARK_SHARES
from luoshi.indicators import services as indicators
from luoshi.indicators.models import Goal, YearlyTarget
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Plan
from luoshi.public import services as public

TITLE = "遂宁市增强协同创新发展能力行动方案"
REGION = "遂宁市"
# (indicator code, year) -> the city's yearly target as 市科技局 published it.
PUBLISHED = {
    ("rd_intensity", 2021): "0.75",
    ("tech_smes", 2021): "400",
    ("hightech_revenue", 2021): "600",
    ("tech_contracts", 2021): "6.5",
    ("hightech_enterprises", 2023): "185",
    ("tech_smes", 2023): "520",
    ("tech_contracts", 2023): "12",
    ("hightech_revenue", 2023): "650",
}
# Ratios are not split: each county keeps the city's ratio; parks get none per capita.
RATIOS = {"rd_intensity", "hv_patents_per_10k"}
PER_CAPITA = {"hv_patents_per_10k"}
YEARS = range(2022, 2026)
ITEMS_2025 = [
    ("船山区政府", "bonus", "2", "获评省级科技成果转化示范县（演示）", "川科函〔2025〕演示号"),
    ("市经济合作局", "deduction", "1", "“揭榜挂帅”项目推进工作要点延误（演示）", "督办台账记录"),
]


def _q(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _city_path(goal: Goal) -> dict[int, tuple[Decimal, bool]]:
    """year -> (the city's yearly target, published): published years as reported, the
    others on a straight line between them and the plan's target."""
    code = goal.indicator.code
    known = {year: Decimal(v) for (c, year), v in PUBLISHED.items() if c == code}
    anchors = dict(known)
    if goal.baseline_year and goal.baseline_value is not None:
        anchors.setdefault(goal.baseline_year, goal.baseline_value)
    anchors[goal.target_year] = goal.target_value
    points = sorted(anchors.items())
    path = {year: (value, True) for year, value in known.items()}
    for year in YEARS:
        if year in path:
            continue
        before = max((p for p in points if p[0] <= year), default=points[0])
        after = min((p for p in points if p[0] >= year), default=points[-1])
        if after[0] == before[0]:
            value = after[1]
        else:
            value = before[1] + (after[1] - before[1]) * (year - before[0]) / (after[0] - before[0])
        path[year] = (_q(Decimal(value), goal.indicator.decimals), False)
    return path


def _yearly_targets(plan: Plan, city: Region, stdout) -> int:
    if YearlyTarget.objects.filter(goal__plan=plan).exists():
        return 0
    places = {p.name: p for p in Region.objects.filter(parent=city)}
    entries = []
    for goal in Goal.objects.filter(plan=plan, kind=Goal.Kind.NUMERIC).select_related("indicator"):
        if goal.indicator is None or goal.target_value is None or goal.target_year is None:
            continue
        code, decimals = goal.indicator.code, goal.indicator.decimals
        for year, (value, published) in sorted(_city_path(goal).items()):
            entries.append(
                indicators.YearlyTargetInput(
                    goal=goal,
                    region=city,
                    year=year,
                    value=value,
                    note="" if published else "演示数据",
                    demo=not published,
                )
            )
            if year not in YEARS:
                continue
            shares = [(places[n], s) for n, s in COUNTY_SHARES.items() if n in places]
            if code not in PER_CAPITA:
                shares += [(places[n], s) for n, s in PARK_SHARES.items() if n in places]
            for place, share in shares:
                part = value if code in RATIOS else _q(value * Decimal(str(share)), decimals)
                entries.append(
                    indicators.YearlyTargetInput(
                        goal=goal, region=place, year=year, value=part, note="演示数据", demo=True
                    )
                )
    indicators.yearly_targets_save(actor=None, entries=entries)
    return len(entries)


def load(*, stdout) -> None:
    plan = Plan.objects.filter(title=TITLE, region__name=REGION).order_by("-id").first()
    if plan is None:
        stdout.write("assessment: the Suining plan is not loaded; skipped")
        return
    city = plan.region
    made = _yearly_targets(plan, city, stdout)
    today = timezone.localdate()
    if not Scheme.objects.filter(plan=plan).exists():
        locked = assessment.scheme_create(actor=None, plan=plan, year=2024, is_demo=True)
        assessment.scheme_publish(actor=None, scheme=locked, objections_until=today, today=today)
        assessment.scheme_lock(actor=None, scheme=locked)
        draft = assessment.scheme_create(actor=None, plan=plan, year=2025, is_demo=True)
        units = {u.short_name: u for u in Unit.objects.filter(region=city)}
        for short, kind, points, reason, evidence in ITEMS_2025:
            if short in units:
                assessment.adjustment_add(
                    actor=None,
                    scheme=draft,
                    unit=units[short],
                    kind=kind,
                    points=points,
                    reason=reason,
                    evidence_text=evidence,
                    is_demo=True,
                )
    public.public_page_save(
        actor=None,
        plan=plan,
        enabled=True,
        intro="本页面公开《遂宁市增强协同创新发展能力行动方案》的目标进展、任务推进情况和已公开的文件（演示）。",
    )
    stdout.write(
        f"assessment: {made} yearly targets (city and its counties and parks), the 2024 "
        "assessment locked, the 2025 one in draft, the public page on (demo)"
    )
