"""Reads for supervision pages. Each takes the viewer, applies permissions, and loads what
its page needs in a fixed number of queries (no per-row or per-cell queries)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Assignment, Plan, Section, Task
from luoshi.supervision import diffs, lights, permissions, queries, scoring
from luoshi.supervision.models import (
    Consolidation,
    Instruction,
    InstructionAnswer,
    Milestone,
    Period,
    ReportVersion,
    SupervisionNotice,
    UnitReport,
)
from luoshi.supervision.notifications import render

TODO_LOOKBACK_DAYS = 90


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# -- plans and periods ------------------------------------------------------------------


def supervised_plans(viewer) -> list[Plan]:
    """Plans with a reporting cycle whose overview the viewer may open, newest first."""
    return list(
        permissions.plans_visible_to(viewer)
        .filter(reporting_cycle__isnull=False)
        .select_related("reporting_cycle", "coordinating_unit", "region")
        .order_by("-issued_on", "-id")
    )


def pick_plan(viewer, plan_id: int | None, plans: list[Plan] | None = None) -> Plan | None:
    """The plan asked for (404 when not visible), else the newest active one."""
    plans = supervised_plans(viewer) if plans is None else plans
    if plan_id:
        for plan in plans:
            if plan.pk == plan_id:
                return plan
        raise NotFound()
    active = [p for p in plans if p.status == Plan.Status.ACTIVE]
    return (active or plans or [None])[0]


def get_plan_for_office(viewer, plan_id: int) -> Plan:
    try:
        plan = Plan.objects.select_related("region", "coordinating_unit").get(pk=plan_id)
    except Plan.DoesNotExist as exc:
        raise NotFound() from exc
    if not permissions.can_manage_cycle(viewer, plan) and not permissions.can_view_overview(
        viewer, plan
    ):
        raise NotFound()
    return plan


def get_task(viewer, task_id: int) -> Task:
    if not permissions.has_any_role(viewer):
        raise NotFound()
    try:
        return Task.objects.select_related(
            "plan", "section", "plan__coordinating_unit", "plan__region", "plan__reporting_cycle"
        ).get(pk=task_id)
    except Task.DoesNotExist as exc:
        raise NotFound() from exc


def cycle_page(viewer, plan: Plan) -> dict[str, Any]:
    periods = list(
        Period.objects.filter(plan=plan)
        .annotate(
            sent=Count("reports", filter=Q(reports__status__in=UnitReport.SENT)),
        )
        .order_by("-due_date", "-id")
    )
    return {
        "plan": plan,
        "cycle": queries.cycle_of(plan),
        "periods": periods,
        "tasks": list(Task.objects.filter(plan=plan, active=True).order_by("order", "id")),
        "can_manage": permissions.can_manage_cycle(viewer, plan),
    }


# -- a unit's to-do ---------------------------------------------------------------------


@dataclass
class TodoItem:
    kind: (
        str  # overdue, due, returned, sign_off, draft, consolidate, milestone, notice, instruction
    )
    due: dt.date | None
    title: str
    url: str
    period: Period | None = None
    task: Task | None = None
    light: lights.Light | None = None
    detail: str = ""


def todo(viewer, today: dt.date | None = None) -> dict[str, Any]:
    """What the viewer's unit has to do, in deadline order.

    Queries: assignments with tasks and plans (1), periods (1), the unit's reports (1),
    consolidations of tasks it leads (1), milestones (1), open notices (1), instructions
    waiting for its answer (1), the unit's milestones for lights (1)."""
    today = _today(today)
    items: list[TodoItem] = []
    if not permissions.has_unit_todo(viewer):
        return {"items": items, "counts": {}, "today": today}
    unit_id = viewer.unit_id
    signs_off = permissions.signs_off_reports(viewer)
    assignments = list(
        Assignment.objects.filter(
            unit_id=unit_id, active=True, task__active=True, task__plan__status=Plan.Status.ACTIVE
        )
        .select_related("task", "task__plan", "task__plan__reporting_cycle")
        # The to-do shows a task's number and title, never its text.
        .defer("task__text", "task__units_raw")
        .order_by("task__plan_id", "task__order")
    )
    _report_edit_url = _report_edit_urls()
    by_plan: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_plan[a.task.plan_id].append(a)
    periods = (
        list(
            Period.objects.filter(
                plan_id__in=list(by_plan),
                start__lte=today,
                due_date__gte=today - dt.timedelta(days=TODO_LOOKBACK_DAYS),
            )
            .prefetch_related("tasks")
            .order_by("due_date", "id")
        )
        if by_plan
        else []
    )
    reports = {
        (r.period_id, r.task_id): r
        for r in UnitReport.objects.filter(unit_id=unit_id, period__in=periods).only(
            "id",
            "period_id",
            "task_id",
            "status",
            "return_comment",
            "first_submitted_at",
            "return_count",
            "progress_pct",
            "nothing_new",
            "unit_id",
        )
    }
    # Returned reports stay on the list whatever their period's age.
    for r in (
        UnitReport.objects.filter(unit_id=unit_id, status=UnitReport.Status.RETURNED)
        .exclude(period__in=periods)
        .select_related("period", "task")
    ):
        items.append(
            TodoItem(
                "returned",
                r.period.due_date,
                str(r.task),
                _report_edit_url(r.period_id, r.task_id),
                r.period,
                r.task,
                detail=r.return_comment,
            )
        )
    lead_tasks = {a.task_id for a in assignments if a.role == Assignment.Role.LEAD}
    consolidations = {
        (c.period_id, c.task_id): c
        for c in Consolidation.objects.filter(period__in=periods, task_id__in=lead_tasks).only(
            "id", "period_id", "task_id", "status", "return_comment"
        )
    }
    milestones = defaultdict(list)
    for m in Milestone.objects.filter(
        owner_id=unit_id, done_on__isnull=True, deadline__lte=today + dt.timedelta(days=60)
    ):
        milestones[m.task_id].append(m)
    for period in periods:
        plan_assignments = by_plan.get(period.plan_id, [])
        selected = {t.pk for t in period.tasks.all()} if period.is_adhoc else None
        for a in plan_assignments:
            if selected is not None and a.task_id not in selected:
                continue
            r = reports.get((period.pk, a.task_id))
            status = r.status if r else None
            url = _report_edit_url(period.pk, a.task_id)
            light = _todo_light(period, a, r, milestones, today)
            if status == UnitReport.Status.RETURNED:
                items.append(
                    TodoItem(
                        "returned",
                        period.due_date,
                        str(a.task),
                        url,
                        period,
                        a.task,
                        light,
                        r.return_comment,
                    )
                )
            elif status == UnitReport.Status.PENDING:
                kind = "sign_off" if signs_off else "pending"
                items.append(
                    TodoItem(kind, period.due_date, str(a.task), url, period, a.task, light)
                )
            elif status not in UnitReport.SENT:
                kind = "overdue" if today > period.due_date else "due"
                items.append(
                    TodoItem(
                        kind,
                        period.due_date,
                        str(a.task),
                        url,
                        period,
                        a.task,
                        light,
                        "draft" if r else "",
                    )
                )
            if a.task_id in lead_tasks and period.due_date >= today - dt.timedelta(
                days=TODO_LOOKBACK_DAYS
            ):
                c = consolidations.get((period.pk, a.task_id))
                if c is None or c.status in Consolidation.EDITABLE:
                    items.append(
                        TodoItem(
                            "consolidate",
                            period.due_date,
                            str(a.task),
                            reverse("supervision:consolidation", args=[period.pk, a.task_id]),
                            period,
                            a.task,
                            detail=c.return_comment
                            if c and c.status == Consolidation.Status.RETURNED
                            else "",
                        )
                    )
    task_by_id = {a.task_id: a.task for a in assignments}
    for task_id, ms in milestones.items():
        for m in ms:
            if task_id in task_by_id:
                items.append(
                    TodoItem(
                        "milestone",
                        m.deadline,
                        m.title,
                        reverse("supervision:task_timeline", args=[task_id]),
                        task=task_by_id[task_id],
                    )
                )
    for n in SupervisionNotice.objects.filter(
        unit_id=unit_id, status__in=SupervisionNotice.OPEN
    ).select_related("task"):
        items.append(
            TodoItem(
                "notice",
                n.answer_by,
                f"{n.number} · {n.task}",
                reverse("supervision:notice_detail", args=[n.pk]),
                task=n.task,
                detail=n.level,
            )
        )
    answered = InstructionAnswer.objects.filter(unit_id=unit_id, report__status__in=UnitReport.SENT)
    for i in (
        Instruction.objects.filter(units=unit_id, task__active=True)
        .exclude(pk__in=answered.values("instruction_id"))
        .select_related("task")
    ):
        items.append(
            TodoItem(
                "instruction",
                None,
                str(i.task),
                reverse("supervision:task_timeline", args=[i.task_id]),
                task=i.task,
                detail=i.text,
            )
        )
    items.sort(key=lambda i: (i.due or dt.date.max, _KIND_ORDER.get(i.kind, 9)))
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.kind] += 1
    return {"items": items, "counts": dict(counts), "today": today}


