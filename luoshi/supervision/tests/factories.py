"""Plain plan rows for supervision tests (plan structure only; every supervision state is
reached through the services).

The small plan mirrors the Suining one where the personas need it: 市发展改革委 (fgw) leads
tasks 1 and 3, 市经济和信息化局 (jxj) cooperates on them, 船山区 (chuanshan) is implicitly
involved in tasks 2–4, task 4 has two lead units (市科技局 and 市发展改革委), and
市司法局 (sfj) is responsible for nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from luoshi.plans.models import Assignment, Chapter, Plan, Section, Task

TITLE = "遂宁市增强协同创新发展能力行动方案"

# number, section, title, leads, cooperating, implicit
SMALL_PLAN = [
    ("1", "融入协同创新格局", "融入成渝地区双城经济圈建设", ["fgw"], ["jxj", "kjj"], []),
    ("2", "融入协同创新格局", "推进遂潼一体化发展", ["suitong"], ["jxj"], ["chuanshan"]),
    ("3", "搭建协同创新平台", "推进与周边地区协同发展", ["fgw"], ["jxj", "kjj"], ["chuanshan"]),
    ("4", "搭建协同创新平台", "共建科技创新平台", ["kjj", "fgw"], ["jxj"], ["chuanshan"]),
]


def make_plan(units, spec=SMALL_PLAN, *, title=TITLE, deadline=dt.date(2025, 12, 31)) -> Plan:
    region = units["kjj"].region
    plan = Plan.objects.create(
        region=region,
        title=title,
        issuer="遂宁市人民政府办公室",
        issued_on=dt.date(2022, 6, 2),
        coordinating_unit=units["kjj"],
    )
    chapter = Chapter.objects.create(plan=plan, number="二", title="重点任务", order=1)
    sections: dict[str, Section] = {}
    for order, (number, section_title, leads, coops, implicit) in enumerate(
        [(s[0], s[1], s[3], s[4], s[5]) for s in spec]
    ):
        if section_title not in sections:
            sections[section_title] = Section.objects.create(
                chapter=chapter,
                number="一二三四五六七八"[len(sections)],
                title=section_title,
                order=len(sections),
            )
        task = Task.objects.create(
            plan=plan,
            chapter=chapter,
            section=sections[section_title],
            number=number,
            title=next(s[2] for s in spec if s[0] == number),
            order=order,
            deadline_date=deadline,
        )
        position = 0
        for role, codes in (
            (Assignment.Role.LEAD, leads),
            (Assignment.Role.COOPERATING, coops),
            (Assignment.Role.IMPLICIT, implicit),
        ):
            for code in codes:
                Assignment.objects.create(task=task, unit=units[code], role=role, order=position)
                position += 1
    return plan


def tasks_of(plan) -> dict[str, Task]:
    return {t.number: t for t in Task.objects.filter(plan=plan)}


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def setup_cycle(plan, office, *, first_period_start=dt.date(2022, 7, 1), **fields):
    """The plan's quarterly cycle and its periods up to now, through the services."""
    from luoshi.supervision import services

    cycle = services.cycle_save(
        actor=office, plan=plan, first_period_start=first_period_start, **fields
    )
    return cycle


def open_round(
    plan, office, *, due_in_days: int, tasks=None, title="专项督查", started_days_ago: int = 30
):
    """An ad-hoc round due `due_in_days` from today (negative: already past due)."""
    from luoshi.supervision import services

    today = timezone.localdate()
    return services.period_open_adhoc(
        actor=office,
        plan=plan,
        title=title,
        start=today - dt.timedelta(days=started_days_ago),
        due_date=today + dt.timedelta(days=due_in_days),
        tasks=list(tasks or Task.objects.filter(plan=plan)),
    )


def last_due_period(plan):
    """The most recent regular period already past its due date and grace days."""
    today = timezone.localdate()
    periods = [
        p for p in plan.periods.filter(kind="regular").order_by("start") if p.red_after < today
    ]
    return periods[-1]
