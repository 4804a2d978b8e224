"""A plan's supervision history, written row by row through the bulk writer.

The rows are built in the states the supervision services produce (see
luoshi/supervision/demo.py, which does the same for the demo with bulk_create): a
version for every submission, return and approval, a review for every return and
approval, consolidations by the lead unit, milestones ticked off through a report.
Per period most units report on time, some late, ~5% not at all; some reports are
returned once (rarely twice) and approved after revision; the most recent period still
has reports awaiting review and returns awaiting the unit; the period in progress has
a few drafts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from luoshi.demo.gen.names import ACTIONS, MILESTONE_TITLES, NEXT_STEPS, PROBLEMS, RETURN_COMMENTS
from luoshi.demo.gen.scales import rng_for
from luoshi.demo.gen.writer import BulkWriter, to_json
from luoshi.plans.models import Assignment, Plan, Task
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
IMPLICIT = Assignment.Role.IMPLICIT
FIGURES = [
    ("国家高新技术企业", "家", "hightech_enterprises", 120.0),
    ("科技型中小企业入库", "家", "tech_smes", 380.0),
    ("技术合同认定登记额", "亿元", "tech_contract_amount", 4.5),
]


BULK_MODELS = [UnitReport, Consolidation, ReportVersion, Review, ReportQuantity, Milestone]


def register(writer: BulkWriter) -> None:
    """Register the tables parents-first (see BulkWriter)."""
    for model in BULK_MODELS:
        writer[model]


@dataclass
class Users:
    reporter: dict[int, int]  # unit id -> user id
    approver: dict[int, int]
    office: int | None


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=TZ
    )


def _status_for(progress: int | None, expected: float) -> str:
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


def _expected(start: dt.date, day: dt.date, end: dt.date) -> float:
    if day >= end:
        return 100.0
    if day <= start:
        return 0.0
    return 100.0 * (day - start).days / (end - start).days


class PlanHistory:
    def __init__(
        self,
        writer: BulkWriter,
        plan: Plan,
        *,
        seed: int,
        today: dt.date,
        users: Users,
        slow_units: set[int],
        target_date: dt.date,
    ):
        self.w = writer
        self.plan = plan
        self.seed = seed
        self.today = today
        self.users = users
        self.slow_units = slow_units
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
        self.periods = list(
            Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR).order_by("start")
        )
        self.past = [p for p in self.periods if p.due_date < today]
        self.current = [p for p in self.periods if p.start <= today <= p.due_date]
        self.first_start = self.periods[0].start if self.periods else today
        self.key = f"{plan.region}:{plan.title}"
        rng = rng_for(seed, "plan", self.key)
        numbers = sorted(self.tasks.values(), key=lambda t: t.order)
        self.lagging = {t.pk for t in rng.sample(numbers, min(3, len(numbers)))}
        self.milestone_tasks = [t for t in numbers if rng.random() < 0.25]
        self.figure_tasks = {t.pk: FIGURES[i % len(FIGURES)] for i, t in enumerate(numbers[:3])}
        self.sent: dict[tuple[int, int, int], int] = {}  # (period, task, unit) -> report id
        self.counts: dict[str, int] = defaultdict(int)

    def cells(self) -> int:
        return len(self.assignments) * (len(self.past) + len(self.current))

    # -- writing --------------------------------------------------------------------

    def build(self, progress=None) -> None:
        recent = self.past[-1] if self.past else None
        for index, period in enumerate(self.past):
            rng = rng_for(self.seed, "reports", self.key, index)
            for task_id, unit_id, role in self.assignments:
                self.report(period, task_id, unit_id, role, rng, recent=period is recent)
            self.consolidations(period, rng, recent=period is recent)
            if progress:
                progress.advance(len(self.assignments))
        for period in self.current:
            rng = rng_for(self.seed, "drafts", self.key, period.start)
            for task_id, unit_id, _role in self.assignments:
                if rng.random() < 0.12:
                    self.draft(period, task_id, unit_id, rng)
            if progress:
                progress.advance(len(self.assignments))
        self.milestones()

    def text(self, task: Task, rng: random.Random) -> str:
        lines = [
            rng.choice(ACTIONS).format(n=rng.randint(1, 8), m=rng.randint(2, 40))
            for _ in range(rng.randint(1, 3))
        ]
        return f"围绕“{task.title}”：" + "；".join(lines) + "。"

    def draft(self, period: Period, task_id: int, unit_id: int, rng: random.Random) -> None:
        at = _at(min(self.today, period.end), rng)
        self.w[UnitReport].add(
            period_id=period.pk,
            task_id=task_id,
            unit_id=unit_id,
            status=UnitReport.Status.DRAFT,
            work_done=self.text(self.tasks[task_id], rng),
            version=rng.randint(2, 9),
            updated_by_id=self.users.reporter.get(unit_id),
            created_at=at - dt.timedelta(days=2),
            updated_at=at,
            is_demo=True,
        )
        self.counts["drafts"] += 1

    def report(
        self,
        period: Period,
        task_id: int,
        unit_id: int,
        role: str,
        rng: random.Random,
        *,
        recent: bool,
    ) -> None:
        task = self.tasks[task_id]
        slow = unit_id in self.slow_units
        if rng.random() < (0.15 if slow else 0.045):
            self.counts["missing"] += 1
            return
        late = rng.random() < (0.30 if slow else 0.08)
        if late:
            first = period.due_date + dt.timedelta(
                days=rng.randint(1, 3 if rng.random() < 0.5 else 14)
            )
            self.counts["late"] += 1
        else:
            first = period.due_date - dt.timedelta(days=rng.randint(0, 9))
        first_at = _at(first, rng)
        nothing_new = rng.random() < (0.18 if role == IMPLICIT else 0.04)
        expected = _expected(self.first_start, period.end, task.deadline_date or self.target_date)
        factor = rng.uniform(0.7, 0.92) if task_id in self.lagging else rng.uniform(0.93, 1.12)
        progress = None
        if role != IMPLICIT or rng.random() < 0.5:
            progress = max(0, min(100, int(expected * factor)))
        returns = 0
        roll = rng.random()
        if not nothing_new and roll < 0.06:
            returns = 2 if roll < 0.008 else 1
        events: list[tuple[str, dt.datetime, str]] = [("submitted", first_at, "")]
        at = first_at
        for _ in range(returns):
            at = at + dt.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
            events.append(("returned", at, rng.choice(RETURN_COMMENTS)))
            if recent and rng.random() < 0.5:
                break  # the unit has not resubmitted yet
            at = at + dt.timedelta(days=rng.randint(1, 5))
            events.append(("submitted", at, ""))
        state = events[-1][0]
        approved_at = None
        if state == "submitted" and not (recent and rng.random() < 0.25):
            approved_at = max(at, _at(period.due_date + dt.timedelta(days=rng.randint(6, 20)), rng))
            events.append(("approved", approved_at, ""))
            state = "approved"
        work_done = "" if nothing_new else self.text(task, rng)
        problems = "" if nothing_new else rng.choice(PROBLEMS)
        next_steps = "" if nothing_new else rng.choice(NEXT_STEPS)
        self_status = _status_for(progress, expected)
        submitted_at = max(e[1] for e in events if e[0] == "submitted")
        returned_at = max((e[1] for e in events if e[0] == "returned"), default=None)
        return_comment = next((e[2] for e in reversed(events) if e[0] == "returned"), "")
        approver = self.users.approver.get(unit_id)
        report_id = self.w[UnitReport].add(
            period_id=period.pk,
            task_id=task_id,
            unit_id=unit_id,
            status=state,
            work_done=work_done,
            problems=problems,
            next_steps=next_steps,
            self_status=self_status,
            progress_pct=progress,
            nothing_new=nothing_new,
            milestones_done=[],
            version=len(events) * 2 + 1,
            return_count=sum(1 for e in events if e[0] == "returned"),
            first_submitted_at=first_at,
            submitted_at=submitted_at,
            signed_by_id=approver,
            returned_at=returned_at,
            return_comment=return_comment,
            approved_at=approved_at,
            created_at=first_at - dt.timedelta(days=3),
            updated_at=events[-1][1],
            updated_by_id=self.users.reporter.get(unit_id),
            is_demo=True,
        )
        self.counts[state] += 1
        self.sent[(period.pk, task_id, unit_id)] = report_id
        content = {
            "work_done": work_done,
            "problems": problems,
            "next_steps": next_steps,
            "self_status": self_status,
            "progress_pct": progress,
            "nothing_new": nothing_new,
            "quantities": [],
            "attachments": [],
            "answers": {},
        }
        figure = self.figure_tasks.get(task_id) if role == LEAD and not nothing_new else None
        if figure is not None:
            label, uom, code, base = figure
            quarter_index = (period.end.year - 2022) * 4 + (period.end.month - 1) // 3
            value = round(base * (1 + 0.04 * quarter_index) * rng.uniform(0.97, 1.03), 2)
            self.w[ReportQuantity].add(
                report_id=report_id,
                label=label,
                value=value,
                unit_of_measure=uom,
                indicator_code=code,
                order=0,
            )
            content["quantities"] = [
                {
                    "label": label,
                    "value": str(value),
                    "unit_of_measure": uom,
                    "indicator_code": code,
                }
            ]
        versions = self.w[ReportVersion]
        reviews = self.w[Review]
        content = to_json(content)
        for number, (event, when, comment) in enumerate(events, start=1):
            by_office = event in ("returned", "approved")
            versions.add(
                report_id=report_id,
                consolidation_id=None,
                number=number,
                event=event,
                content=content,
                comment=comment,
                created_at=when,
                created_by_id=self.users.office if by_office else approver,
            )
            if by_office:
                reviews.add(
                    report_id=report_id,
                    consolidation_id=None,
                    decision="return" if event == "returned" else "approve",
                    comment=comment,
                    reviewer_id=self.users.office,
                    at=when,
                )

    def consolidations(self, period: Period, rng: random.Random, *, recent: bool) -> None:
        leads: dict[int, int] = {}
        for task_id, unit_id, role in self.assignments:
            if role == LEAD:
                leads.setdefault(task_id, unit_id)
        for task_id, author in leads.items():
            task = self.tasks[task_id]
            submitted = _at(period.due_date + dt.timedelta(days=rng.randint(1, 6)), rng)
            returned = rng.random() < 0.05
            pending = recent and rng.random() < 0.3
            events = [("submitted", submitted, "")]
            if returned:
                events.append(
                    ("returned", submitted + dt.timedelta(days=2), rng.choice(RETURN_COMMENTS))
                )
                events.append(("submitted", submitted + dt.timedelta(days=5), ""))
            if not pending:
                events.append(
                    ("approved", events[-1][1] + dt.timedelta(days=rng.randint(3, 12)), "")
                )
            expected = _expected(
                self.first_start, period.end, task.deadline_date or self.target_date
            )
            factor = rng.uniform(0.7, 0.9) if task_id in self.lagging else rng.uniform(0.95, 1.08)
            progress = max(0, min(100, int(expected * factor)))
            summary = (
                f"本季度各责任单位围绕“{task.title}”扎实推进各项工作，"
                f"{rng.choice(ACTIONS).format(n=rng.randint(2, 9), m=rng.randint(3, 30))}。"
            )
            problems, next_steps = rng.choice(PROBLEMS), rng.choice(NEXT_STEPS)
            self_status = SelfStatus.ON_TRACK if factor >= 0.95 else SelfStatus.BEHIND
            state = events[-1][0]
            submitter = self.users.reporter.get(author)
            cid = self.w[Consolidation].add(
                period_id=period.pk,
                task_id=task_id,
                author_unit_id=author,
                status=state,
                summary=summary,
                problems=problems,
                next_steps=next_steps,
                self_status=self_status,
                progress_pct=progress,
                version=len(events) * 2 + 1,
                return_count=1 if returned else 0,
                first_submitted_at=submitted,
                submitted_at=max(e[1] for e in events if e[0] == "submitted"),
                submitted_by_id=submitter,
                returned_at=events[1][1] if returned else None,
                return_comment=events[1][2] if returned else "",
                approved_at=events[-1][1] if state == "approved" else None,
                created_at=submitted - dt.timedelta(days=1),
                updated_at=events[-1][1],
                updated_by_id=submitter,
                is_demo=True,
            )
            self.counts["consolidations"] += 1
            content = {
                "summary": summary,
                "problems": problems,
                "next_steps": next_steps,
                "self_status": self_status,
                "progress_pct": progress,
                "attachments": [],
            }
            content = to_json(content)
            for number, (event, when, comment) in enumerate(events, start=1):
                self.w[ReportVersion].add(
                    report_id=None,
                    consolidation_id=cid,
                    number=number,
                    event=event,
                    content=content,
                    comment=comment,
                    created_at=when,
                    created_by_id=submitter if event == "submitted" else self.users.office,
                )
                if event != "submitted":
                    self.w[Review].add(
                        report_id=None,
                        consolidation_id=cid,
                        decision="return" if event == "returned" else "approve",
                        comment=comment,
                        reviewer_id=self.users.office,
                        at=when,
                    )

    def milestones(self) -> None:
        owners: dict[int, list[int]] = defaultdict(list)
        for task_id, unit_id, role in self.assignments:
            if role == LEAD:
                owners[task_id].insert(0, unit_id)
            elif role == IMPLICIT and len(owners[task_id]) < 3:
                owners[task_id].append(unit_id)
        first_year = self.first_start.year + 1
        for task in self.milestone_tasks:
            if not owners.get(task.pk):
                continue
            for year in range(first_year, self.today.year + 1):
                for i in range(2):
                    rng = rng_for(self.seed, "milestone", self.key, task.number, year, i)
                    owner = owners[task.pk][(year + i) % len(owners[task.pk])]
                    deadline = dt.date(year, 6, 30) if i == 0 else dt.date(year, 12, 31)
                    done_on = None
                    if deadline < self.today + dt.timedelta(days=40) and rng.random() < 0.88:
                        done_on = deadline - dt.timedelta(days=rng.randint(-10, 40))
                        if done_on > self.today:
                            done_on = None
                    report_id = None
                    if done_on is not None:
                        period = next(
                            (p for p in self.periods if p.start <= done_on <= p.end), None
                        )
                        if period is not None:
                            report_id = self.sent.get((period.pk, task.pk, owner))
                    title = MILESTONE_TITLES[(year + i + int(task.order)) % len(MILESTONE_TITLES)]
                    self.w[Milestone].add(
                        task_id=task.pk,
                        year=year,
                        title=title.format(n=rng.randint(2, 12)),
                        owner_id=owner,
                        deadline=deadline,
                        done_on=done_on,
                        done_report_id=report_id,
                        is_demo=True,
                    )
                    self.counts["milestones"] += 1
