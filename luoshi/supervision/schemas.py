"""API shapes for supervision."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class SectionLights(Schema):
    section: str | None = None
    period: str | None = None
    green: int
    yellow: int
    red: int
    grey: int


class LightOut(Schema):
    colour: str
    code: str
    reason: str


class ReportStatusOut(Schema):
    period: str
    task: str
    unit: str
    status: str | None = None
    light: LightOut


class TodoItemOut(Schema):
    kind: str
    due: dt.date | None = None
    title: str
    url: str
    period: str | None = None
    plan: str | None = None
    light: LightOut | None = None


class FigureIn(Schema):
    label: str = ""
    value: str = ""
    unit_of_measure: str = ""
    indicator_code: str = ""


class ReportIn(Schema):
    version: int
    work_done: str = ""
    problems: str = ""
    next_steps: str = ""
    self_status: str = ""
    progress_pct: int | None = None
    nothing_new: bool = False
    quantities: list[FigureIn] = []
    milestones_done: list[int] = []
    answers: dict[int, str] = {}


class SignOffIn(Schema):
    version: int


class ReportOut(Schema):
    id: int
    period_id: int
    task_id: int
    unit_id: int
    status: str
    version: int
    work_done: str
    problems: str
    next_steps: str
    self_status: str
    progress_pct: int | None = None
    nothing_new: bool
    return_count: int
    return_comment: str