_KIND_ORDER = {
    "returned": 0,
    "overdue": 1,
    "sign_off": 2,
    "due": 3,
    "pending": 4,
    "consolidate": 5,
    "notice": 6,
    "milestone": 7,
    "instruction": 8,
}


def _todo_light(
    period: Period, assignment: Assignment, report, milestones, today: dt.date
) -> lights.Light:
    cycle = queries.cycle_of(assignment.task.plan)
    states = [
        lights.MilestoneState(m.title, m.deadline, m.done_on)
        for m in milestones.get(assignment.task_id, [])
    ]
    return lights.cell_light(
        today=today,
        due_date=period.due_date,
        grace_days=period.grace_days,
        status=report.status if report else None,
        return_count=report.return_count if report else 0,
        milestones=states,
        milestones_as_of=min(today, period.due_date),
        thresholds=lights.Thresholds.of(cycle),
    )


def _report_edit_urls():
    """period id, task id -> the report editor's URL, from one reverse() per page: the to-do
    lists hundreds of reports, and reverse() per item cost ~15% of the page."""
    marks = ("7919791979", "3571357135")
    pattern = reverse("supervision:report_edit", args=[int(m) for m in marks])

    def url(period_id: int, task_id: int) -> str:
        return pattern.replace(marks[0], str(period_id)).replace(marks[1], str(task_id))

    return url


