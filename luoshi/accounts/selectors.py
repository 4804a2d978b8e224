"""Reads of accounts, the audit trail and the administrator's page."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from luoshi.accounts import permissions
from luoshi.accounts.models import User
from luoshi.core.errors import NotFound
from luoshi.core.models import AuditEvent
from luoshi.core.roles import Role, role_of
from luoshi.org.models import Unit


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


def administrator_exists() -> bool:
    return User.objects.filter(is_superuser=True).exists()


def demo_accounts_exist() -> bool:
    return User.objects.filter(is_demo=True).exists()


def get_user_for_viewer(*, viewer, pk: int) -> User:
    try:
        return users_visible_to(viewer=viewer).get(pk=pk)
    except User.DoesNotExist as exc:
        raise NotFound() from exc


def audit_events(
    *,
    viewer,
    unit_id: int | None = None,
    actor_id: int | None = None,
    model: str = "",
    object_pk: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    if not permissions.can_view_audit(viewer):
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.select_related("actor", "actor_unit")
    if unit_id:
        qs = qs.filter(actor_unit_id=unit_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if model:
        qs = qs.filter(model=model)
    if object_pk:
        qs = qs.filter(object_pk=object_pk)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs


def audit_models() -> list[str]:
    return list(AuditEvent.objects.order_by("model").values_list("model", flat=True).distinct())


def audit_units() -> QuerySet[Unit]:
    return (
        Unit.objects.filter(merged_into__isnull=True)
        .exclude(kind=Unit.Kind.GROUP)
        .order_by("order", "id")
    )


def admin_stats() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "units": Unit.objects.filter(merged_into__isnull=True).count(),
        "audit": AuditEvent.objects.count(),
    }


def sign_in_link_user(*, token: str) -> User | None:
    """The account a one-time link would sign in, while it is valid (nothing is spent)."""
    import hashlib

    from django.utils import timezone

    from luoshi.accounts.models import SignInLink

    link = (
        SignInLink.objects.select_related("user")
        .filter(
            token_hash=hashlib.sha256((token or "").encode("utf-8")).hexdigest(),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
    return link.user if link else None
