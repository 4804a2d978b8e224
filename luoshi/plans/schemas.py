"""API shapes of plans, tasks and their units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema


class UnitRef(Schema):
    id: int
    name: str
    short_name: str
    kind: str


class AssignmentOut(Schema):
    unit: UnitRef
    role: str
    via_group: UnitRef | None = None
    source_name: str


class TaskOut(Schema):
    id: int
    number: str
    title: str
    chapter: str | None = None
    section: str | None = None
    deadline: str
    deadline_date: dt.date | None = None
    parent_task_id: int | None = None
    assignments: list[AssignmentOut]


class TaskDetailOut(TaskOut):
    plan_id: int
    text: str
    active: bool
    units_raw: dict
    child_task_ids: list[int]


class TargetOut(Schema):
    id: int
    text: str
    indicator: str
    comparator: str
    value: Decimal | None = None
    unit: str
    year: int | None = None
    qualitative: bool


class ChapterOut(Schema):
    number: str
    title: str
    sections: list[str]


class PlanOut(Schema):
    id: int
    title: str
    issuer: str
    doc_number: str
    issued_on: dt.date | None = None
    region: str
    coordinating_unit: UnitRef | None = None
    parent_id: int | None = None
    parent_reference: str
    status: str
    task_count: int
    revision_count: int


class PlanDetailOut(PlanOut):
    chapters: list[ChapterOut]
    targets: list[TargetOut]
    tasks: list[TaskOut]
