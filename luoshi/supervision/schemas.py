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


class ReportActionIn(Schema):
    """A hand-in or sign-off: `version` as read; content fields only when the form's text is
    sent along (then saved in the same transaction)."""

    version: int
    work_done: str | None = None
    problems: str | None = None
    next_steps: str | None = None
    self_status: str | None = None
    progress_pct: int | None = None
    nothing_new: bool | None = None
    quantities: list[FigureIn] | None = None
    milestones_done: list[int] | None = None
    answers: dict[int, str] | None = None

    def content(self) -> dict:
        return {
            key: value
            for key, value in self.dict(exclude={"version"}).items()
            if key in self.model_fields_set and value is not None
        }


class AttachmentOut(Schema):
    id: int
    original_name: str
    kind: str
    size: int


class CycleIn(Schema):
    frequency: str | None = None
    first_period_start: dt.date | None = None
    ends_on: dt.date | None = None
    target_date: dt.date | None = None
    due_offset_days: int | None = None
    grace_days: int | None = None
    reminder_lead_days: int | None = None
    yellow_window_days: int | None = None
    on_track_pct: int | None = None
    behind_pct: int | None = None
    returns_for_red: int | None = None
    periods_ahead: int | None = None


class CycleOut(Schema):
    plan_id: int
    frequency: str
    first_period_start: dt.date
    ends_on: dt.date | None = None
    target_date: dt.date | None = None
    due_offset_days: int
    grace_days: int
    periods: int = 0


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


class ConsolidationIn(Schema):
    version: int
    summary: str = ""
    problems: str = ""
    next_steps: str = ""
    self_status: str = ""
    progress_pct: int | None = None


class ConsolidationSubmitIn(ConsolidationIn):
    confirm_missing: bool = False


class ConsolidationOut(Schema):
    id: int
    period_id: int
    task_id: int
    author_unit_id: int
    status: str
    version: int
    summary: str
    problems: str
    next_steps: str
    self_status: str
    progress_pct: int | None = None
    return_count: int
    return_comment: str
