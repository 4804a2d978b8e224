"""The programme figures of a plan task: the data elements the office linked to it, each with
the figure its registry computation gave for the plan's place in each of the plan's years.

Supervision stands on the same floor and never imports indicators; its task pages load this
panel as an HTML fragment (indicators:task_figures). Who sees a task is plans' rule
(`tasks_visible_to`), the one supervision's task pages use too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import NotFound, PermissionDenied
from luoshi.indicators import computations, permissions
from luoshi.indicators.models import ComputedValue, DataElement, TaskFigure
from luoshi.plans import permissions as plan_permissions
from luoshi.plans.models import Plan, Task


@dataclass
class FigureRow:
    element: DataElement
    label: str  # what the registry computation counts
    # One per year shown: (value or None, the drill-down URL on the latest year's figure).
    cells: list[tuple[Decimal | None, str]] = field(default_factory=list)
    latest_year: int | None = None
    latest_value: Decimal | None = None
    drilldown_url: str = ""  # the rows behind the latest year's figure
    is_demo: bool = False


def plan_years(plan: Plan, today=None) -> tuple[int, int]:
    """The plan's years so far: from its baseline year (the year before it was issued) to
    this year. Figures of later years do not exist yet."""
    this_year = (today or timezone.localdate()).year
    issued = plan.issued_on.year if plan.issued_on else timezone.localtime(plan.created_at).year
    first = min(issued - 1, this_year)
    return first, this_year


def _task_for(viewer, task_id) -> Task:
    """The task, when the viewer may read indicators and see the task (404 alike otherwise)."""
    if not permissions.can_view_indicators(viewer):
        raise NotFound()
    task = (
        plan_permissions.tasks_visible_to(viewer)
        .select_related("plan", "plan__region")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def task_figures(*, viewer, task_id: int, today=None) -> dict:
    """The panel of a task's programme figures. Three queries whatever the number of figures
    and years: the task with its plan, the task's figures with their elements, and their
    computed values for the plan's place over the plan's years. The years shown are those
    with at least one figure; a figure's latest year links to the rows behind it. The figures
    are those last computed (`as_of`)."""
    task = _task_for(viewer, task_id)
    plan = task.plan
    links = list(
        TaskFigure.objects.filter(task=task, element__active=True)
        .select_related("element")
        .order_by("order", "id")
    )
    page = {
        "task": task,
        "plan": plan,
        "figures": [],
        "years": [],
        "has_demo": False,
        "can_choose": permissions.can_choose_task_figures(viewer, task),
    }
    if not links:
        return page
    first, last = plan_years(plan, today)
    values = {
        (v.element_id, v.year): v
        for v in ComputedValue.objects.filter(
            element_id__in=[f.element_id for f in links],
            region_id=plan.region_id,
            year__gte=first,
            year__lte=last,
        ).only("element_id", "year", "value", "is_demo", "computed_at")
    }
    years = sorted({year for (_element, year) in values})
    rows = []
    for link in links:
        element = link.element
        computation = computations.get(element.computation)
        mine = [values[(element.pk, y)] for y in years if (element.pk, y) in values]
        latest = mine[-1] if mine else None
        url = (
            reverse("indicators:drilldown", args=[element.code, plan.region_id, latest.year])
            if latest
            else ""
        )
        rows.append(
            FigureRow(
                element=element,
                label=str(computation.label) if computation else "",
                cells=[
                    (
                        values[(element.pk, y)].value if (element.pk, y) in values else None,
                        url if latest is not None and y == latest.year else "",
                    )
                    for y in years
                ],
                latest_year=latest.year if latest else None,
                latest_value=latest.value if latest else None,
                drilldown_url=url,
                is_demo=any(v.is_demo for v in mine),
            )
        )
    return page | {
        "figures": rows,
        "years": years,
        "has_demo": any(r.is_demo for r in rows),
        # When the registries were last counted (luoshi refresh-indicators runs daily).
        "as_of": max((v.computed_at for v in values.values()), default=None),
    }


def task_figures_choice(*, viewer, task_id: int) -> dict:
    """The office's page choosing a task's figures: the task, every data element computed
    from a registry (in use), and the ones chosen now in their order. 404 alike for a task
    out of sight; refused for anyone but the office of the plan."""
    task = _task_for(viewer, task_id)
    if not permissions.can_choose_task_figures(viewer, task):
        raise PermissionDenied()
    elements = list(
        DataElement.objects.filter(active=True)
        .exclude(computation="")
        .select_related("supplying_unit")
        .order_by("order", "id")
    )
    chosen = list(
        TaskFigure.objects.filter(task=task)
        .order_by("order", "id")
        .values_list("element_id", flat=True)
    )
    # The chosen ones first, in their order; then the rest in the catalogue's order.
    rank = {pk: n for n, pk in enumerate(chosen)}
    elements.sort(key=lambda e: (rank.get(e.pk, len(rank)), e.order, e.pk))
    labels = {e.pk: computations.get(e.computation) for e in elements}
    return {
        "task": task,
        "plan": task.plan,
        "elements": elements,
        "labels": {pk: (str(c.label) if c else "") for pk, c in labels.items()},
        "chosen": chosen,
    }


@dataclass
class PlanFigure:
    task: Task
    element: DataElement
    latest_year: int | None = None
    latest_value: Decimal | None = None
    previous_value: Decimal | None = None  # the year before the latest, when counted
    drilldown_url: str = ""
    is_demo: bool = False


def plan_figures(*, viewer, plan: Plan | None, today=None) -> list[PlanFigure]:
    """Every programme figure shown with the plan's tasks (for the dashboard): by task, the
    latest year's figure for the plan's place beside the year before, linked to the rows
    behind it. Only tasks the viewer sees. Two queries whatever the number of tasks, figures
    and years."""
    if plan is None or not permissions.can_view_indicators(viewer):
        return []
    links = list(
        TaskFigure.objects.filter(
            task__in=plan_permissions.tasks_visible_to(viewer).filter(plan=plan),
            element__active=True,
        )
        .select_related("task", "element")
        .order_by("task__order", "task__id", "order", "id")
    )
    if not links:
        return []
    first, last = plan_years(plan, today)
    values: dict[int, dict[int, ComputedValue]] = {}
    for v in ComputedValue.objects.filter(
        element_id__in={f.element_id for f in links},
        region_id=plan.region_id,
        year__gte=first,
        year__lte=last,
    ).only("element_id", "year", "value", "is_demo"):
        values.setdefault(v.element_id, {})[v.year] = v
    out = []
    for link in links:
        mine = values.get(link.element_id, {})
        latest = mine[max(mine)] if mine else None
        before = mine.get(latest.year - 1) if latest else None
        out.append(
            PlanFigure(
                task=link.task,
                element=link.element,
                latest_year=latest.year if latest else None,
                latest_value=latest.value if latest else None,
                previous_value=before.value if before else None,
                drilldown_url=reverse(
                    "indicators:drilldown", args=[link.element.code, plan.region_id, latest.year]
                )
                if latest
                else "",
                is_demo=bool(latest and latest.is_demo),
            )
        )
    return out
