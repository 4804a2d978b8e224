"""Reads for the audit trail."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from luoshi.core import permissions
from luoshi.core.models import AuditEvent


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


def audit_units():
    from luoshi.org.models import Unit

    return (
        Unit.objects.filter(merged_into__isnull=True)
        .exclude(kind=Unit.Kind.GROUP)
        .order_by("order", "id")
    )


def admin_stats() -> dict[str, int]:
    from luoshi.accounts.models import User
    from luoshi.org.models import Unit

    return {
        "users": User.objects.count(),
        "units": Unit.objects.filter(merged_into__isnull=True).count(),
        "audit": AuditEvent.objects.count(),
    }
