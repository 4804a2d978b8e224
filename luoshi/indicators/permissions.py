"""Who may read, enter, approve, accept and unlock indicator data.

Only the unit that supplies an element enters its values; that unit's approver
approves them; the coordinating office accepts them (and alone unlocks accepted
values). Leaders read everything that is accepted and write nothing. Offices and leaders
work within their region (luoshi.org.scope): the office sees its region's values in every
state; accepted figures of the regions above are readable too (a city compares itself with
its province).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability, role_of
from luoshi.indicators.models import DataElement, DataValue, Evidence, Goal, IndicatorValue
from luoshi.org.scope import Scope, scope_of

VIEW = "view_indicators"
VIEW_ALL_VALUES = "view_all_values"
ENTER = "enter_values"
APPROVE = "approve_values"
ACCEPT = "accept_values"
UNLOCK_APPROVED = "unlock_approved"
UNLOCK_ACCEPTED = "unlock_accepted"
MANAGE = "manage_definitions"
UPDATE_MILESTONE = "update_milestones"
EXPORT = "export_indicators"

_OFFICE = {
    VIEW,
    VIEW_ALL_VALUES,
    ACCEPT,
    UNLOCK_APPROVED,
    UNLOCK_ACCEPTED,
    MANAGE,
    UPDATE_MILESTONE,
    EXPORT,
}
CAPABILITIES = {
    Role.ADMIN: set(_OFFICE),
    Role.COORDINATOR: set(_OFFICE),
    Role.LEADER: {VIEW, EXPORT},
    Role.APPROVER: {VIEW, ENTER, APPROVE, UNLOCK_APPROVED, UPDATE_MILESTONE, EXPORT},
    Role.REPORTER: {VIEW, ENTER, UPDATE_MILESTONE, EXPORT},
}


def _scope(user) -> Scope:
    return scope_of(user, unlimited=role_of(user) == Role.ADMIN)


def _own_unit(user, unit_id) -> bool:
    return unit_id is not None and getattr(user, "unit_id", None) == unit_id


def can_view_indicators(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW)


def can_export(user) -> bool:
    return has_capability(user, CAPABILITIES, EXPORT)


def can_manage_definitions(user) -> bool:
    return has_capability(user, CAPABILITIES, MANAGE)


def can_enter_values(user) -> bool:
    """May enter values for some element (the unit's own elements)."""
    return has_capability(user, CAPABILITIES, ENTER)


def can_enter_element(user, element: DataElement) -> bool:
    return has_capability(user, CAPABILITIES, ENTER) and _own_unit(user, element.supplying_unit_id)


def can_approve_values(user) -> bool:
    return has_capability(user, CAPABILITIES, APPROVE)


def can_approve_value(user, value: DataValue) -> bool:
    return has_capability(user, CAPABILITIES, APPROVE) and _own_unit(
        user, value.element.supplying_unit_id
    )


def can_accept_values(user) -> bool:
    return has_capability(user, CAPABILITIES, ACCEPT)


def can_accept_value(user, value: DataValue) -> bool:
    return has_capability(user, CAPABILITIES, ACCEPT)


def can_unlock_value(user, value: DataValue) -> bool:
    """An approved value is unlocked by its unit's approver or the office; an accepted
    value only by the office."""
    if value.state == DataValue.State.ACCEPTED:
        return has_capability(user, CAPABILITIES, UNLOCK_ACCEPTED)
    if value.state == DataValue.State.APPROVED:
        if has_capability(user, CAPABILITIES, UNLOCK_ACCEPTED):
            return True
        return has_capability(user, CAPABILITIES, UNLOCK_APPROVED) and _own_unit(
            user, value.element.supplying_unit_id
        )
    return False


def can_break_down(user, goal: Goal) -> bool:
    """Set the target's yearly targets for its place and the places under it (分解下达):
    the office of that place."""
    return has_capability(user, CAPABILITIES, MANAGE) and _scope(user).covers(goal.region_id)


def can_update_milestone(user, goal: Goal) -> bool:
    if has_capability(user, CAPABILITIES, MANAGE):
        return True
    return has_capability(user, CAPABILITIES, UPDATE_MILESTONE) and _own_unit(
        user, goal.responsible_unit_id
    )


def elements_enterable_by(user) -> QuerySet[DataElement]:
    if not can_enter_values(user) or getattr(user, "unit_id", None) is None:
        return DataElement.objects.none()
    return DataElement.objects.filter(supplying_unit_id=user.unit_id, active=True)


def values_visible_to(user) -> QuerySet[DataValue]:
    """The office sees every value; a supplying unit sees its own in every state and the
    rest once accepted; leaders see accepted values."""
    if not can_view_indicators(user):
        return DataValue.objects.none()
    scope = _scope(user)
    accepted = Q(state=DataValue.State.ACCEPTED) & scope.reads_q("region")
    if has_capability(user, CAPABILITIES, VIEW_ALL_VALUES):
        return DataValue.objects.filter(scope.within_q("region") | accepted)
    if can_enter_values(user) and getattr(user, "unit_id", None):
        return DataValue.objects.filter(accepted | Q(element__supplying_unit_id=user.unit_id))
    return DataValue.objects.filter(accepted)


def get_value_for_user(user, pk: int) -> DataValue:
    try:
        return (
            values_visible_to(user)
            .select_related("element", "element__supplying_unit", "region")
            .get(pk=pk)
        )
    except (DataValue.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def computed_visible_to(user) -> QuerySet[IndicatorValue]:
    """Computed figures (from accepted values) of the regions the person may read."""
    if not can_view_indicators(user):
        return IndicatorValue.objects.none()
    return IndicatorValue.objects.filter(_scope(user).reads_q("region"))


def can_read_region(user, region) -> bool:
    return can_view_indicators(user) and _scope(user).reads(region.pk)


def home_region_id(user) -> int | None:
    """The region a person works for, when limited to one (None: everything)."""
    return _scope(user).region_id


def goals_visible_to(user) -> QuerySet[Goal]:
    if not can_view_indicators(user):
        return Goal.objects.none()
    return Goal.objects.filter(_scope(user).reads_q("region"))


def get_goal_for_user(user, pk: int) -> Goal:
    try:
        return (
            goals_visible_to(user)
            .select_related("indicator", "plan", "target", "region", "responsible_unit")
            .get(pk=pk)
        )
    except (Goal.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def can_choose_task_figures(user, task) -> bool:
    """Choose the programme figures a task's reports show: the office of the task's plan —
    a coordinator whose unit runs the plan (any coordinator when the plan names no office)
    within its region — and administrators."""
    if not has_capability(user, CAPABILITIES, MANAGE):
        return False
    if role_of(user) == Role.ADMIN:
        return True
    plan = task.plan
    if not _scope(user).covers(plan.region_id):
        return False
    return plan.coordinating_unit_id is None or _own_unit(user, plan.coordinating_unit_id)


def get_evidence_for_user(user, pk: int) -> Evidence:
    try:
        return Evidence.objects.select_related("step", "step__goal").get(
            pk=pk, step__goal__in=goals_visible_to(user)
        )
    except (Evidence.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
