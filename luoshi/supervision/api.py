"""Supervision API, mounted at /api/supervision/: the same selectors and services as the pages."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Status

from luoshi.core.errors import Conflict, NotFound
from luoshi.supervision import services, status
from luoshi.supervision.schemas import (
    ReportIn,
    ReportOut,
    ReportStatusOut,
    SectionLights,
    SignOffIn,
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


@router.put("/periods/{period_id}/tasks/{task_id}/report", response={200: ReportOut, 409: dict})
def report_save(request, period_id: int, task_id: int, payload: ReportIn):
    """Save the user's unit's draft. `version` is the version read (0 for a new report); a
    stale version answers 409 with the stored report, and nothing is written."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    data = payload.dict()
    try:
        return services.report_save_draft(actor=request.user, period=period, task=task, **data)
    except Conflict as exc:
        current = ReportOut.from_orm(exc.current).dict() if exc.current is not None else None
        return Status(409, {"detail": str(exc), "current": current})


@router.post("/periods/{period_id}/tasks/{task_id}/report/sign-off", response=ReportOut)
def report_sign_off(request, period_id: int, task_id: int, payload: SignOffIn):
    """The unit approver signs off the report (submitted)."""
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    report = report_reads.report_editor(viewer=request.user, period=period, task=task)["report"]
    if report is None:
        raise NotFound()
    return services.report_sign_off(actor=request.user, report=report, version=payload.version)
