"""The reader's own notifications."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from luoshi.supervision.models import Notification


@transaction.atomic
def notification_mark_read(*, actor, ids: list[int] | None = None) -> int:
    """Mark the actor's notifications read (all unread ones when `ids` is None). Reading one's
    own messages is not a domain change, so it is not audited."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
