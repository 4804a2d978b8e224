"""In-app notifications and e-mail. Rows are written in the caller's transaction; mail goes
out only after it commits (a rolled-back write never e-mails anyone)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.message import EmailMessage
from django.db import transaction
from django.utils import translation

from luoshi.accounts.models import User
from luoshi.core.roles import Role
from luoshi.supervision import notifications
from luoshi.supervision.models import Notification

log = logging.getLogger(__name__)

UNIT_ROLES = (Role.REPORTER, Role.APPROVER)


def unit_users(unit_ids, roles: Iterable[str] = UNIT_ROLES) -> list[User]:
    """Reporters and approvers of the units: `unit_ids` is a list or a subquery of ids."""
    if isinstance(unit_ids, list | tuple | set) and not unit_ids:
        return []
    return list(User.objects.filter(unit_id__in=unit_ids, role__in=list(roles), is_active=True))


def office_users(plan) -> list[User]:
    qs = User.objects.filter(role=Role.COORDINATOR, is_active=True)
    if plan.coordinating_unit_id:
        qs = qs.filter(unit_id=plan.coordinating_unit_id)
    return list(qs)


def notify(
    users: Iterable[User], kind: str, params: dict, url: str = "", *, email: bool = True
) -> int:
    """One notification per user (each user once); e-mail after commit. Returns how many."""
    unique = {u.pk: u for u in users if u is not None}
    if not unique:
        return 0
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, kind=kind, params=params, url=url) for pk in unique]
    )
    addresses = sorted({u.email for u in unique.values() if u.email})
    if email and addresses:
        transaction.on_commit(lambda: _send_mail(addresses, kind, params, url))
    return len(unique)


def _send_mail(addresses: list[str], kind: str, params: dict, url: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = notifications.render(kind, params)
        subject = f"[{settings.LUOSHI_SITE_NAME}] {text[:60]}"
    body = text + (f"\n\n{url}" if url else "")
    try:
        connection = get_connection()
        connection.send_messages(
            [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
        )
    except Exception:  # a mail server outage must not break the request that already committed
        log.exception("sending %s notification e-mail failed", kind)
