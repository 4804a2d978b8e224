"""A plan's supervision history: the one generator behind the demo and the scale data.

`luoshi load-demo` (demo/supervision.py) and `luoshi gen-data` (demo/gen/) both build a
plan's unit reports, consolidations and milestones here. Every state is reached through
the rules the supervision services use (played in rows.py): a draft saved by the
unit's reporter, signed off by its approver, returned or approved by the office, the unit
reports approved with their task's consolidation — so statuses, counters, timestamps,
versions and reviews are those the services would have written. The rows stream through
the bulk writer instead of the services (which audit and notify per call and would take
minutes): the audit trail does not list generated history.

Per period most units report on time, some late, a few not at all; some reports are
returned once (rarely twice) and approved after revision; the most recent period still
has reports awaiting review and returns awaiting the unit; the period in progress has a
few drafts. Each outcome is drawn from a generator seeded with the seed, the plan and the
cell, so a quarter's history is the same whenever it is generated.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from luoshi.demo.gen.writer import BulkWriter
from luoshi.demo.rows import (
    APPROVED,
    DRAFT,
    RETURNED,
    SUBMITTED,
    Record,
    Step,
    consolidation_rows,
    report_rows,
)
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import cycles
from luoshi.supervision.models import (
    Consolidation,
    Milestone,
    Period,
    ReportQuantity,
    ReportVersion,
    Review,
    SelfStatus,
    UnitReport,
)

TZ = ZoneInfo(settings.TIME_ZONE)
LEAD = Assignment.Role.LEAD
COOPERATING = Assignment.Role.COOPERATING
IMPLICIT = Assignment.Role.IMPLICIT

# Tables in the order their rows may point at each other (the writer flushes parents first).
BULK_MODELS = [UnitReport, Consolidation, ReportVersion, Review, ReportQuantity, Milestone]

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
    "继续加强与周边地区的对接，争取更多合作项目。",
    "进一步完善工作机制，强化督促检查。",
]
RETURN_COMMENTS = [
    "工作成效表述不具体，请补充量化数据。",
    "未说明问题的原因和解决措施，请完善后重新报送。",
    "与上季度报告内容重复较多，请突出本季度进展。",
]
MILESTONE_TITLES = [
    "完成年度工作方案并报市政府",
    "建成省级以上创新平台{n}个",
    "组织开展专项督导{n}次",
    "出台配套支持政策",
    "完成重点项目签约{n}个",
    "开展年度评估并形成报告",
]


def register(writer: BulkWriter) -> None:
    """Register the tables parents-first (see BulkWriter)."""
    for model in BULK_MODELS:
        writer[model]


def rng_for(seed: object, *parts: object) -> random.Random:
    return random.Random(":".join(["luoshi-history", str(seed), *map(str, parts)]))


def at_time(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment in office hours on `day`."""
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=TZ
    )


# -- a plan's history ---------------------------------------------------------------------


@dataclass(frozen=True)
class Pace:
    """How often units miss or are late with a report (slow units more often)."""

    missing: float
    missing_slow: float
    late: float
    late_slow: float


# The demo shows a disciplined city; scale data is rougher, as benchmarks should see it.
DEMO_PACE = Pace(missing=0.012, missing_slow=0.06, late=0.07, late_slow=0.30)
SCALE_PACE = Pace(missing=0.045, missing_slow=0.15, late=0.08, late_slow=0.30)


@dataclass
class Cast:
    """Who writes: unit id -> user id of its reporter and approver, and the office's user."""

    reporter: dict[int, int]
    approver: dict[int, int]
    office: int | None


@dataclass
class Story:
    """What differs from plan to plan (keys are ids)."""

    slow_units: set[int] = field(default_factory=set)
    lagging_tasks: set[int] = field(default_factory=set)
    # task -> (label, unit of measure, indicator code, base value): the lead unit's figure
    figures: dict[int, tuple[str, str, str, float]] = field(default_factory=dict)
    # task -> milestone title templates ({n} is filled in)
    milestones: dict[int, list[str]] = field(default_factory=dict)
    # (unit, task) -> from this date on the unit sends no report on the task
    stragglers: dict[tuple[int, int], dt.date] = field(default_factory=dict)


