"""The plans under supervision, a plan's reporting cycle and its periods."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from luoshi.core.errors import NotFound
from luoshi.plans import permissions as plan_permissions
from luoshi.plans import selectors as plan_selectors
from luoshi.plans.models import Plan, Task
from luoshi.supervision import permissions, status
from luoshi.supervision.models import Period, UnitReport


def supervised_plans(*, viewer) -> list[Plan]:
    """Plans with a reporting cycle whose overview the viewer may open, newest first."""
    return list(
        permissions.plans_visible_to(viewer)
        .filter(reporting_cycle__isnull=False)
        .select_related("reporting_cycle", "coordinating_unit", "region")
        .order_by("-issued_on", "-id")
    )


def plans_to_set_up(*, viewer) -> list[Plan]:
    """Active plans the viewer's office coordinates that have no reporting cycle yet: the
    next step after their import."""
    return [
        p
        for p in permissions.plans_visible_to(viewer)
        .filter(reporting_cycle__isnull=True, status=Plan.Status.ACTIVE)
        .select_related("region")
        .order_by("-id")
        if permissions.can_manage_cycle(viewer, p)
    ]


def pick_plan(*, viewer, plan_id: int | None, plans: list[Plan] | None = None) -> Plan | None:
    """The plan asked for (404 when not visible), else the viewer's current plan among the
    supervised ones (plans.selectors.current_plan: their choice, the office default, the
    newest active)."""
    plans = supervised_plans(viewer=viewer) if plans is None else plans
    if plan_id:
        for plan in plans:
            if plan.pk == plan_id:
                return plan
        raise NotFound()
    return plan_selectors.current_plan(viewer=viewer, among=plans)


def picker(*, viewer, plans: list[Plan], current: Plan | None):
    """The shared plan picker over the supervised plans."""
    return plan_selectors.plan_picker(viewer=viewer, plans=plans, current=current)


def get_plan_for_office(*, viewer, plan_id: int) -> Plan:
    try:
        plan = Plan.objects.select_related("region", "coordinating_unit").get(pk=plan_id)
    except Plan.DoesNotExist as exc:
        raise NotFound() from exc
    if not permissions.can_manage_cycle(viewer, plan) and not permissions.can_view_overview(
        viewer, plan
    ):
        raise NotFound()
    return plan


def get_task(*, viewer, task_id: int) -> Task:
    """A task of a plan the viewer may read (404 alike for missing and out of reach)."""
    if not permissions.has_any_role(viewer):
        raise NotFound()
    try:
        return (
            plan_permissions.tasks_visible_to(viewer)
            .select_related(
                "plan",
                "section",
                "plan__coordinating_unit",
                "plan__region",
                "plan__reporting_cycle",
            )
            .get(pk=task_id)
        )
    except Task.DoesNotExist as exc:
        raise NotFound() from exc


def get_period_task(*, viewer, period_id: int, task_id: int) -> tuple[Period, Task]:
    """A period and a task of the same plan (404 otherwise)."""
    period = permissions.get_period_for_user(viewer, period_id)
    task = get_task(viewer=viewer, task_id=task_id)
    if task.plan_id != period.plan_id:
        raise NotFound()
    return period, task


def cycle_page(*, viewer, plan: Plan) -> dict[str, Any]:
    periods = list(
        Period.objects.filter(plan=plan)
        .annotate(
            sent=Count("reports", filter=Q(reports__status__in=UnitReport.SENT)),
        )
        .order_by("-due_date", "-id")
    )
    return {
        "plan": plan,
        "cycle": status.cycle_of(plan),
        "periods": periods,
        "tasks": list(Task.objects.filter(plan=plan, active=True).order_by("order", "id")),
        "can_manage": permissions.can_manage_cycle(viewer, plan),
    }