# -- one report -------------------------------------------------------------------------


def _report_qs():
    return UnitReport.objects.select_related(
        "period__plan", "task", "unit", "signed_by", "updated_by"
    ).prefetch_related(
        "quantities",
        "attachments",
        Prefetch(
            "instruction_answers", queryset=InstructionAnswer.objects.select_related("instruction")
        ),
    )


def report_editor(
    viewer, period: Period, task: Task, today: dt.date | None = None
) -> dict[str, Any]:
    """The viewer's own unit's report on the task in the period, for editing."""
    today = _today(today)
    unit_role = permissions.unit_role_on_task(viewer, task)
    if unit_role is None or not permissions.task_in_period(task, period):
        raise NotFound()
    report = _report_qs().filter(period=period, task=task, unit_id=viewer.unit_id).first()
    instructions = queries.pending_instructions(task=task, unit_id=viewer.unit_id, report=report)
    answers = {a.instruction_id: a.text for a in report.instruction_answers.all()} if report else {}
    milestones = list(
        Milestone.objects.filter(task=task, owner_id=viewer.unit_id).order_by("deadline")
    )
    data = queries.load(period.plan, [period], task_ids=[task.pk])
    light = queries.light_for(data, period, task, viewer.unit_id, today)
    previous = (
        UnitReport.objects.filter(
            task=task,
            unit_id=viewer.unit_id,
            period__plan=period.plan,
            period__due_date__lt=period.due_date,
            status__in=UnitReport.SENT,
        )
        .select_related("period")
        .order_by("-period__due_date")
        .first()
    )
    editable = report is None or permissions.can_edit_report(viewer, report)
    probe = report or UnitReport(period=period, task=task, unit_id=viewer.unit_id)
    return {
        "period": period,
        "task": task,
        "unit_role": unit_role,
        "report": report,
        "editable": editable and permissions.can_write_report(viewer, period, task, unit_role),
        "can_sign_off": permissions.can_sign_off_report(viewer, probe),
        "can_hand_in": report is not None and permissions.can_hand_in_report(viewer, report),
        "instructions": [(i, answers.get(i.pk, "")) for i in instructions],
        "milestones": milestones,
        "light": light,
        "previous": previous,
        "versions": _with_previous(report.versions.select_related("created_by").order_by("number"))
        if report
        else [],
    }


def report_view(
    viewer, period: Period, task: Task, unit_id: int, today: dt.date | None = None
) -> dict[str, Any]:
    """Any unit's report as the viewer may see it: the content once sent (or to its own unit),
    otherwise only its light. Missing and forbidden both answer 404 when the viewer may not
    even know the task's units."""
    today = _today(today)
    try:
        unit = Unit.objects.get(pk=unit_id)
    except Unit.DoesNotExist as exc:
        raise NotFound() from exc
    assignment = Assignment.objects.filter(task=task, unit=unit, active=True).first()
    if assignment is None or not permissions.task_in_period(task, period):
        raise NotFound()
    plan = period.plan
    own = viewer.unit_id == unit_id
    if not (
        own
        or permissions.can_view_overview(viewer, plan)
        or permissions.unit_role_on_task(viewer, task)
    ):
        raise NotFound()
    report = _report_qs().filter(period=period, task=task, unit=unit).first()
    visible = report is not None and permissions.can_view_report(viewer, report)
    data = queries.load(plan, [period], task_ids=[task.pk])
    light = queries.light_for(data, period, task, unit_id, today)
    reviews = list(report.reviews.select_related("reviewer").order_by("at")) if visible else []
    versions = (
        _with_previous(report.versions.select_related("created_by").order_by("number"))
        if visible
        else []
    )
    return {
        "period": period,
        "task": task,
        "unit": unit,
        "assignment": assignment,
        "report": report if visible else None,
        "status": report.status
        if report and (visible or report.status in UnitReport.SENT)
        else None,
        "light": light,
        "reviews": reviews,
        "versions": versions,
        "own": own,
        "can_review": visible and permissions.can_review_report(viewer, report),
        "can_edit": own and (report is None or permissions.can_edit_report(viewer, report)),
    }


def _with_previous(versions) -> list[tuple[ReportVersion, ReportVersion | None]]:
    """Each version with the one before it, for "changes from the previous version" links."""
    versions = list(versions)
    return list(zip(versions, [None, *versions][: len(versions)], strict=True))


VERSION_FIELDS = [
    "work_done",
    "problems",
    "next_steps",
    "self_status",
    "progress_pct",
    "nothing_new",
    "quantities",
    "attachments",
    "answers",
]
CONSOLIDATION_VERSION_FIELDS = [
    "summary",
    "problems",
    "next_steps",
    "self_status",
    "progress_pct",
    "attachments",
]


