"""Views of many lights at once: the period overview (tasks × units), the lights summary by
task group, and the (task, unit) pairs red long enough to escalate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from luoshi.core.errors import NotFound
from luoshi.org.models import Region, Unit
from luoshi.plans.models import Assignment, Plan, Section, Task
from luoshi.supervision import permissions
from luoshi.supervision.models import Consolidation, Period, SupervisionNotice
from luoshi.supervision.status import lights
from luoshi.supervision.status.compute import cells, light_for, task_light
from luoshi.supervision.status.data import PeriodData, default_period, load, periods_of

_ROLE_ORDER = {Assignment.Role.LEAD: 0, Assignment.Role.COOPERATING: 1, Assignment.Role.IMPLICIT: 2}
_KIND_COLUMN = {Unit.Kind.COUNTY: 1, Unit.Kind.PARK: 2}
# Red in this many regular periods running (past their grace days) makes a pair a candidate
# for a 督办单.
RED_PERIODS_FOR_NOTICE = 2


def assignment_sort(a: Assignment):
    """Lead units first, then cooperating, then implicitly involved; the plan's order within."""
    return (_ROLE_ORDER.get(a.role, 3), a.order, a.unit_id)


def unit_sort(unit: Unit):
    """Departments, then counties, then parks; the directory's order within."""
    return (_KIND_COLUMN.get(unit.kind, 0), unit.order, unit.pk)


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


_TASK_MARK, _UNIT_MARK = 987654321001, 987654321002


def period_overview(
    *,
    viewer,
    plan: Plan,
    period: Period | None = None,
    filters: dict[str, Any] | None = None,
    today: dt.date,
) -> Overview:
    """Tasks × units matrix of lights for one period. Queries, whatever the size: periods (1),
    tasks with sections (1), ad-hoc selection (1), assignments with units and places (1), the
    period's report rows (1), milestones (1), consolidation statuses (1), open notices (1),
    places for the filter (1)."""
    if not permissions.can_view_overview(viewer, plan):
        raise NotFound()
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    periods = periods_of(plan)
    if period is None:
        period = default_period(periods, today)
    overview = Overview(plan=plan, period=period, periods=periods, filters=filters)
    if period is None:
        return overview
    # The office also sees who stayed red: load those periods in the same queries.
    recent = (
        _recent_red_periods(periods, today) if permissions.can_issue_notice(viewer, plan) else []
    )
    data = load(plan, list({p.pk: p for p in [period, *recent]}.values()))
    notices = _plan_notices(plan)
    grid = cells(data, period, today)
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
    overview.all_units = sorted(seen_units.values(), key=unit_sort)
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
        row_cells: dict[int, Cell] = {}
        for unit_id, a in by_task.get(task.pk, {}).items():
            light = grid[(task.pk, unit_id)]
            if colour and light.colour != colour:
                continue
            row_cells[unit_id] = Cell(
                a.unit,
                a.role,
                light,
                url_pattern.replace(str(_TASK_MARK), str(task.pk)).replace(
                    str(_UNIT_MARK), str(unit_id)
                ),
                f"{a.unit}：{light.text}",
            )
        if not row_cells:
            continue
        for unit_id, cell in row_cells.items():
            used_units.setdefault(unit_id, cell.unit)
            cell_lights.append(cell.light)
        rows.append(
            Row(
                task=task,
                cells=row_cells,
                light=task_light((c.role, c.light) for c in row_cells.values()),
                consolidation=consolidation_status.get(task.pk),
                consolidation_url=reverse("supervision:consolidation", args=[period.pk, task.pk]),
            )
        )
    overview.units = sorted(used_units.values(), key=unit_sort)
    for row in rows:
        row.cells = [row.cells.get(u.pk) for u in overview.units]
    overview.rows = rows
    overview.totals = lights.count(cell_lights)
    return overview


def lights_summary(
    *, viewer, plan: Plan, period: Period | None = None, today: dt.date
) -> dict[str, Any]:
    """Per section (task group) of the plan: how many tasks are green, yellow, red, grey in
    the period (default: the one most recently ended), and which period that is. A task's
    light is the one its row shows on the overview. Queries: periods (1), tasks (1), ad-hoc
    selection (1), assignments (1), reports (1), milestones (1)."""
    # Counts only, nothing of any report's content: every signed-in role may see them.
    result: dict[str, Any] = {"period": None, "sections": []}
    if not permissions.has_any_role(viewer):
        return result
    if period is None:
        period = default_period(periods_of(plan), today)
    if period is None:
        return result
    data = load(plan, [period])
    grid = cells(data, period, today)
    by_task: dict[int, list[tuple[str, lights.Light]]] = defaultdict(list)
    for a in data.assignments_in(period):
        by_task[a.task_id].append((a.role, grid[(a.task_id, a.unit_id)]))
    sections: dict[Any, dict] = {}
    for task in data.tasks:
        if task.pk not in data.period_tasks[period.pk]:
            continue
        entry = sections.setdefault(
            task.section_id,
            {"section": task.section, "green": 0, "yellow": 0, "red": 0, "grey": 0, "tasks": []},
        )
        light = task_light(by_task.get(task.pk, []))
        entry[light.colour if light else lights.GREY] += 1
        entry["tasks"].append((task, light))
    return {"period": period, "sections": list(sections.values())}


def reads_whole_plan(viewer, plan: Plan) -> bool:
    """The office and the region's leaders: they read the plan's overview, its assessment
    and its final evaluation (other apps link there only for them)."""
    return permissions.can_view_overview(viewer, plan)


# -- escalation -------------------------------------------------------------------------


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
    data: PeriodData, recent: list[Period], today: dt.date, notices, last_grid=None
) -> list[dict]:
    """Pairs red in the last period (its grid may be given) and in the ones before it."""
    if not recent:
        return []
    last = last_grid if last_grid is not None else cells(data, recent[-1], today)
    open_pairs = {(n.task_id, n.unit_id) for n in notices if n.is_open}
    last_levels = {(n.task_id, n.unit_id): n.level for n in notices}
    tasks = {t.pk: t for t in data.tasks}
    units = {a.unit_id: a.unit for a in data.assignments}
    result = []
    for key, light in last.items():
        if key in open_pairs or light.colour != lights.RED:
            continue
        earlier = [
            light_for(data, p, tasks[key[0]], key[1], today)
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
    result.sort(key=lambda r: (r["task"].order, unit_sort(r["unit"])))
    return result


def escalation_candidates(*, viewer, plan: Plan, today: dt.date) -> list[dict]:
    """(task, unit) pairs red in each of the last RED_PERIODS_FOR_NOTICE regular periods past
    their grace days, with no open notice: the office decides whether to issue a 督办单."""
    if not permissions.can_issue_notice(viewer, plan):
        return []
    recent = _recent_red_periods(periods_of(plan), today)
    if not recent:
        return []
    return _escalation(load(plan, recent), recent, today, _plan_notices(plan))
