"""Demo: a realistic supervision history for the Suining plan (marked as demo).

A quarterly cycle from 2022 Q3; every quarter already due has its reports: most units on
time, some late, a few missing, some returned once (rarely twice) and approved after
revision; the lead units' consolidations; milestones (工作要点) for several tasks, a few
missed; a leader's instruction with the units' answers; a unit that stayed red and got a
blue, then a yellow 督办单; and an ad-hoc round (专项督查) due in a few days.

Deterministic: each cell's outcome comes from a random generator seeded with the period,
the task and the unit, so the history of a quarter never changes when the demo is loaded
later (only newer quarters are added). History is relative to today: quarters due before
today are filled in; the quarter in progress has a few drafts.

Speed: thousands of reports are written with bulk_create instead of the services (which
audit and notify per call and would take minutes). The rows are built in the states the
services produce — versions for every submission, return and approval, reviews, answers,
milestones done through a report — so every page reads them as if they had been entered.
The audit trail does not list this history.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.core.roles import Role
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import cycles, services
from luoshi.supervision.models import (
    Consolidation,
    Instruction,
    InstructionAnswer,
    Milestone,
    Notification,
    Period,
    ReportQuantity,
    ReportVersion,
    Review,
    SelfStatus,
    SupervisionNotice,
    UnitReport,
)

TITLE = "遂宁市增强协同创新发展能力行动方案"
REGION = "遂宁市"
SEED = "luoshi-suining-2022"
FIRST_PERIOD = dt.date(2022, 7, 1)
TARGET_DATE = dt.date(2025, 12, 31)
TZ = ZoneInfo(settings.TIME_ZONE)

# Units that report late more often (by short name) and one that keeps missing task 12.
SLOW_UNITS = {"市经济合作局", "市外事办", "蓬溪县政府"}
STRAGGLER = ("市经济合作局", "12")
# Tasks that fall behind the steady pace the 2025 deadline implies.
LAGGING_TASKS = {"10", "20", "24"}

ACTIONS = [
    "召开专题推进会{n}次，细化年度任务清单并逐项明确责任人和完成时限",
    "对接省级部门和成渝两地相关单位{n}次，争取政策和项目支持",
    "组织{n}家重点企业开展调研，梳理企业在研发投入、成果转化方面的需求",
    "完成项目申报{n}个，其中{m}个已进入省级评审",
    "开展政策宣讲{n}场，覆盖企业和科研人员{m}人次",
    "推动签订合作协议{n}份，落实合作项目{m}个",
    "建立工作台账，按月调度进展，协调解决问题{n}个",
    "配合牵头单位完成数据报送和材料汇总，提供典型案例{n}个",
]
PROBLEMS = [
    "部分项目前期手续办理进度偏慢。",
    "企业研发投入意愿仍需进一步激发。",
    "专业人才不足，工作力量较为薄弱。",
    "跨区域协调机制有待完善，资金保障压力较大。",
    "",
    "",
]
NEXT_STEPS = [
    "下一步将加强调度，确保按期完成年度目标。",
    "下季度重点推进项目落地，做好跟踪服务。",
    "继续加强与成渝地区的对接，争取更多合作项目。",
    "进一步完善工作机制，强化督促检查。",
]
RETURN_COMMENTS = [
    "工作成效表述不具体，请补充量化数据。",
    "未说明问题的原因和解决措施，请完善后重新报送。",
    "与上季度报告内容重复较多，请突出本季度进展。",
]
FIGURES = {
    "8": ("国家高新技术企业", "家", "gxqy"),
    "11": ("科技型中小企业入库", "家", "kjxzx"),
    "17": ("技术合同认定登记额", "亿元", "jshtdj"),
    "18": ("科技贷款发放额", "亿元", "kjdk"),
}
MILESTONES = {
    "5": ["建成省级以上创新平台{n}个", "完成重点实验室建设方案"],
    "7": ["大型科研仪器共享平台上线", "共享仪器达到{n}台（套）"],
    "8": ["高新技术企业认定申报不少于{n}家", "落实研发费用加计扣除政策培训"],
    "11": ["科技型中小企业入库{n}家", "开展企业创新能力评价"],
    "18": ["“天府科创贷”发放不少于{n}亿元", "设立知识产权质押风险补偿资金池"],
    "24": ["出台科技体制改革实施方案", "开展“揭榜挂帅”项目{n}项"],
}


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=TZ
    )


def load(*, stdout) -> None:
    plan = Plan.objects.filter(title=TITLE, region__name=REGION).order_by("-id").first()
    if plan is None:
        stdout.write("supervision: the Suining plan is not loaded; no supervision history")
        return
    today = timezone.localdate()
    services.cycle_save(
        actor=None,
        plan=plan,
        frequency="quarterly",
        first_period_start=FIRST_PERIOD,
        target_date=TARGET_DATE,
        due_offset_days=5,
        grace_days=3,
        reminder_lead_days=5,
        yellow_window_days=5,
    )
    services.period_generate(actor=None, plan=plan, today=today)
    Period.objects.filter(plan=plan).update(is_demo=True)
    History(plan, today).build()
    periods = Period.objects.filter(plan=plan, kind="regular", due_date__lt=today).count()
    stdout.write(
        f"supervision: {periods} quarters of reports ({UnitReport.objects.filter(period__plan=plan).count()} unit "
        f"reports), milestones, an instruction, supervision notices and an ad-hoc round (demo)"
    )


class History:
    def __init__(self, plan: Plan, today: dt.date):
        self.plan = plan
        self.today = today
        self.tasks = list(Task.objects.filter(plan=plan, active=True).order_by("order"))
        self.task_by_number = {t.number: t for t in self.tasks}
        self.assignments = list(
            Assignment.objects.filter(task__in=self.tasks, active=True)
            .select_related("unit")
            .order_by("task__order", "order")
        )
        self.users: dict[tuple[int, str], User] = {}
        for user in User.objects.filter(
            unit__isnull=False, role__in=[Role.REPORTER, Role.APPROVER]
        ).order_by("id"):
            self.users.setdefault((user.unit_id, user.role), user)
        self.office = (
            User.objects.filter(role=Role.COORDINATOR, unit=plan.coordinating_unit)
            .order_by("id")
            .first()
        )
        self.leader = User.objects.filter(role=Role.LEADER).order_by("id").first()
        self.periods = list(Period.objects.filter(plan=plan, kind="regular").order_by("start"))
        self.reports: list[UnitReport] = []
        self.meta: dict[int, dict] = {}  # id(report) → what happened to it
        self.figures: list[tuple[UnitReport, str, float]] = []
        self._consolidation_events: dict = {}

    # -- helpers ----------------------------------------------------------------------

    def rng(self, *parts) -> random.Random:
        return random.Random(":".join([SEED, *map(str, parts)]))

    def user(self, unit_id: int, role: str) -> User | None:
        return self.users.get((unit_id, role)) or self.users.get((unit_id, Role.REPORTER))

    def expected(self, task: Task, day: dt.date) -> int:
        value = cycles.expected_progress(
            as_of=day, start=FIRST_PERIOD, end=task.deadline_date or TARGET_DATE
        )
        return int(value or 0)

    # -- reports ----------------------------------------------------------------------

    def build(self) -> None:
        past = [p for p in self.periods if p.due_date < self.today]
        self.recent = past[-1] if past else None
        for period in past:
            for a in self.assignments:
                self.report(period, a)
        current = [p for p in self.periods if p.start <= self.today <= p.due_date]
        for period in current:
            for a in self.assignments:
                rng = self.rng(period.start, a.task.number, a.unit_id, "draft")
                if rng.random() < 0.12:
                    self.draft(period, a, rng)
        UnitReport.objects.bulk_create(self.reports, batch_size=500)
        self.write_versions()
        self.write_figures()
        self.consolidations(past)
        self.milestones()
        self.instruction(past)
        self.notices(past)
        self.adhoc_round()
        self.timestamps()
        self.inbox()

    def text(self, a: Assignment, rng: random.Random) -> str:
        lines = []
        for _ in range(rng.randint(1, 3)):
            lines.append(rng.choice(ACTIONS).format(n=rng.randint(1, 8), m=rng.randint(2, 40)))
        return f"{a.unit}围绕“{a.task.title}”：" + "；".join(lines) + "。"

    def draft(self, period: Period, a: Assignment, rng: random.Random) -> None:
        self.reports.append(
            UnitReport(
                period=period,
                task=a.task,
                unit=a.unit,
                status=UnitReport.Status.DRAFT,
                work_done=self.text(a, rng),
                version=rng.randint(2, 9),
                is_demo=True,
                updated_by=self.user(a.unit_id, Role.REPORTER),
            )
        )
        self.meta[id(self.reports[-1])] = {
            "events": [],
            "at": _at(min(self.today, period.end), rng),
        }

    def report(self, period: Period, a: Assignment) -> None:
        rng = self.rng(period.start, a.task.number, a.unit_id)
        slow = str(a.unit) in SLOW_UNITS
        recent = period == self.recent
        if (str(a.unit), a.task.number) == STRAGGLER and period.end >= dt.date(2026, 1, 1):
            return  # keeps missing: the unit that gets the 督办单s
        if rng.random() < (0.06 if slow else 0.012):
            return  # missing
        late = rng.random() < (0.30 if slow else 0.07)
        if late:
            first = period.due_date + dt.timedelta(
                days=rng.randint(1, 3 if rng.random() < 0.5 else 14)
            )
        else:
            first = period.due_date - dt.timedelta(days=rng.randint(0, 9))
        first_at = _at(first, rng)
        nothing_new = rng.random() < (0.18 if a.role == Assignment.Role.IMPLICIT else 0.04)
        expected = self.expected(a.task, period.end)
        if a.task.number in LAGGING_TASKS:
            factor = rng.uniform(0.72, 0.92)
        else:
            factor = rng.uniform(0.97, 1.15) if rng.random() < 0.93 else rng.uniform(0.86, 0.97)
        assesses = a.role == Assignment.Role.LEAD or rng.random() < (
            0.6 if a.role == "cooperating" else 0.15
        )
        progress = min(100, round(expected * factor)) if assesses else None
        ratio = (progress or 0) / expected * 100 if expected and progress is not None else 100
        status = (
            SelfStatus.DONE
            if progress == 100
            else SelfStatus.ON_TRACK
            if ratio >= 95
            else SelfStatus.BEHIND
            if ratio >= 85
            else SelfStatus.OFF_TRACK
        )
        returns = 0
        roll = rng.random()
        if not nothing_new and roll < 0.06:
            returns = 2 if roll < 0.008 else 1
        events = [("submitted", first_at, "")]
        at = first_at
        for _ in range(returns):
            at = at + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
            events.append(("returned", at, rng.choice(RETURN_COMMENTS)))
            # The last return of the most recent quarter may still wait for the unit.
            if recent and rng.random() < 0.5:
                break
            at = at + dt.timedelta(days=rng.randint(1, 5))
            events.append(("submitted", at, ""))
        state = events[-1][0]
        # The office approves the unit reports with the task's consolidation (as
        # consolidation_approve does); a task without a lead unit is reviewed report by report.
        approved_at = None
        consolidation = self.consolidation_events(period, a.task)
        if consolidation is not None:
            approval = next((e[1] for e in consolidation if e[0] == "approved"), None)
        else:
            approval = (
                None
                if recent and rng.random() < 0.25
                else _at(period.due_date + dt.timedelta(days=rng.randint(6, 20)), rng)
            )
        if state == "submitted" and approval is not None:
            approved_at = max(at + dt.timedelta(hours=1), approval)
            events.append(("approved", approved_at, ""))
            state = "approved"
        report = UnitReport(
            period=period,
            task=a.task,
            unit=a.unit,
            status=state,
            work_done="" if nothing_new else self.text(a, rng),
            problems="" if nothing_new else rng.choice(PROBLEMS),
            next_steps="" if nothing_new else rng.choice(NEXT_STEPS),
            self_status=status if progress is not None else "",
            progress_pct=progress,
            nothing_new=nothing_new,
            version=len(events) * 2 + 1,
            return_count=sum(1 for e in events if e[0] == "returned"),
            first_submitted_at=first_at,
            submitted_at=max(e[1] for e in events if e[0] == "submitted"),
            signed_by=self.user(a.unit_id, Role.APPROVER),
            returned_at=max((e[1] for e in events if e[0] == "returned"), default=None),
            return_comment=next((e[2] for e in reversed(events) if e[0] == "returned"), ""),
            approved_at=approved_at,
            updated_by=self.user(a.unit_id, Role.REPORTER),
            is_demo=True,
        )
        self.reports.append(report)
        self.meta[id(report)] = {"events": events, "at": events[-1][1]}
        if a.role == Assignment.Role.LEAD and a.task.number in FIGURES and not nothing_new:
            base = {"8": 120, "11": 380, "17": 4.5, "18": 6.0}[a.task.number]
            growth = (period.end.year - 2022) * 4 + (period.end.month - 1) // 3
            self.figures.append(
                (
                    report,
                    a.task.number,
                    round(base * (1 + 0.04 * growth) * rng.uniform(0.97, 1.03), 2),
                )
            )

    def content(self, r: UnitReport, attachments=()) -> dict:
        data = {name: getattr(r, name) for name in UnitReport.CONTENT_FIELDS}
        data.update({"quantities": [], "attachments": list(attachments), "answers": {}})
        return data

    def write_versions(self) -> None:
        versions, reviews = [], []
        for r in self.reports:
            events = self.meta[id(r)]["events"]
            for number, (event, at, comment) in enumerate(events, start=1):
                by = (
                    self.office
                    if event in ("returned", "approved")
                    else self.user(r.unit_id, Role.APPROVER)
                )
                versions.append(
                    ReportVersion(
                        report=r,
                        number=number,
                        event=event,
                        content=self.content(r),
                        comment=comment,
                        created_at=at,
                        created_by=by,
                    )
                )
                if event in ("returned", "approved"):
                    reviews.append(
                        Review(
                            report=r,
                            decision="return" if event == "returned" else "approve",
                            comment=comment,
                            reviewer=self.office,
                            at=at,
                        )
                    )
        ReportVersion.objects.bulk_create(versions, batch_size=1000)
        Review.objects.bulk_create(reviews, batch_size=1000)

    def write_figures(self) -> None:
        rows = []
        for report, number, value in self.figures:
            label, unit, code = FIGURES[number]
            rows.append(
                ReportQuantity(
                    report=report,
                    label=label,
                    value=value,
                    unit_of_measure=unit,
                    indicator_code=code,
                )
            )
        ReportQuantity.objects.bulk_create(rows)

    # -- consolidations ---------------------------------------------------------------

    def consolidation_events(self, period: Period, task: Task):
        """What happened to the task's consolidation in the period (None: no lead unit, or the
        period is not yet due), decided once so the unit reports can follow it."""
        key = (period.pk, task.pk)
        if key not in self._consolidation_events:
            has_lead = any(
                a.task_id == task.pk and a.role == Assignment.Role.LEAD for a in self.assignments
            )
            if not has_lead or period.due_date >= self.today:
                self._consolidation_events[key] = None
            else:
                rng = self.rng(period.start, task.number, "consolidation")
                submitted = _at(period.due_date + dt.timedelta(days=rng.randint(1, 6)), rng)
                events = [("submitted", submitted, "")]
                if rng.random() < 0.05:
                    events.append(
                        ("returned", submitted + dt.timedelta(days=2), rng.choice(RETURN_COMMENTS))
                    )
                    events.append(("submitted", submitted + dt.timedelta(days=5), ""))
                if not (period == self.recent and rng.random() < 0.3):
                    events.append(
                        ("approved", events[-1][1] + dt.timedelta(days=rng.randint(3, 12)), "")
                    )
                self._consolidation_events[key] = events
        return self._consolidation_events[key]

    def consolidations(self, past: list[Period]) -> None:
        leads = defaultdict(list)
        for a in self.assignments:
            if a.role == Assignment.Role.LEAD:
                leads[a.task_id].append(a.unit)
        rows, versions, reviews = [], [], []
        for period in past:
            for task in self.tasks:
                if not leads.get(task.pk):
                    continue
                rng = self.rng(period.start, task.number, "consolidation-text")
                author = leads[task.pk][0]
                events = self.consolidation_events(period, task)
                returned = any(e[0] == "returned" for e in events)
                submitted = events[0][1]
                expected = self.expected(task, period.end)
                factor = (
                    rng.uniform(0.7, 0.9)
                    if task.number in LAGGING_TASKS
                    else rng.uniform(0.95, 1.08)
                )
                c = Consolidation(
                    period=period,
                    task=task,
                    author_unit=author,
                    status=events[-1][0],
                    summary=f"牵头单位{author}汇总：本季度各责任单位围绕“{task.title}”扎实推进各项工作，"
                    f"{rng.choice(ACTIONS).format(n=rng.randint(2, 9), m=rng.randint(3, 30))}。",
                    problems=rng.choice(PROBLEMS),
                    next_steps=rng.choice(NEXT_STEPS),
                    self_status=SelfStatus.ON_TRACK if factor >= 0.95 else SelfStatus.BEHIND,
                    progress_pct=min(100, int(expected * factor)),
                    version=len(events) * 2 + 1,
                    return_count=1 if returned else 0,
                    first_submitted_at=submitted,
                    submitted_at=max(e[1] for e in events if e[0] == "submitted"),
                    submitted_by=self.user(author.pk, Role.REPORTER),
                    returned_at=events[1][1] if returned else None,
                    return_comment=events[1][2] if returned else "",
                    approved_at=events[-1][1] if events[-1][0] == "approved" else None,
                    is_demo=True,
                )
                rows.append((c, events))
        Consolidation.objects.bulk_create([c for c, _ in rows], batch_size=500)
        for c, events in rows:
            content = {name: getattr(c, name) for name in Consolidation.CONTENT_FIELDS} | {
                "attachments": []
            }
            for number, (event, at, comment) in enumerate(events, start=1):
                versions.append(
                    ReportVersion(
                        consolidation=c,
                        number=number,
                        event=event,
                        content=content,
                        comment=comment,
                        created_at=at,
                        created_by=self.office if event != "submitted" else c.submitted_by,
                    )
                )
                if event != "submitted":
                    reviews.append(
                        Review(
                            consolidation=c,
                            decision="return" if event == "returned" else "approve",
                            comment=comment,
                            reviewer=self.office,
                            at=at,
                        )
                    )
        ReportVersion.objects.bulk_create(versions, batch_size=1000)
        Review.objects.bulk_create(reviews, batch_size=1000)

    # -- milestones, instruction, notices, ad-hoc round ----------------------------------

    def milestones(self) -> None:
        rows = []
        by_task = defaultdict(list)
        for a in self.assignments:
            by_task[a.task.number].append(a)
        reports = {
            (r.period_id, r.task_id, r.unit_id): r
            for r in self.reports
            if r.status in UnitReport.SENT
        }
        for number, titles in MILESTONES.items():
            task = self.task_by_number.get(number)
            if task is None:
                continue
            owners = [a.unit for a in by_task[number] if a.role == Assignment.Role.LEAD] + [
                a.unit for a in by_task[number] if a.role == Assignment.Role.IMPLICIT
            ][:2]
            for year in range(2023, self.today.year + 1):
                for i, title in enumerate(titles):
                    rng = self.rng("milestone", number, year, i)
                    owner = owners[(year + i) % len(owners)]
                    deadline = dt.date(year, 6, 30) if i == 0 else dt.date(year, 12, 31)
                    done_on = None
                    if deadline < self.today + dt.timedelta(days=40) and rng.random() < 0.88:
                        done_on = deadline - dt.timedelta(days=rng.randint(-10, 40))
                    if done_on and done_on > self.today:
                        done_on = None
                    report = None
                    if done_on:
                        period = next(
                            (p for p in self.periods if p.start <= done_on <= p.end), None
                        )
                        report = reports.get((period.pk, task.pk, owner.pk)) if period else None
                    rows.append(
                        Milestone(
                            task=task,
                            year=year,
                            title=title.format(n=rng.randint(3, 30)),
                            owner=owner,
                            deadline=deadline,
                            done_on=done_on,
                            done_report=report,
                            is_demo=True,
                        )
                    )
        Milestone.objects.bulk_create(rows)

    def instruction(self, past: list[Period]) -> None:
        task = self.task_by_number.get("7")
        if task is None or len(past) < 2 or self.leader is None:
            return
        asked_in, answered_in = past[-2], past[-1]
        units = [
            a.unit
            for a in self.assignments
            if a.task_id == task.pk and a.role != Assignment.Role.IMPLICIT
        ]
        instruction = Instruction.objects.create(
            task=task,
            period=asked_in,
            author=self.leader,
            is_demo=True,
            text="大型科研仪器共享是降低企业研发成本的关键，请市科技局牵头、各配合单位协同，"
            "加快共享平台建设，在下季度报告中说明入网仪器数量和服务企业情况。",
            created_at=_at(asked_in.due_date + dt.timedelta(days=20), random.Random(SEED)),
        )
        instruction.units.set(units)
        answers = []
        for r in self.reports:
            if (
                r.period_id == answered_in.pk
                and r.task_id == task.pk
                and r.unit in units
                and r.status in UnitReport.SENT
            ):
                answers.append(
                    InstructionAnswer(
                        instruction=instruction,
                        unit=r.unit,
                        report=r,
                        answered_at=r.first_submitted_at,
                        answered_by=r.updated_by,
                        text=f"{r.unit}已按批示要求推进：梳理可共享仪器设备并推动入网，本季度服务企业"
                        f"{random.Random(r.unit_id).randint(5, 40)}家次。",
                    )
                )
        InstructionAnswer.objects.bulk_create(answers)

    def notices(self, past: list[Period]) -> None:
        unit_name, number = STRAGGLER
        task = self.task_by_number.get(number)
        unit = next(
            (
                a.unit
                for a in self.assignments
                if a.task.number == number and str(a.unit) == unit_name
            ),
            None,
        )
        red = [p for p in past if p.end >= dt.date(2026, 1, 1)]
        if task is None or unit is None or len(red) < 2:
            return
        first_at = _at(red[1].red_after + dt.timedelta(days=5), random.Random(SEED))
        blue = SupervisionNotice.objects.create(
            plan=self.plan,
            task=task,
            unit=unit,
            period=red[1],
            number=f"督办〔{first_at.year}〕1号",
            level=SupervisionNotice.Level.BLUE,
            status=SupervisionNotice.Status.CLOSED,
            reason=f"{unit}连续两个季度未报送任务{number}“{task.title}”的落实情况，请于规定时间内说明原因并报送。",
            answer_by=first_at.date() + dt.timedelta(days=10),
            issued_at=first_at,
            issued_by=self.office,
            signed_at=first_at + dt.timedelta(days=1),
            signed_by=self.user(unit.pk, Role.APPROVER),
            answer="因人员调整，报送工作出现断档。现已明确专人负责，后续将按时报送。",
            answered_at=first_at + dt.timedelta(days=6),
            answered_by=self.user(unit.pk, Role.APPROVER),
            closed_at=first_at + dt.timedelta(days=8),
            is_demo=True,
        )
        if len(red) >= 3:
            second_at = _at(red[-1].red_after + dt.timedelta(days=5), random.Random(SEED + "2"))
            if second_at.date() <= self.today:
                SupervisionNotice.objects.create(
                    plan=self.plan,
                    task=task,
                    unit=unit,
                    period=red[-1],
                    previous=blue,
                    number=f"督办〔{second_at.year}〕{2 if second_at.year == first_at.year else 1}号",
                    level=SupervisionNotice.Level.YELLOW,
                    status=SupervisionNotice.Status.SIGNED,
                    reason=f"蓝色督办后{unit}仍未报送任务{number}的落实情况，现升级为黄色督办，请单位主要负责同志"
                    f"督促落实并书面说明。",
                    answer_by=max(
                        self.today + dt.timedelta(days=3), second_at.date() + dt.timedelta(days=10)
                    ),
                    issued_at=second_at,
                    issued_by=self.office,
                    signed_at=second_at + dt.timedelta(days=1),
                    signed_by=self.user(unit.pk, Role.APPROVER),
                    is_demo=True,
                )

    def adhoc_round(self) -> None:
        tasks = [self.task_by_number[n] for n in ("8", "11") if n in self.task_by_number]
        if not tasks:
            return
        period = services.period_open_adhoc(
            actor=None,
            plan=self.plan,
            title="专项督查：高新技术企业和科技型中小企业培育",
            start=self.today - dt.timedelta(days=10),
            due_date=self.today + dt.timedelta(days=4),
            tasks=tasks,
            note="请各责任单位报送今年以来高新技术企业申报、科技型中小企业入库情况及存在的困难。",
            today=self.today,
        )
        Period.objects.filter(pk=period.pk).update(is_demo=True)
        # The round is part of the story, not news for the demo accounts.
        Notification.objects.filter(kind="adhoc_opened", params__period_title=period.title).delete()
        rows = []
        for a in self.assignments:
            if a.task_id not in {t.pk for t in tasks}:
                continue
            rng = self.rng("adhoc", a.task.number, a.unit_id)
            if rng.random() < 0.45:
                at = _at(self.today - dt.timedelta(days=rng.randint(0, 6)), rng)
                rows.append(
                    UnitReport(
                        period=period,
                        task=a.task,
                        unit=a.unit,
                        status=UnitReport.Status.SUBMITTED,
                        work_done=self.text(a, rng),
                        version=3,
                        first_submitted_at=at,
                        submitted_at=at,
                        signed_by=self.user(a.unit_id, Role.APPROVER),
                        updated_by=self.user(a.unit_id, Role.REPORTER),
                        is_demo=True,
                    )
                )
        UnitReport.objects.bulk_create(rows)
        ReportVersion.objects.bulk_create(
            [
                ReportVersion(
                    report=r,
                    number=1,
                    event="submitted",
                    content=self.content(r),
                    created_at=r.submitted_at,
                    created_by=r.signed_by,
                )
                for r in rows
            ]
        )

    def timestamps(self) -> None:
        """Creation and update times as they would have been, not the time of loading."""
        demo = UnitReport.objects.filter(
            period__plan=self.plan, is_demo=True, first_submitted_at__isnull=False
        )
        demo.update(created_at=F("first_submitted_at") - dt.timedelta(days=3))
        demo.filter(approved_at__isnull=False).update(updated_at=F("approved_at"))
        demo.filter(approved_at__isnull=True).update(updated_at=F("submitted_at"))
        Consolidation.objects.filter(period__plan=self.plan, is_demo=True).update(
            created_at=F("first_submitted_at") - dt.timedelta(days=1), updated_at=F("submitted_at")
        )

    def inbox(self) -> None:
        """A few unread notifications, as the latest events would have left them."""
        from luoshi.supervision.notifications import period_params
        from luoshi.supervision.services.notify import office_users, unit_users

        rows = []
        for r in self.reports:
            if (
                r.period_id == getattr(self.recent, "pk", None)
                and r.status == UnitReport.Status.RETURNED
            ):
                params = {
                    **period_params(self.recent),
                    "task": r.task.number,
                    "unit": str(r.unit),
                    "comment": r.return_comment,
                }
                url = f"/supervision/periods/{r.period_id}/tasks/{r.task_id}/report/"
                rows += [
                    Notification(recipient=u, kind="report_returned", params=params, url=url)
                    for u in unit_users([r.unit_id])
                ]
        for c in Consolidation.objects.filter(
            period=self.recent, status="submitted"
        ).select_related("task", "author_unit"):
            params = {
                **period_params(self.recent),
                "task": c.task.number,
                "unit": str(c.author_unit),
            }
            url = f"/supervision/periods/{c.period_id}/tasks/{c.task_id}/consolidation/"
            rows += [
                Notification(recipient=u, kind="consolidation_submitted", params=params, url=url)
                for u in office_users(self.plan)
            ]
        Notification.objects.bulk_create(rows)
