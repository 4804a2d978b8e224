"""Reads of accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.accounts import permissions
from luoshi.accounts.models import User
from luoshi.accounts.roles import Role, role_of
from luoshi.core.errors import NotFound


def users_visible_to(*, viewer, unit_id: int | None = None, q: str = "") -> QuerySet[User]:
    """Everyone for the office, administrators and leaders; an approver sees their own unit."""
    qs = User.objects.select_related("unit").order_by("unit__order", "unit_id", "role", "username")
    if permissions.can_view_users(viewer):
        pass
    elif role_of(viewer) == Role.APPROVER:
        qs = qs.filter(unit_id=viewer.unit_id)
    else:
        return qs.none()
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if q:
        qs = qs.filter(username__icontains=q) | qs.filter(full_name__icontains=q)
    return qs


def get_user_for_viewer(*, viewer, pk: int) -> User:
    try:
        return users_visible_to(viewer=viewer).get(pk=pk)
    except User.DoesNotExist as exc:
        raise NotFound() from exc