def version_diff(viewer, version_a: int, version_b: int) -> dict[str, Any]:
    """Two versions of one report (or consolidation) compared field by field."""
    found = {
        v.pk: v
        for v in ReportVersion.objects.filter(pk__in=[version_a, version_b]).select_related(
            "report__period__plan",
            "report__task",
            "report__unit",
            "consolidation__period__plan",
            "consolidation__task",
        )
    }
    if len(found) != len({version_a, version_b}):
        raise NotFound()
    old, new = (
        sorted(found.values(), key=lambda v: (v.number, v.pk))[0],
        sorted(found.values(), key=lambda v: (v.number, v.pk))[-1],
    )
    if old.report_id != new.report_id or old.consolidation_id != new.consolidation_id:
        raise NotFound()
    if old.report_id:
        if not permissions.can_view_report(viewer, old.report):
            raise NotFound()
        fields = VERSION_FIELDS
    else:
        if not permissions.can_view_consolidation(viewer, old.consolidation):
            raise NotFound()
        fields = CONSOLIDATION_VERSION_FIELDS
    return {
        "old": old,
        "new": new,
        "subject": old.report or old.consolidation,
        "fields": diffs.compare(old.content, new.content, fields),
    }


# -- consolidation ----------------------------------------------------------------------


@dataclass
class Contribution:
    unit: Unit
    role: str
    report: UnitReport | None
    light: lights.Light


def consolidation_page(
    viewer, period: Period, task: Task, today: dt.date | None = None
) -> dict[str, Any]:
    """The lead unit's workspace: every responsible unit's submission side by side, and the
    consolidation. Queries: assignments (1), sent reports with figures/attachments (3),
    the consolidation with versions and attachments (3), light inputs (4)."""
    today = _today(today)
    if not permissions.task_in_period(task, period):
        raise NotFound()
    is_lead = permissions.is_lead_unit(viewer, task)
    office = permissions.can_view_overview(viewer, period.plan)
    consolidation = (
        Consolidation.objects.filter(period=period, task=task)
        .select_related("author_unit", "submitted_by", "period__plan", "task")
        .prefetch_related("attachments")
        .first()
    )
    if not (is_lead or office):
        if consolidation is None or not permissions.can_view_consolidation(viewer, consolidation):
            raise NotFound()
    if consolidation is not None and not is_lead and consolidation.status not in Consolidation.SENT:
        consolidation = None
    data = queries.load(period.plan, [period], task_ids=[task.pk])
    assignments = data.assignments_in(period)
    sent = {
        r.unit_id: r
        for r in _report_qs()
        .filter(period=period, task=task)
        .filter(Q(status__in=UnitReport.SENT) | Q(unit_id=viewer.unit_id))
    }
    order = {Assignment.Role.LEAD: 0, Assignment.Role.COOPERATING: 1, Assignment.Role.IMPLICIT: 2}
    own_role = next((a.role for a in assignments if a.unit_id == viewer.unit_id), None)
    contributions = [
        Contribution(
            a.unit,
            a.role,
            sent.get(a.unit_id),
            queries.light_for(data, period, task, a.unit_id, today),
        )
        for a in sorted(assignments, key=lambda a: (order.get(a.role, 3), a.order))
    ]
    return {
        "period": period,
        "task": task,
        "consolidation": consolidation,
        "contributions": contributions,
        "submitted_count": sum(
            1 for c in contributions if c.report and c.report.status in UnitReport.SENT
        ),
        "is_lead": is_lead,
        "can_edit": is_lead and (consolidation is None or consolidation.editable),
        "can_review": consolidation is not None
        and permissions.can_review_consolidation(viewer, consolidation),
        "reviews": list(consolidation.reviews.select_related("reviewer").order_by("at"))
        if consolidation
        else [],
        "versions": _with_previous(
            consolidation.versions.select_related("created_by").order_by("number")
        )
        if consolidation
        else [],
        "lead_units": [a.unit for a in assignments if a.role == Assignment.Role.LEAD],
        "can_write_own": own_role is not None
        and permissions.can_write_report(viewer, period, task, own_role),
    }


def review_queue(viewer, plan: Plan, period: Period | None = None) -> dict[str, Any]:
    """What waits for the office's review: submitted consolidations, and — grouped by period
    and task — submitted unit reports on tasks whose consolidation has not arrived yet."""
    if not permissions.can_review(viewer, plan):
        raise NotFound()
    consolidations = Consolidation.objects.filter(
        period__plan=plan, status=Consolidation.Status.SUBMITTED
    )
    reports = UnitReport.objects.filter(period__plan=plan, status=UnitReport.Status.SUBMITTED)
    if period is not None:
        consolidations = consolidations.filter(period=period)
        reports = reports.filter(period=period)
    consolidations = list(
        consolidations.select_related("period", "task", "author_unit").order_by("submitted_at")
    )
    waiting_tasks = {(c.period_id, c.task_id) for c in consolidations}
    groups: dict[tuple[int, int], dict] = {}
    for r in reports.select_related("period", "task", "unit").order_by(
        "period__due_date", "task__order", "submitted_at"
    ):
        if (r.period_id, r.task_id) in waiting_tasks:
            continue
        group = groups.setdefault(
            (r.period_id, r.task_id), {"period": r.period, "task": r.task, "reports": []}
        )
        group["reports"].append(r)
    reports = list(groups.values())
    return {"plan": plan, "period": period, "consolidations": consolidations, "reports": reports}