class PlanHistory:
    def __init__(
        self,
        writer: BulkWriter,
        plan: Plan,
        *,
        seed: object,
        today: dt.date,
        cast: Cast,
        pace: Pace,
        story: Story,
        target_date: dt.date,
    ):
        self.w = writer
        self.plan = plan
        self.seed = seed
        self.today = today
        # Nothing happens after the end of today.
        self.now = dt.datetime.combine(today, dt.time(18, 0), tzinfo=TZ)
        self.cast = cast
        self.pace = pace
        self.story = story
        self.target_date = target_date
        self.tasks = {
            t.pk: t
            for t in Task.objects.filter(plan=plan, active=True).only(
                "id", "number", "title", "deadline_date", "order"
            )
        }
        self.assignments = list(
            Assignment.objects.filter(task__plan=plan, active=True)
            .order_by("task__order", "order", "id")
            .values_list("task_id", "unit_id", "role")
        )
        self.units = {
            u.pk: str(u)
            for u in Unit.objects.filter(pk__in={a[1] for a in self.assignments}).only(
                "id", "name", "short_name"
            )
        }
        self.leads: dict[int, list[int]] = defaultdict(list)
        for task_id, unit_id, role in self.assignments:
            if role == LEAD:
                self.leads[task_id].append(unit_id)
        self.periods = list(
            Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR).order_by("start")
        )
        self.past = [p for p in self.periods if p.due_date < today]
        self.current = [p for p in self.periods if p.start <= today <= p.due_date]
        self.recent = self.past[-1] if self.past else None
        self.first_start = self.periods[0].start if self.periods else today
        self.key = f"{plan.region}:{plan.title}"
        self.approvals: dict[tuple[int, int], dt.datetime | None] = {}
        self.ticks: dict[tuple[int, int, int], list[Record]] = defaultdict(list)
        self.milestones: list[Record] = []
        self.counts: dict[str, int] = defaultdict(int)

    def cells(self) -> int:
        return len(self.assignments) * (len(self.past) + len(self.current))

    def rng(self, *parts: object) -> random.Random:
        return rng_for(self.seed, self.key, *parts)

    def approver(self, unit_id: int) -> int | None:
        return self.cast.approver.get(unit_id) or self.cast.reporter.get(unit_id)

    def expected(self, task: Task, day: dt.date) -> float:
        value = cycles.expected_progress(
            as_of=day, start=self.first_start, end=task.deadline_date or self.target_date
        )
        return value or 0.0

    def text(self, unit_id: int, task: Task, rng: random.Random) -> str:
        lines = [
            rng.choice(ACTIONS).format(n=rng.randint(1, 8), m=rng.randint(2, 40))
            for _ in range(rng.randint(1, 3))
        ]
        return f"{self.units.get(unit_id, '')}围绕“{task.title}”：" + "；".join(lines) + "。"

    def until_now(self, steps: list[Step]) -> list[Step]:
        return [s for s in steps if s.at <= self.now]

    # -- building -------------------------------------------------------------------------

    def build(self, progress=None) -> None:
        self.plan_milestones()
        for period in self.past:
            for task_id, unit_id, role in self.assignments:
                self.report(period, self.tasks[task_id], unit_id, role)
            if progress:
                progress.advance(len(self.assignments))
        for period in self.current:
            for task_id, unit_id, _role in self.assignments:
                rng = self.rng(
                    "draft", period.start, self.tasks[task_id].number, self.units.get(unit_id)
                )
                if rng.random() < 0.12:
                    self.draft(period, self.tasks[task_id], unit_id, rng)
            if progress:
                progress.advance(len(self.assignments))
        for milestone in self.milestones:
            self.w[Milestone].add(**vars(milestone))

    def plan_milestones(self) -> None:
        """The milestones of the plan's milestone tasks, two a year, each owned by a lead or
        an involved unit and ticked off in its owner's report of the last period due by the
        deadline (now and then one period late, or never)."""
        owners: dict[int, list[int]] = defaultdict(list)
        for task_id, unit_id, role in self.assignments:
            if role == LEAD:
                owners[task_id].insert(0, unit_id)
            elif role == IMPLICIT and len(owners[task_id]) < 3:
                owners[task_id].append(unit_id)
        for task_id, titles in self.story.milestones.items():
            task = self.tasks.get(task_id)
            if task is None or not owners.get(task_id):
                continue
            for year in range(self.first_start.year + 1, self.today.year + 1):
                for i in range(2):
                    rng = self.rng("milestone", task.number, year, i)
                    owner = owners[task_id][(year + i) % len(owners[task_id])]
                    deadline = dt.date(year, 6, 30) if i == 0 else dt.date(year, 12, 31)
                    milestone = Record(
                        id=self.w[Milestone].new_id(),
                        task_id=task_id,
                        year=year,
                        title=titles[(2 * year + i) % len(titles)].format(n=rng.randint(2, 30)),
                        owner_id=owner,
                        deadline=deadline,
                        done_on=None,
                        done_report_id=None,
                        is_demo=True,
                    )
                    self.milestones.append(milestone)
                    self.counts["milestones"] += 1
                    if rng.random() >= 0.88:
                        continue  # missed
                    due = [i for i, p in enumerate(self.periods) if p.due_date <= deadline]
                    if not due:
                        continue
                    index = due[-1] + (1 if rng.random() < 0.12 else 0)
                    if index < len(self.periods):
                        self.ticks[(self.periods[index].pk, task_id, owner)].append(milestone)

    def report(self, period: Period, task: Task, unit_id: int, role: str) -> None:
        rng = self.rng("report", period.start, task.number, self.units.get(unit_id))
        slow = unit_id in self.story.slow_units
        since = self.story.stragglers.get((unit_id, task.pk))
        if since is not None and period.end >= since:
            self.counts["missing"] += 1
            return
        if rng.random() < (self.pace.missing_slow if slow else self.pace.missing):
            self.counts["missing"] += 1
            return
        late = rng.random() < (self.pace.late_slow if slow else self.pace.late)
        if late:
            first = period.due_date + dt.timedelta(
                days=rng.randint(1, 3 if rng.random() < 0.5 else 14)
            )
        else:
            first = period.due_date - dt.timedelta(days=rng.randint(0, 9))
        first_at = at_time(first, rng)
        if first_at > self.now:
            self.counts["missing"] += 1  # not sent yet
            return
        if late:
            self.counts["late"] += 1
        nothing_new = rng.random() < (0.18 if role == IMPLICIT else 0.04)
        expected = self.expected(task, period.end)
        if task.pk in self.story.lagging_tasks:
            factor = rng.uniform(0.72, 0.92)
        else:
            factor = rng.uniform(0.97, 1.15) if rng.random() < 0.93 else rng.uniform(0.86, 0.97)
        assesses = role == LEAD or rng.random() < (0.6 if role == COOPERATING else 0.15)
        progress = min(100, round(expected * factor)) if assesses else None
        returns = 0
        roll = rng.random()
        if not nothing_new and roll < 0.06:
            returns = 2 if roll < 0.008 else 1
        reporter, approver, office = (
            self.cast.reporter.get(unit_id),
            self.approver(unit_id),
            self.cast.office,
        )
        steps = [
            Step(DRAFT, first_at - dt.timedelta(days=3, hours=rng.randint(0, 5)), reporter),
            Step(SUBMITTED, first_at, approver),
        ]
        at = first_at
        for _ in range(returns):
            at = at + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
            steps.append(Step(RETURNED, at, office, rng.choice(RETURN_COMMENTS)))
            # The last return of the most recent period may still wait for the unit.
            if period is self.recent and rng.random() < 0.5:
                break
            at = at + dt.timedelta(days=rng.randint(1, 5))
            steps.append(Step(SUBMITTED, at, approver))
        steps = self.approve(period, task, steps, rng)
        values = {
            "work_done": "" if nothing_new else self.text(unit_id, task, rng),
            "problems": "" if nothing_new else rng.choice(PROBLEMS),
            "next_steps": "" if nothing_new else rng.choice(NEXT_STEPS),
            "self_status": self_status(progress, expected),
            "progress_pct": progress,
            "nothing_new": nothing_new,
        }
        figures = []
        figure = self.story.figures.get(task.pk)
        if figure is not None and role == LEAD and not nothing_new:
            label, measure, code, base = figure
            growth = (period.end.year - 2022) * 4 + (period.end.month - 1) // 3
            value = round(base * (1 + 0.04 * growth) * rng.uniform(0.97, 1.03), 2)
            figures.append(
                {
                    "label": label,
                    "value": Decimal(str(value)),
                    "unit_of_measure": measure,
                    "indicator_code": code,
                }
            )
        report = report_rows(
            self.w,
            period_id=period.pk,
            task_id=task.pk,
            unit_id=unit_id,
            values=values,
            steps=self.until_now(steps),
            figures=figures,
            milestones=self.ticks.get((period.pk, task.pk, unit_id), ()),
        )
        self.counts[str(report.status)] += 1

    def approve(self, period: Period, task: Task, steps: list[Step], rng) -> list[Step]:
        """The office's approval of a report signed off in `period`: with its task's
        consolidation, which approves every report still submitted at that moment (as
        consolidation_approve does); on its own for a report sent after it, or for a task
        without a lead unit."""
        individually = at_time(period.due_date + dt.timedelta(days=rng.randint(6, 20)), rng)
        pending = period is self.recent and rng.random() < 0.25
        if self.leads.get(task.pk):
            approval = self.consolidation(period, task)
            if approval is None:
                return steps  # the consolidation still waits for review
            state = None
            for index, step in enumerate(steps):
                if step.at > approval:
                    if state == SUBMITTED:
                        return [*steps[:index], Step(APPROVED, approval, self.cast.office)]
                    break
                state = step.event
            else:
                if state == SUBMITTED:
                    return [*steps, Step(APPROVED, approval, self.cast.office)]
            individually = steps[-1].at + dt.timedelta(days=rng.randint(1, 5))
        if steps[-1].event != SUBMITTED or pending:
            return steps
        at = max(steps[-1].at + dt.timedelta(hours=1), individually)
        return [*steps, Step(APPROVED, at, self.cast.office)]

    def consolidation(self, period: Period, task: Task) -> dt.datetime | None:
        """Write the task's consolidation for the period (once) and return when the office
        approved it (None: not yet)."""
        key = (period.pk, task.pk)
        if key in self.approvals:
            return self.approvals[key]
        rng = self.rng("consolidation", period.start, task.number)
        author = self.leads[task.pk][0]
        writer = self.cast.reporter.get(author)
        office = self.cast.office
        submitted = at_time(period.due_date + dt.timedelta(days=rng.randint(1, 6)), rng)
        steps = [
            Step(DRAFT, submitted - dt.timedelta(days=1), writer),
            Step(SUBMITTED, submitted, writer),
        ]
        if rng.random() < 0.05:
            steps.append(
                Step(
                    RETURNED, submitted + dt.timedelta(days=2), office, rng.choice(RETURN_COMMENTS)
                )
            )
            steps.append(Step(SUBMITTED, submitted + dt.timedelta(days=5), writer))
        if not (period is self.recent and rng.random() < 0.3):
            steps.append(
                Step(APPROVED, steps[-1].at + dt.timedelta(days=rng.randint(3, 12)), office)
            )
        steps = self.until_now(steps)
        self.approvals[key] = steps[-1].at if steps[-1].event == APPROVED else None
        if not any(s.event == SUBMITTED for s in steps):
            self.approvals[key] = None
            return None
        expected = self.expected(task, period.end)
        if task.pk in self.story.lagging_tasks:
            factor = rng.uniform(0.7, 0.9)
        else:
            factor = rng.uniform(0.95, 1.08)
        action = rng.choice(ACTIONS).format(n=rng.randint(2, 9), m=rng.randint(3, 30))
        consolidation_rows(
            self.w,
            period_id=period.pk,
            task_id=task.pk,
            unit_id=author,
            values={
                "summary": f"牵头单位{self.units.get(author, '')}汇总：本季度各责任单位围绕"
                f"“{task.title}”扎实推进各项工作，{action}。",
                "problems": rng.choice(PROBLEMS),
                "next_steps": rng.choice(NEXT_STEPS),
                "self_status": SelfStatus.ON_TRACK if factor >= 0.95 else SelfStatus.BEHIND,
                "progress_pct": min(100, int(expected * factor)),
            },
            steps=steps,
        )
        self.counts["consolidations"] += 1
        return self.approvals[key]

    def draft(self, period: Period, task: Task, unit_id: int, rng: random.Random) -> None:
        """A report of the period in progress, saved a few times and not yet sent."""
        last = at_time(min(self.today, period.end), rng)
        saves = rng.randint(1, 5)
        steps = [
            Step(DRAFT, last - dt.timedelta(days=saves - i), self.cast.reporter.get(unit_id))
            for i in range(saves)
        ]
        report_rows(
            self.w,
            period_id=period.pk,
            task_id=task.pk,
            unit_id=unit_id,
            values={"work_done": self.text(unit_id, task, rng)},
            steps=self.until_now(steps) or steps[:1],
        )
        self.counts["drafts"] += 1


def self_status(progress: int | None, expected: float) -> str:
    """How a unit judges its own progress against the expected progress."""
    if progress is None:
        return ""
    if progress >= 100:
        return SelfStatus.DONE
    ratio = progress / expected * 100 if expected else 100
    if ratio >= 95:
        return SelfStatus.ON_TRACK
    if ratio >= 85:
        return SelfStatus.BEHIND
    return SelfStatus.OFF_TRACK
