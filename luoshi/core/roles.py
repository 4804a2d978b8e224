"""Roles are a code enum; what each role may do is a capability map per app.

Each app's permissions module declares `CAPABILITIES: dict[Role, set[str]]` for
its own actions and answers object-level questions (own unit, plan's office).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinating office")
    LEADER = "leader", _("City leader")
    APPROVER = "approver", _("Unit approver")
    REPORTER = "reporter", _("Unit reporter")


ALL_ROLES = frozenset(Role)


def role_of(user) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    try:
        return Role(user.role)
    except ValueError:
        return None


def has_capability(user, capabilities: dict[Role, set[str] | frozenset[str]], action: str) -> bool:
    role = role_of(user)
    return role is not None and action in capabilities.get(role, ())
