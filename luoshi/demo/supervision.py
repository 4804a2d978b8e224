"""Demo: a realistic supervision history for the Suining plan (marked as demo).

A quarterly cycle from 2022 Q3; every quarter already due has its reports: most units on
time, some late, a few missing, some returned once (rarely twice) and approved after
revision; the lead units' consolidations; milestones (工作要点) for several tasks, a few
missed; a leader's instruction with the units' answers; a unit that stayed red and got a
blue, then a yellow 督办单; and an ad-hoc round (专项督查) due in a few days.

The reports, consolidations and milestones come from the history generator the scale
data also uses (luoshi/demo/history.py), which builds every state through the rules the
supervision services use. History is relative to today: quarters due before today are
filled in; the quarter in progress has a few drafts. The audit trail does not list it.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.core.roles import Role
from luoshi.demo import history
from luoshi.demo.gen.writer import BulkWriter
from luoshi.demo.history import at_time
from luoshi.demo.rows import DRAFT, SUBMITTED, Step, report_rows
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import services
from luoshi.supervision.models import (
    Consolidation,
    Instruction,
    InstructionAnswer,
    Notification,
    Period,
    SupervisionNotice,
    UnitReport,
)
from luoshi.supervision.notifications import period_params
from luoshi.supervision.services.notify import office_users, unit_users

TITLE = "遂宁市增强协同创新发展能力行动方案"
REGION = "遂宁市"
SEED = "luoshi-suining-2022"
FIRST_PERIOD = dt.date(2022, 7, 1)
TARGET_DATE = dt.date(2025, 12, 31)

# Units that report late more often (by short name) and one that keeps missing task 12.
SLOW_UNITS = {"市经济合作局", "市外事办", "蓬溪县政府"}
STRAGGLER = ("市经济合作局", "12")
STRAGGLING_FROM = dt.date(2026, 1, 1)
# Tasks that fall behind the steady pace the 2025 deadline implies.
LAGGING_TASKS = {"10", "20", "24"}
# The lead unit's figure on a task: (label, unit of measure, indicator code, base value).
FIGURES = {
    "8": ("国家高新技术企业", "家", "gxqy", 120.0),
    "11": ("科技型中小企业入库", "家", "kjxzx", 380.0),
    "17": ("技术合同认定登记额", "亿元", "jshtdj", 4.5),
    "18": ("科技贷款发放额", "亿元", "kjdk", 6.0),
}
MILESTONES = {
    "5": ["建成省级以上创新平台{n}个", "完成重点实验室建设方案"],
    "7": ["大型科研仪器共享平台上线", "共享仪器达到{n}台（套）"],
    "8": ["高新技术企业认定申报不少于{n}家", "落实研发费用加计扣除政策培训"],
    "11": ["科技型中小企业入库{n}家", "开展企业创新能力评价"],
    "18": ["“天府科创贷”发放不少于{n}亿元", "设立知识产权质押风险补偿资金池"],
    "24": ["出台科技体制改革实施方案", "开展“揭榜挂帅”项目{n}项"],
}


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
    """The generated history of the plan, then the demo's own story on top of it."""

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
        self.past = [p for p in self.periods if p.due_date < today]
        self.recent = self.past[-1] if self.past else None
        self.writer = BulkWriter(tuned=False)
        history.register(self.writer)

    def rng(self, *parts) -> random.Random:
        return random.Random(":".join([SEED, *map(str, parts)]))

    def user(self, unit_id: int, role: str) -> User | None:
        return self.users.get((unit_id, role)) or self.users.get((unit_id, Role.REPORTER))

    def user_id(self, unit_id: int, role: str) -> int | None:
        user = self.user(unit_id, role)
        return user.pk if user else None

    def cast(self) -> history.Cast:
        return history.Cast(
            reporter={
                unit: u.pk for (unit, role), u in self.users.items() if role == Role.REPORTER
            },
            approver={
                unit: u.pk for (unit, role), u in self.users.items() if role == Role.APPROVER
            },
            office=self.office.pk if self.office else None,
        )

    def story(self) -> history.Story:
        by_number = self.task_by_number
        units = {str(a.unit): a.unit_id for a in self.assignments}
        straggler, number = STRAGGLER
        return history.Story(
            slow_units={units[name] for name in SLOW_UNITS if name in units},
            lagging_tasks={by_number[n].pk for n in LAGGING_TASKS if n in by_number},
            figures={by_number[n].pk: f for n, f in FIGURES.items() if n in by_number},
            milestones={by_number[n].pk: t for n, t in MILESTONES.items() if n in by_number},
            stragglers={(units[straggler], by_number[number].pk): STRAGGLING_FROM}
            if straggler in units and number in by_number
            else {},
        )

    def build(self) -> None:
        history.PlanHistory(
            self.writer,
            self.plan,
            seed=SEED,
            today=self.today,
            cast=self.cast(),
            pace=history.DEMO_PACE,
            story=self.story(),
            target_date=TARGET_DATE,
        ).build()
        self.adhoc_round()
        self.writer.close()
        self.instruction(self.past)
        self.notices(self.past)
        self.inbox()

    def text(self, a: Assignment, rng: random.Random) -> str:
        return (
            f"{a.unit}围绕“{a.task.title}”："
            + rng.choice(history.ACTIONS).format(n=rng.randint(1, 8), m=rng.randint(2, 40))
            + "。"
        )

    # -- instruction, notices, ad-hoc round, inbox -------------------------------------------

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
            created_at=at_time(asked_in.due_date + dt.timedelta(days=20), random.Random(SEED)),
        )
        instruction.units.set(units)
        answers = []
        for r in UnitReport.objects.filter(
            period=answered_in, task=task, unit__in=units, status__in=UnitReport.SENT
        ).select_related("unit", "updated_by"):
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
        first_at = at_time(red[1].red_after + dt.timedelta(days=5), random.Random(SEED))
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
            second_at = at_time(red[-1].red_after + dt.timedelta(days=5), random.Random(SEED + "2"))
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
        for a in self.assignments:
            if a.task_id not in {t.pk for t in tasks}:
                continue
            rng = self.rng("adhoc", a.task.number, a.unit_id)
            if rng.random() < 0.45:
                at = at_time(self.today - dt.timedelta(days=rng.randint(0, 6)), rng)
                report_rows(
                    self.writer,
                    period_id=period.pk,
                    task_id=a.task_id,
                    unit_id=a.unit_id,
                    values={"work_done": self.text(a, rng)},
                    steps=[
                        Step(
                            DRAFT,
                            at - dt.timedelta(hours=2),
                            self.user_id(a.unit_id, Role.REPORTER),
                        ),
                        Step(SUBMITTED, at, self.user_id(a.unit_id, Role.APPROVER)),
                    ],
                )

    def inbox(self) -> None:
        """A few unread notifications, as the latest events would have left them."""
        rows = []
        for r in UnitReport.objects.filter(
            period=self.recent, status=UnitReport.Status.RETURNED
        ).select_related("task", "unit"):
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
