"""Who may read, import, export and link plans.

Every signed-in role reads the plans of its region and of the regions above it (a plan is
a public document inside the government; a city breaks down its province's plan), and may
download their task-breakdown workbooks. Importing, re-importing and linking a
plan or task to its parent plan belong to the plan's coordinating office — users with
role COORDINATOR whose unit is `plan.coordinating_unit` — and to administrators. A new
plan has no office yet, so any coordinator may import one.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability, role_of
from luoshi.org.scope import scope_of
from luoshi.plans.models import Plan, Task

VIEW_PLAN = "view_plan"
EXPORT_PLAN = "export_plan"
IMPORT_PLAN = "import_plan"
LINK_PARENT = "link_parent"


class _System:
    """The platform itself acting from the command line (exports, imports): sees every plan."""

    is_authenticated = False
    pk = None
    unit_id = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()

CAPABILITIES = {
    Role.ADMIN: {VIEW_PLAN, EXPORT_PLAN, IMPORT_PLAN, LINK_PARENT},
    Role.COORDINATOR: {VIEW_PLAN, EXPORT_PLAN, IMPORT_PLAN, LINK_PARENT},
    Role.LEADER: {VIEW_PLAN, EXPORT_PLAN},
    Role.APPROVER: {VIEW_PLAN, EXPORT_PLAN},
    Role.REPORTER: {VIEW_PLAN, EXPORT_PLAN},
}


def _office_of(user, plan: Plan | None) -> bool:
    """Administrators act for every office; a coordinator for the plans their unit runs."""
    if role_of(user) == Role.ADMIN:
        return True
    if plan is None or plan.coordinating_unit_id is None:
        return True
    return user.unit_id is not None and user.unit_id == plan.coordinating_unit_id


def can_view_plan(user, plan: Plan | None = None) -> bool:
    if user is SYSTEM:
        return True
    return has_capability(user, CAPABILITIES, VIEW_PLAN)


def can_export_plan(user, plan: Plan | None = None) -> bool:
    if user is SYSTEM:
        return True
    return has_capability(user, CAPABILITIES, EXPORT_PLAN)


def can_import_plan(user, plan: Plan | None = None) -> bool:
    """A new plan (`plan=None`) or a revised version of `plan`."""
    return has_capability(user, CAPABILITIES, IMPORT_PLAN) and _office_of(user, plan)


def can_link_parent(user, plan: Plan) -> bool:
    """Name the plan's parent plan, or link one of its tasks to the parent plan's task."""
    return has_capability(user, CAPABILITIES, LINK_PARENT) and _office_of(user, plan)


def can_link_task_parent(user, task: Task) -> bool:
    return can_link_parent(user, task.plan)


def _reads_q(user, path: str):
    if user is SYSTEM:
        return Q()
    return scope_of(user, unlimited=role_of(user) == Role.ADMIN).reads_q(path)


def plans_visible_to(user) -> QuerySet[Plan]:
    if not can_view_plan(user):
        return Plan.objects.none()
    return Plan.objects.filter(_reads_q(user, "region"))


def get_plan_for_user(user, pk) -> Plan:
    """The plan, or NotFound alike for a missing plan and one the user may not see."""
    try:
        return (
            plans_visible_to(user)
            .select_related("region", "coordinating_unit", "parent")
            .get(pk=pk)
        )
    except (Plan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def tasks_visible_to(user) -> QuerySet[Task]:
    if not can_view_plan(user):
        return Task.objects.none()
    return Task.objects.filter(_reads_q(user, "plan__region"))
