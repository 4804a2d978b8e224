"""Supervision API, mounted at /api/supervision/: the same selectors and services as the pages."""

from __future__ import annotations

from django.utils import timezone
from ninja import File, Router, Status
from ninja.files import UploadedFile

from luoshi.core.errors import Conflict
from luoshi.supervision import services, status
from luoshi.supervision.schemas import (
    AttachmentOut,
    ConsolidationIn,
    ConsolidationOut,
    ConsolidationSubmitIn,
    CycleIn,
    CycleOut,
    ReportActionIn,
    ReportIn,
    ReportOut,
    ReportStatusOut,
    SectionLights,
    TodoItemOut,
)
from luoshi.supervision.selectors import reports as report_reads
from luoshi.supervision.selectors.plans import get_period_task, get_plan_for_office
from luoshi.supervision.selectors.todo import todo as todo_items

router = Router(tags=["supervision"])


def _light(light) -> dict | None:
    return (
        {"colour": light.colour, "code": light.reason.code, "reason": light.text} if light else None
    )


@router.get("/plans/{plan_id}/lights-summary", response=list[SectionLights])
def lights_summary(request, plan_id: int):
    """Per task group: how many tasks are green, yellow, red and grey in the latest period."""
    plan = get_plan_for_office(viewer=request.user, plan_id=plan_id)
    summary = status.lights_summary(viewer=request.user, plan=plan, today=timezone.localdate())
    return [
        {
            **{key: row[key] for key in ("green", "yellow", "red", "grey")},
            "section": str(row["section"]) if row["section"] else None,
            "period": summary["period"].label if summary["period"] else None,
        }
        for row in summary["sections"]
    ]


@router.get("/todo", response=list[TodoItemOut])
def todo(request):
    """The user's unit's to-do, in deadline order."""
    return [
        {
            "kind": item.kind,
            "due": item.due,
            "title": item.title,
            "url": item.url,
            "period": item.period.label if item.period else None,
            "plan": str(item.plan) if item.plan else None,
            "light": _light(item.light),
        }
        for item in todo_items(viewer=request.user)["items"]
    ]


@router.get("/periods/{period_id}/tasks/{task_id}/units/{unit_id}/status", response=ReportStatusOut)
def report_status(request, period_id: int, task_id: int, unit_id: int):
    """A unit's report on a task in a period: its status (once the viewer may know it) and its
    light with the reason, as every page shows it."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    page = report_reads.report_view(viewer=request.user, period=period, task=task, unit_id=unit_id)
    return {
        "period": period.label,
        "task": str(task),
        "unit": str(page["unit"]),
        "status": page["status"],
        "light": _light(page["light"]),
    }


def _content(payload) -> dict:
    """The report's content as the services take it (`version` and `answers` apart)."""
    data = payload.dict()
    data.pop("version", None)
    return data


def _conflict(exc: Conflict):
    current = ReportOut.from_orm(exc.current).dict() if exc.current is not None else None
    return Status(409, {"detail": str(exc), "current": current})


@router.put("/periods/{period_id}/tasks/{task_id}/report", response={200: ReportOut, 409: dict})
def report_save(request, period_id: int, task_id: int, payload: ReportIn):
    """Save the user's unit's draft. `version` is the version read (0 for a new report); a
    stale version answers 409 with the stored report, and nothing is written."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    try:
        return services.report_save_draft(
            actor=request.user,
            period=period,
            task=task,
            version=payload.version,
            **_content(payload),
        )
    except Conflict as exc:
        return _conflict(exc)


@router.post(
    "/periods/{period_id}/tasks/{task_id}/report/hand-in", response={200: ReportOut, 409: dict}
)
def report_hand_in(request, period_id: int, task_id: int, payload: ReportActionIn):
    """A reporter hands the report to the unit's approver: with content, it is saved first
    (as the editor's button does); with only `version`, the stored draft is handed in."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    try:
        return services.report_hand_in(
            actor=request.user,
            period=period,
            task=task,
            version=payload.version,
            **payload.content(),
        )
    except Conflict as exc:
        return _conflict(exc)


@router.post(
    "/periods/{period_id}/tasks/{task_id}/report/sign-off", response={200: ReportOut, 409: dict}
)
def report_sign_off(request, period_id: int, task_id: int, payload: ReportActionIn):
    """The unit approver signs the report off (submitted): with content, it is saved and
    signed in one write (as the editor's button does); with only `version`, the stored
    report is signed."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    try:
        return services.report_sign_off(
            actor=request.user,
            period=period,
            task=task,
            version=payload.version,
            **payload.content(),
        )
    except Conflict as exc:
        return _conflict(exc)


@router.post("/periods/{period_id}/tasks/{task_id}/report/attachments", response=AttachmentOut)
def report_attach(request, period_id: int, task_id: int, file: UploadedFile = File(...)):
    """Attach a file to the user's unit's report (starting the draft when there is none); the
    file's type is checked by its content."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    return services.report_attach(actor=request.user, period=period, task=task, upload=file)


def _consolidation_conflict(exc: Conflict):
    current = ConsolidationOut.from_orm(exc.current).dict() if exc.current is not None else None
    return Status(409, {"detail": str(exc), "current": current})


_CONSOLIDATION = "/periods/{period_id}/tasks/{task_id}/consolidation"


@router.put(_CONSOLIDATION, response={200: ConsolidationOut, 409: dict})
def consolidation_save(request, period_id: int, task_id: int, payload: ConsolidationIn):
    """Save the task's consolidated report as typed (a lead unit)."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    try:
        return services.consolidation_save(
            actor=request.user, period=period, task=task, **payload.dict()
        )
    except Conflict as exc:
        return _consolidation_conflict(exc)


@router.post(_CONSOLIDATION + "/hand-in", response={200: ConsolidationOut, 409: dict})
def consolidation_hand_in(request, period_id: int, task_id: int, payload: ConsolidationIn):
    """A lead unit's reporter saves the consolidated report and hands it to the approver."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    try:
        return services.consolidation_hand_in(
            actor=request.user, period=period, task=task, **payload.dict()
        )
    except Conflict as exc:
        return _consolidation_conflict(exc)


@router.post(_CONSOLIDATION + "/submit", response={200: ConsolidationOut, 409: dict})
def consolidation_submit(request, period_id: int, task_id: int, payload: ConsolidationSubmitIn):
    """Save the consolidated report and send it to the coordinating office (the lead unit's
    approver, when the cycle asks for sign-off). Units without a sent report are named, and
    `confirm_missing` is needed to send without them."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    try:
        return services.consolidation_submit(
            actor=request.user, period=period, task=task, **payload.dict()
        )
    except Conflict as exc:
        return _consolidation_conflict(exc)


@router.put("/plans/{plan_id}/cycle", response=CycleOut)
def cycle_save(request, plan_id: int, payload: CycleIn):
    """Create or change the plan's reporting cycle and generate its periods (the office)."""
    plan = get_plan_for_office(viewer=request.user, plan_id=plan_id)
    cycle = services.cycle_save(actor=request.user, plan=plan, **payload.dict(exclude_unset=True))
    return {**CycleOut.from_orm(cycle).dict(), "periods": cycle.plan.periods.count()}
