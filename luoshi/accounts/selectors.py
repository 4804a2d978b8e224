"""Reads of accounts, the audit trail and the administrator's page."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext

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


# --- The audit trail as a person reads it ---------------------------------------------------------


def _model_of(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def record_type_label(label: str) -> str:
    """`plans.task` → 任务 (the model's verbose name), or the label when unknown."""
    model = _model_of(label)
    return str(model._meta.verbose_name) if model is not None else label


def audit_model_choices() -> list[tuple[str, str]]:
    """(label, name a person reads) of every record type in the trail."""
    return [(m, record_type_label(m)) for m in audit_models()]


def _shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "—"
    choices = dict(getattr(field, "flatchoices", None) or ())
    if isinstance(value, str | int) and value in choices:
        return str(choices[value])
    return str(value)


def describe_changes(event: AuditEvent) -> list[tuple[str, str, str]]:
    """One (field, before, after) line per changed field, in the field's own words; the
    service's bookkeeping (`_extra`) is left out."""
    model = _model_of(event.model)
    lines = []
    for name, pair in (event.changes or {}).items():
        if name.startswith("_") or not isinstance(pair, list | tuple) or len(pair) != 2:
            continue
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except Exception:  # a field since removed, or a computed key
                field = None
        # A key that is no field (a service's own, e.g. lead_units) or names a reverse relation
        # (which has no verbose name) reads as its words.
        verbose = getattr(field, "verbose_name", None)
        label = str(verbose) if verbose else gettext(name.replace("_", " "))
        before, after = pair
        lines.append((label, _shown(field, before), _shown(field, after)))
    return lines
