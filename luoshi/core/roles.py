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
    # People of a registered organisation (enterprise, university, lab, ...): no government
    # capability anywhere; the sharing apps give them theirs.
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    ORG_MEMBER = "org_member", _("Organisation member")


ALL_ROLES = frozenset(Role)
GOVERNMENT_ROLES = frozenset(
    {Role.ADMIN, Role.COORDINATOR, Role.LEADER, Role.APPROVER, Role.REPORTER}
)
ORGANISATION_ROLES = frozenset({Role.ORG_ADMIN, Role.ORG_MEMBER})


def role_of(user) -> Role | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    try:
        return Role(user.role)
    except ValueError:
        return None


def is_unit_user(user) -> bool:
    """A government unit's reporter or approver (not the office, a leader or an organisation)."""
    return role_of(user) in (Role.REPORTER, Role.APPROVER) and bool(getattr(user, "unit_id", None))


def has_capability(user, capabilities: dict[Role, set[str] | frozenset[str]], action: str) -> bool:
    role = role_of(user)
    return role is not None and action in capabilities.get(role, ())
