"""Plans API, mounted at /api/plans/: the same selectors as the pages."""

from __future__ import annotations

from ninja import Router

from luoshi.plans import selectors
from luoshi.plans.schemas import PlanDetailOut, PlanOut, TaskDetailOut

router = Router(tags=["plans"])


def _unit(unit) -> dict | None:
    if unit is None:
        return None
    return {"id": unit.pk, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind}


def _plan(plan, task_count: int, revision_count: int) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "issuer": plan.issuer,
        "doc_number": plan.doc_number,
        "issued_on": plan.issued_on,
        "region": plan.region.name,
        "coordinating_unit": _unit(plan.coordinating_unit),
        "parent_id": plan.parent_id,
        "parent_reference": plan.parent_reference,
        "status": plan.status,
        "task_count": task_count,
        "revision_count": revision_count,
    }


def _task(task) -> dict:
    return {
        "id": task.pk,
        "number": task.number,
        "title": task.title,
        "chapter": task.chapter.title if task.chapter_id else None,
        "section": task.section.title if task.section_id else None,
        "deadline": task.deadline_text,
        "deadline_date": task.deadline_date,
        "parent_task_id": task.parent_task_id,
        "assignments": [
            {
                "unit": _unit(a.unit),
                "role": a.role,
                "via_group": _unit(a.via_group),
                "source_name": a.source_name,
            }
            for a in task.live_assignments
        ],
    }


@router.get("/", response=list[PlanOut])
def list_plans(request):
    """Plans the user may see, newest first (one query)."""
    return [
        _plan(p, p.task_count, p.revision_count) for p in selectors.plan_list(viewer=request.user)
    ]


@router.get("/tasks/{task_id}", response=TaskDetailOut)
def task_detail(request, task_id: int):
    task = selectors.get_task(viewer=request.user, pk=task_id)
    return {
        **_task(task),
        "plan_id": task.plan_id,
        "text": task.text,
        "active": task.active,
        "units_raw": task.units_raw or {},
        "child_task_ids": [c.pk for c in task.child_tasks.all()],
    }


@router.get("/{plan_id}", response=PlanDetailOut)
def plan_detail(request, plan_id: int):
    """A plan with its outline, targets, and live tasks with their units."""
    plan = selectors.get_plan(viewer=request.user, pk=plan_id)
    tasks = selectors.plan_tasks(viewer=request.user, plan=plan)
    return {
        **_plan(plan, len(tasks), selectors.revision_count(viewer=request.user, plan=plan)),
        "chapters": [
            {"number": c.number, "title": c.title, "sections": [s.title for s in c.sections.all()]}
            for c in selectors.plan_chapters(viewer=request.user, plan=plan)
        ],
        "targets": [
            {
                "id": t.pk,
                "text": t.text,
                "indicator": t.indicator_name,
                "comparator": t.comparator,
                "value": t.value,
                "unit": t.unit,
                "year": t.year,
                "qualitative": t.qualitative,
            }
            for t in selectors.plan_targets(viewer=request.user, plan=plan)
        ],
        "tasks": [_task(t) for t in tasks],
    }
