"""Supervision API, mounted at /api/supervision/: the same selectors and services as the pages."""

from __future__ import annotations

from ninja import Router, Status

from luoshi.core.errors import Conflict, NotFound
from luoshi.supervision import permissions, selectors, services
from luoshi.supervision.schemas import ReportIn, ReportOut, SectionLights, SignOffIn, TodoItemOut

router = Router(tags=["supervision"])


def _light(light) -> dict | None:
    return {"colour": light.colour, "reason": light.text} if light else None


@router.get("/plans/{plan_id}/lights-summary", response=list[SectionLights])
def lights_summary(request, plan_id: int):
    """Per task group: how many tasks are green, yellow, red and grey in the latest period."""
    plan = selectors.get_plan_for_office(request.user, plan_id)
    return [
        {**row, "section": str(row["section"]) if row["section"] else None}
        for row in selectors.lights_summary(plan, request.user)
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
            "light": _light(item.light),
        }
        for item in selectors.todo(request.user)["items"]
    ]


def _period_task(request, period_id: int, task_id: int):
    period = permissions.get_period_for_user(request.user, period_id)
    task = selectors.get_task(request.user, task_id)
    if task.plan_id != period.plan_id:
        raise NotFound()
    return period, task


@router.put("/periods/{period_id}/tasks/{task_id}/report", response={200: ReportOut, 409: dict})
def report_save(request, period_id: int, task_id: int, payload: ReportIn):
    """Save the user's unit's draft. `version` is the version read (0 for a new report); a
    stale version answers 409 with the stored report, and nothing is written."""
    period, task = _period_task(request, period_id, task_id)
    data = payload.dict()
    try:
        return services.report_save_draft(actor=request.user, period=period, task=task, **data)
    except Conflict as exc:
        current = ReportOut.from_orm(exc.current).dict() if exc.current is not None else None
        return Status(409, {"detail": str(exc), "current": current})


@router.post("/periods/{period_id}/tasks/{task_id}/report/sign-off", response=ReportOut)
def report_sign_off(request, period_id: int, task_id: int, payload: SignOffIn):
    """The unit approver signs off the report (submitted)."""
    period, task = _period_task(request, period_id, task_id)
    report = selectors.report_editor(request.user, period, task)["report"]
    if report is None:
        raise NotFound()
    return services.report_sign_off(actor=request.user, report=report, version=payload.version)
