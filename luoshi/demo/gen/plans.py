"""A city's plans, imported through the plans service: the Suining plan (renamed for other
cities) and variants written in the same document style, so every plan goes through the
real parser and import."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from pathlib import Path

from django.conf import settings

from luoshi.demo.gen.names import PLAN_TOPICS
from luoshi.demo.gen.scales import CitySpec, ScaleSpec, rng_for
from luoshi.org.models import Region, Unit
from luoshi.plans import documents
from luoshi.plans import services as plan_services
from luoshi.plans.models import Plan
from luoshi.supervision import cycles
from luoshi.supervision import services as supervision_services
from luoshi.supervision.models import Period

DOCUMENT = Path(settings.BASE_DIR) / "plans" / "data" / "suining-2022-action-plan.txt"
TARGET_DATE = dt.date(2025, 12, 31)
RULE = (
    "逗号前的单位为牵头单位,下同。以下各项工作均涉及各县(市、区)政府、市直园区管委会,不再单独列出"
)


@cache
def suining_text() -> str:
    return DOCUMENT.read_text("utf-8")


@cache
def suining_parsed() -> dict:
    return documents.parse(DOCUMENT.read_bytes(), DOCUMENT.name)


def first_period_start(today: dt.date, quarters: int) -> dt.date:
    """The start of the quarter `quarters` quarters before the one containing today."""
    current = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return cycles.add_months(current, -3 * quarters)


def variant_text(spec: CitySpec, number: int, scale: ScaleSpec, seed: int, units: list[str]) -> str:
    """Another action plan of the city, in the Suining document's style: its tasks are
    Suining's texts reshuffled, its responsibility clauses drawn from the city's units."""
    rng = rng_for(seed, "variant", spec.index, number)
    parsed = suining_parsed()
    base_tasks = parsed["tasks"]
    sections = [s for c in parsed["chapters"] if c["title"] == "重点任务" for s in c["sections"]]
    topic = PLAN_TOPICS[(spec.index + number) % len(PLAN_TOPICS)]
    title = f"{spec.name}{topic}行动方案"
    if number >= len(PLAN_TOPICS):
        title = f"{spec.name}{topic}行动方案({number // len(PLAN_TOPICS) + 1})"
    n_tasks = rng.randint(*scale.variant_tasks)
    n_sections = rng.randint(4, min(8, len(sections)))
    lines = [
        f"{spec.name}人民政府办公室",
        f"{2021 + number % 3}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        title,
        f"为深入贯彻落实省委、省政府决策部署,{topic},结合{spec.stem}实际,制定本方案。",
        "一、总体要求",
        f"(一)指导思想。坚持新发展理念,围绕{topic}目标,统筹推进各项工作。",
        f"(二)发展目标。到2025年,{topic}取得明显成效,体制机制更加完善。",
        "二、重点任务",
    ]
    chinese = "一二三四五六七八九十"
    per_section = -(-n_tasks // n_sections)
    for i in range(n_tasks):
        if i % per_section == 0:
            k = i // per_section
            lines.append(f"({chinese[k]}){sections[(k + number) % len(sections)]}")
        task = base_tasks[(i * 7 + number) % len(base_tasks)]
        body = spec.rename(task["text"]).rstrip("。")
        leads = rng.sample(units, 2 if rng.random() < 0.12 else 1)
        coops = [u for u in rng.sample(units, rng.randint(2, 6)) if u not in leads]
        clause = "、".join(leads) + "," + "、".join(coops)
        if i == 0:
            lines.append(f"{i + 1}.{body}。〔责任单位:{clause}。{RULE}〕")
        else:
            lines.append(f"{i + 1}.{body}。(责任单位:{clause})")
    lines += [
        "三、保障措施",
        "(一)强化组织领导。各地各部门要明确责任分工,确保本方案顺利实施。",
        "(二)强化督促检查。市政府将本方案实施情况纳入年度目标绩效考核。",
    ]
    return "\n".join(lines) + "\n"


def _department_names(region: Region) -> list[str]:
    return list(
        Unit.objects.filter(
            region=region,
            kind__in=[Unit.Kind.DEPARTMENT, Unit.Kind.PARTY],
        )
        .exclude(short_name="")
        .exclude(code__in=["szfb"])
        .order_by("order", "id")
        .values_list("short_name", flat=True)
    )


def import_plans(
    spec: CitySpec, region: Region, scale: ScaleSpec, seed: int, today: dt.date
) -> list[Plan]:
    """Import the city's plans, set their quarterly cycle and generate the periods."""
    office = Unit.objects.get(region=region, code="kjj")
    documents_ = [(f"{spec.code}-main.txt", spec.rename(suining_text()))]
    units = _department_names(region)
    for number in range(spec.variants):
        documents_.append(
            (f"{spec.code}-plan-{number + 1}.txt", variant_text(spec, number, scale, seed, units))
        )
    plans = []
    start = first_period_start(today, scale.quarters)
    for filename, text in documents_:
        result = plan_services.plan_import(
            actor=None,
            data=text.encode("utf-8"),
            filename=filename,
            region=region,
            coordinating_unit=office,
            is_demo=True,
        )
        plan = result.plan
        supervision_services.cycle_save(
            actor=None,
            plan=plan,
            frequency="quarterly",
            first_period_start=start,
            target_date=TARGET_DATE,
            due_offset_days=5,
            grace_days=3,
            reminder_lead_days=5,
            yellow_window_days=5,
        )
        supervision_services.period_generate(actor=None, plan=plan, today=today)
        Period.objects.filter(plan=plan).update(is_demo=True)
        plans.append(plan)
    return plans


def shuffled(items: list, rng: random.Random) -> list:
    items = list(items)
    rng.shuffle(items)
    return items