# -- the period overview ----------------------------------------------------------------


@dataclass
class Cell:
    unit: Unit
    role: str
    light: lights.Light
    url: str
    label: str = ""  # "unit：reason", built once (a matrix has hundreds of cells)


@dataclass
class Row:
    task: Task
    cells: list[Cell | None]
    light: lights.Light | None
    consolidation: str | None
    consolidation_url: str


@dataclass
class Overview:
    plan: Plan
    period: Period | None
    periods: list[Period]
    units: list[Unit] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    places: list[Region] = field(default_factory=list)
    all_units: list[Unit] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    open_notices: dict[tuple[int, int], SupervisionNotice] = field(default_factory=dict)
    candidates: list[dict] = field(default_factory=list)


def period_overview(
    viewer,
    plan: Plan,
    period: Period | None = None,
    filters: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Overview:
    """Tasks × units matrix of lights for one period. Queries, whatever the size: periods (1),
    tasks with sections (1), ad-hoc selection (1, ad-hoc rounds only), assignments with units
    and places (1), the period's report rows (1), milestones (1), consolidation statuses (1),
    open notices (1), places for the filter (1)."""
    if not permissions.can_view_overview(viewer, plan):
        raise NotFound()
    today = _today(today)
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    periods = queries.periods_of(plan)
    if period is None:
        period = queries.default_period(periods, today)
    overview = Overview(plan=plan, period=period, periods=periods, filters=filters)
    if period is None:
        return overview
    # The office also sees who stayed red: load those periods in the same queries.
    recent = (
        _recent_red_periods(periods, today) if permissions.can_issue_notice(viewer, plan) else []
    )
    data = queries.load(plan, list({p.pk: p for p in [period, *recent]}.values()))
    notices = _plan_notices(plan)
    grid = queries.cells(data, period, today)
    overview.candidates = _escalation(
        data,
        recent,
        today,
        notices,
        last_grid=grid if recent and recent[-1].pk == period.pk else None,
    )
    in_period = data.period_tasks[period.pk]
    tasks = [t for t in data.tasks if t.pk in in_period]
    sections = {}
    for t in tasks:
        if t.section_id and t.section_id not in sections:
            sections[t.section_id] = t.section
    overview.sections = list(sections.values())
    assignments = data.assignments_in(period)
    seen_units: dict[int, Unit] = {}
    for a in assignments:
        seen_units.setdefault(a.unit_id, a.unit)
    overview.all_units = sorted(seen_units.values(), key=_unit_sort)
    overview.places = list(Region.objects.filter(parent=plan.region).order_by("order", "id"))
    if "section" in filters:
        tasks = [t for t in tasks if t.section_id == filters["section"]]
    if "unit" in filters:
        assignments = [a for a in assignments if a.unit_id == filters["unit"]]
    if "role" in filters:
        assignments = [a for a in assignments if a.role == filters["role"]]
    if "place" in filters:
        assignments = [a for a in assignments if a.unit.place_id == filters["place"]]
    task_ids = {t.pk for t in tasks}
    assignments = [a for a in assignments if a.task_id in task_ids]
    by_task: dict[int, dict[int, Assignment]] = defaultdict(dict)
    for a in assignments:
        by_task[a.task_id][a.unit_id] = a
    consolidation_status = dict(
        Consolidation.objects.filter(period=period).values_list("task_id", "status")
    )
    overview.open_notices = {(n.task_id, n.unit_id): n for n in notices if n.is_open}
    colour = filters.get("status")
    # One reverse() for the whole matrix, not one per cell.
    url_pattern = reverse("supervision:report_view", args=[period.pk, _TASK_MARK, _UNIT_MARK])
    rows: list[Row] = []
    used_units: dict[int, Unit] = {}
    cell_lights: list[lights.Light] = []
    for task in tasks:
        cells: dict[int, Cell] = {}
        for unit_id, a in by_task.get(task.pk, {}).items():
            light = grid[(task.pk, unit_id)]
            if colour and light.colour != colour:
                continue
            cells[unit_id] = Cell(
                a.unit,
                a.role,
                light,
                url_pattern.replace(str(_TASK_MARK), str(task.pk)).replace(
                    str(_UNIT_MARK), str(unit_id)
                ),
                f"{a.unit}：{light.text}",
            )
        if not cells:
            continue
        for unit_id, cell in cells.items():
            used_units.setdefault(unit_id, cell.unit)
            cell_lights.append(cell.light)
        rows.append(
            Row(
                task=task,
                cells=cells,
                light=_task_light((c.role, c.light) for c in cells.values()),
                consolidation=consolidation_status.get(task.pk),
                consolidation_url=reverse("supervision:consolidation", args=[period.pk, task.pk]),
            )
        )
    overview.units = sorted(used_units.values(), key=_unit_sort)
    for row in rows:
        row.cells = [row.cells.get(u.pk) for u in overview.units]
    overview.rows = rows
    overview.totals = lights.count(cell_lights)
    return overview


_TASK_MARK, _UNIT_MARK = 987654321001, 987654321002


_ROLE_ORDER = {Assignment.Role.LEAD: 0, Assignment.Role.COOPERATING: 1, Assignment.Role.IMPLICIT: 2}


def _assignment_sort(a: Assignment):
    return (_ROLE_ORDER.get(a.role, 3), a.order, a.unit_id)


def _task_light(pairs) -> lights.Light | None:
    """(assignment role, light) pairs of a task's units → the task's light (lights.task_light)."""
    lead, others = [], []
    for role, light in pairs:
        (lead if role == Assignment.Role.LEAD else others).append(light)
    return lights.task_light(lead, others)


_KIND_COLUMN = {Unit.Kind.COUNTY: 1, Unit.Kind.PARK: 2}


def _unit_sort(unit: Unit):
    return (_KIND_COLUMN.get(unit.kind, 0), unit.order, unit.pk)


# -- leaders' dashboard -----------------------------------------------------------------


def lights_summary(
    plan: Plan, viewer, period: Period | None = None, today: dt.date | None = None
) -> list[dict]:
    """Per section (task group) of the plan: how many tasks are green, yellow, red, grey in
    the period (default: the one most recently ended). A task's light is its worst unit's.
    Queries: periods (1), tasks (1), assignments (1), reports (1), milestones (1)."""
    # Counts only, nothing of any report's content: every signed-in role may see them.
    if not permissions.has_any_role(viewer):
        return []
    today = _today(today)
    if period is None:
        period = queries.default_period(queries.periods_of(plan), today)
    if period is None:
        return []
    data = queries.load(plan, [period])
    grid = queries.cells(data, period, today)
    by_task: dict[int, list[tuple[str, lights.Light]]] = defaultdict(list)
    for a in data.assignments_in(period):
        by_task[a.task_id].append((a.role, grid[(a.task_id, a.unit_id)]))
    result: dict[Any, dict] = {}
    for task in data.tasks:
        if task.pk not in data.period_tasks[period.pk]:
            continue
        key = task.section_id
        entry = result.setdefault(
            key, {"section": task.section, "green": 0, "yellow": 0, "red": 0, "grey": 0}
        )
        light = _task_light(by_task.get(task.pk, []))
        entry[light.colour if light else lights.GREY] += 1
    return list(result.values())


# -- a task over time -------------------------------------------------------------------


def task_timeline(viewer, task: Task, today: dt.date | None = None) -> dict[str, Any]:
    """Every period's consolidation and unit reports on the task, with instructions and
    notices, newest first. Only what the viewer may read is included."""
    today = _today(today)
    plan = task.plan
    periods = [p for p in queries.periods_of(plan) if p.start <= today]
    reports = {
        (r.period_id, r.unit_id): r
        for r in permissions.reports_visible_to(viewer)
        .filter(task=task)
        .only("id", "period_id", "unit_id", "status", "nothing_new", "work_done")
    }
    consolidations = {
        c.period_id: c
        for c in permissions.consolidations_visible_to(viewer)
        .filter(task=task)
        .select_related("author_unit")
    }
    instructions = list(
        Instruction.objects.filter(task=task)
        .select_related("author")
        .prefetch_related(
            "units",
            Prefetch(
                "answers", queryset=InstructionAnswer.objects.select_related("unit", "report")
            ),
        )
        .order_by("-created_at")
    )
    notices = list(
        permissions.notices_visible_to(viewer)
        .filter(task=task)
        .select_related("unit")
        .order_by("-issued_at")
    )
    milestones = list(
        Milestone.objects.filter(task=task).select_related("owner").order_by("deadline")
    )
    data = queries.load(plan, periods, task_ids=[task.pk])
    entries = []
    for period in reversed(periods):
        if task.pk not in data.period_tasks.get(period.pk, set()):
            continue
        units = []
        for a in sorted(data.assignments_in(period), key=_assignment_sort):
            units.append(
                {
                    "unit": a.unit,
                    "role": a.role,
                    "light": queries.light_for(data, period, task, a.unit_id, today),
                    "report": reports.get((period.pk, a.unit_id)),
                    "url": reverse("supervision:report_view", args=[period.pk, task.pk, a.unit_id]),
                }
            )
        entries.append(
            {
                "period": period,
                "light": _task_light((u["role"], u["light"]) for u in units),
                "consolidation": consolidations.get(period.pk),
                "units": units,
                "instructions": [i for i in instructions if i.period_id == period.pk],
            }
        )
    return {
        "task": task,
        "entries": entries,
        "instructions": instructions,
        "notices": notices,
        "milestones": milestones,
        "can_instruct": permissions.can_instruct(viewer, task),
        "can_issue_notice": permissions.can_issue_notice(viewer, plan),
        "can_manage_milestones": permissions.can_manage_milestones(viewer, task),
        "assignments": sorted(data.assignments, key=_assignment_sort),
        "today": today,
    }


def task_panel(viewer, task: Task, today: dt.date | None = None) -> dict[str, Any]:
    """A compact block for the plans task page: this period's lights per unit, the
    consolidation's state, and links. Queries: periods (1), light inputs (4), consolidation (1)."""
    today = _today(today)
    if not permissions.has_any_role(viewer):
        return {}
    plan = task.plan
    periods = queries.periods_of(plan)
    period = queries.default_period(periods, today)
    if period is None:
        return {
            "task": task,
            "period": None,
            "timeline_url": reverse("supervision:task_timeline", args=[task.pk]),
        }
    data = queries.load(plan, [period], task_ids=[task.pk])
    cells = [
        (
            a.unit,
            a.role,
            queries.light_for(data, period, task, a.unit_id, today),
            reverse("supervision:report_view", args=[period.pk, task.pk, a.unit_id]),
        )
        for a in sorted(data.assignments_in(period), key=_assignment_sort)
    ]
    consolidation = Consolidation.objects.filter(period=period, task=task).only("status").first()
    return {
        "task": task,
        "period": period,
        "cells": cells,
        "light": _task_light((c[1], c[2]) for c in cells),
        "totals": lights.count([c[2] for c in cells]),
        "consolidation": consolidation,
        "timeline_url": reverse("supervision:task_timeline", args=[task.pk]),
        "consolidation_url": reverse("supervision:consolidation", args=[period.pk, task.pk]),
    }


def milestones_of_task(viewer, task: Task) -> dict[str, Any]:
    return {
        "task": task,
        "milestones": list(
            Milestone.objects.filter(task=task).select_related("owner").order_by("deadline", "id")
        ),
        "units": [
            a.unit for a in Assignment.objects.filter(task=task, active=True).select_related("unit")
        ],
        "can_manage": permissions.can_manage_milestones(viewer, task),
    }


# -- escalation -------------------------------------------------------------------------

RED_PERIODS_FOR_NOTICE = 2


def _recent_red_periods(periods: list[Period], today: dt.date) -> list[Period]:
    past = [p for p in periods if not p.is_adhoc and p.red_after < today]
    recent = past[-RED_PERIODS_FOR_NOTICE:]
    return recent if len(recent) == RED_PERIODS_FOR_NOTICE else []


def _plan_notices(plan: Plan) -> list[SupervisionNotice]:
    return list(
        SupervisionNotice.objects.filter(plan=plan)
        .order_by("issued_at", "id")
        .only("id", "task_id", "unit_id", "level", "number", "status", "issued_at")
    )


def _escalation(
    data: queries.PeriodData, recent: list[Period], today: dt.date, notices, last_grid=None
) -> list[dict]:
    """Pairs red in the last period (its grid may be given) and in the ones before it."""
    if not recent:
        return []
    last = last_grid if last_grid is not None else queries.cells(data, recent[-1], today)
    open_pairs = {(n.task_id, n.unit_id) for n in notices if n.is_open}
    last_levels = {(n.task_id, n.unit_id): n.level for n in notices}
    tasks = {t.pk: t for t in data.tasks}
    units = {a.unit_id: a.unit for a in data.assignments}
    result = []
    for key, light in last.items():
        if key in open_pairs or light.colour != lights.RED:
            continue
        earlier = [
            queries.light_for(data, p, tasks[key[0]], key[1], today)
            for p in recent[:-1]
            if key[0] in data.period_tasks[p.pk]
        ]
        if len(earlier) == len(recent) - 1 and all(e.colour == lights.RED for e in earlier):
            last_level = last_levels.get(key)
            result.append(
                {
                    "task": tasks[key[0]],
                    "unit": units[key[1]],
                    "light": light,
                    "next_level": SupervisionNotice.NEXT_LEVEL[
                        SupervisionNotice.Level(last_level) if last_level else None
                    ],
                    "period": recent[-1],
                }
            )
    result.sort(key=lambda r: (r["task"].order, _unit_sort(r["unit"])))
    return result


def escalation_candidates(viewer, plan: Plan, today: dt.date | None = None) -> list[dict]:
    """(task, unit) pairs red in each of the last RED_PERIODS_FOR_NOTICE regular periods past
    their grace days, with no open notice: the office decides whether to issue a 督办单."""
    if not permissions.can_issue_notice(viewer, plan):
        return []
    today = _today(today)
    recent = _recent_red_periods(queries.periods_of(plan), today)
    if not recent:
        return []
    return _escalation(queries.load(plan, recent), recent, today, _plan_notices(plan))


def notices_list(viewer, plan: Plan | None = None) -> list[SupervisionNotice]:
    qs = permissions.notices_visible_to(viewer).select_related("task", "unit", "plan")
    if plan is not None:
        qs = qs.filter(plan=plan)
    return list(qs.order_by("-issued_at", "-id")[:500])


# -- scorecard --------------------------------------------------------------------------


@dataclass
class ScoreLine:
    unit: Unit
    score: scoring.Score


def scorecard(
    viewer, plan: Plan, year: int | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """Each unit's on-time rate, completeness, returns, milestones and score (see scoring.py),
    ranked. Covers periods already due (ending in `year` when given). Queries: due periods (1),
    tasks (1), ad-hoc selections (≤1), assignments (1), report aggregates (1), milestone
    aggregates (1), notice counts (1)."""
    if not permissions.can_view_scorecard(viewer, plan):
        raise NotFound()
    today = _today(today)
    all_periods = queries.periods_of(plan)
    periods = [
        p for p in all_periods if p.due_date < today and (year is None or p.end.year == year)
    ]
    data = queries.load(plan, periods, with_reports=False, with_milestones=False)
    all_tasks = {t.pk for t in data.tasks}
    counts: dict[int, scoring.Counts] = defaultdict(scoring.Counts)
    units: dict[int, Unit] = {}
    for a in data.assignments:
        units.setdefault(a.unit_id, a.unit)
    for p in periods:
        for a in data.assignments_in(p):
            counts[a.unit_id].expected += 1
    period_ids = [p.pk for p in periods]
    if period_ids:
        aggregates = (
            UnitReport.objects.filter(period_id__in=period_ids, task_id__in=all_tasks)
            .values("unit_id")
            .annotate(
                submitted=Count("id", filter=Q(first_submitted_at__isnull=False)),
                on_time=Count("id", filter=Q(first_submitted_at__date__lte=F("period__due_date"))),
                returned=Count("id", filter=Q(return_count__gt=0)),
                returns=Sum("return_count"),
            )
        )
        for row in aggregates:
            c = counts[row["unit_id"]]
            c.submitted, c.on_time, c.returned, c.returns = (
                row["submitted"],
                row["on_time"],
                row["returned"],
                row["returns"] or 0,
            )
    start = min((p.start for p in periods), default=None)
    end = min(today, max((p.end for p in periods), default=today))
    range_end = min(today, dt.date(year, 12, 31)) if year else today
    if start is not None:
        for row in (
            Milestone.objects.filter(task_id__in=all_tasks, deadline__gte=start, deadline__lte=end)
            .values("owner_id")
            .annotate(
                due=Count("id"),
                done=Count("id", filter=Q(done_on__isnull=False, done_on__lte=today)),
            )
        ):
            counts[row["owner_id"]].milestones_due = row["due"]
            counts[row["owner_id"]].milestones_done = row["done"]
        for row in (
            SupervisionNotice.objects.filter(
                plan=plan, issued_at__date__gte=start, issued_at__date__lte=range_end
            )
            .values("unit_id")
            .annotate(n=Count("id"))
        ):
            counts[row["unit_id"]].notices = row["n"]
    pairs = [(units[uid], scoring.score(counts[uid])) for uid in units]
    ranked = scoring.rank(pairs)
    totals = scoring.Counts()
    for c in counts.values():
        for name in (
            "expected",
            "submitted",
            "on_time",
            "returned",
            "returns",
            "milestones_due",
            "milestones_done",
            "notices",
        ):
            setattr(totals, name, getattr(totals, name) + getattr(c, name))
    return {
        "plan": plan,
        "year": year,
        "years": sorted({p.end.year for p in all_periods if p.due_date < today}, reverse=True),
        "periods": periods,
        "lines": [ScoreLine(unit, s) for unit, s in ranked],
        "totals": scoring.score(totals),
        "weights": scoring.WEIGHTS,
        "notice_penalty": scoring.NOTICE_PENALTY,
        "today": today,
    }


def ledger_rows(viewer, plan: Plan, year: int | None = None, today: dt.date | None = None):
    """Every expected report in the periods due (one row per period × task × unit, missing
    ones included) for the 台账 export. Queries: periods (1), light inputs (4-5)."""
    if not permissions.can_view_scorecard(viewer, plan):
        raise NotFound()
    today = _today(today)
    periods = [
        p
        for p in queries.periods_of(plan)
        if p.due_date < today and (year is None or p.end.year == year)
    ]
    data = queries.load(plan, periods)
    texts = {
        (r["period_id"], r["task_id"], r["unit_id"]): r
        for r in UnitReport.objects.filter(period__in=periods).values(
            "period_id",
            "task_id",
            "unit_id",
            "work_done",
            "problems",
            "next_steps",
            "self_status",
            "first_submitted_at",
            "approved_at",
        )
    }
    tasks = {t.pk: t for t in data.tasks}
    for period in periods:
        for a in sorted(
            data.assignments_in(period), key=lambda a: (tasks[a.task_id].order, _unit_sort(a.unit))
        ):
            key = (period.pk, a.task_id, a.unit_id)
            row = data.reports.get(key)
            yield {
                "period": period,
                "task": tasks[a.task_id],
                "unit": a.unit,
                "role": a.role,
                "report": row,
                "text": texts.get(key, {}),
                "light": queries.light_for(data, period, tasks[a.task_id], a.unit_id, today, row),
            }


# -- notifications ----------------------------------------------------------------------


def notifications_list(viewer, limit: int = 100) -> list[dict]:
    rows = list(permissions.notifications_of(viewer).order_by("-created_at", "-id")[:limit])
    return [{"n": n, "text": render(n.kind, n.params)} for n in rows]


def unread_count(viewer) -> int:
    return permissions.notifications_of(viewer).filter(read_at__isnull=True).count()
