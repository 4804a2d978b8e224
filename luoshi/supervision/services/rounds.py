"""Opening a round: every responsible unit's reporters and approvers are told, in-app and
by e-mail, how many of the round's tasks are theirs and when the reports are due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans.models import Plan, Task
from luoshi.supervision import permissions, rounds
from luoshi.supervision.models import Period
from luoshi.supervision.notifications import period_params
from luoshi.supervision.services.notify import notify


@dataclass
class RoundOpened:
    period: Period
    notified_units: int
    notified_users: int
    without_accounts: list  # units nobody could be told (no account)


@transaction.atomic
def round_open(
    *, actor, plan: Plan, period: Period | None = None, today: dt.date | None = None
) -> RoundOpened:
    """Tell each unit of `period` (default: the current regular round) that it is open. Each
    account is told once per round: opening again tells only accounts created since."""
    if actor is not None and not permissions.can_manage_cycle(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))
    if not Task.objects.filter(plan=plan, active=True).exists():
        raise ValidationFailed(
            _("This plan has no tasks, so no reporting round can be opened for it.")
        )
    today = today or timezone.localdate()
    if period is None:
        period = rounds.current_round(plan, today)
    if period is None or period.plan_id != plan.pk:
        raise ValidationFailed(_("Set up the plan's reporting cycle first."))
    period.plan = plan  # the notifications name the plan
    kind = "adhoc_opened" if period.is_adhoc else "round_opened"
    rows = rounds.round_rows(period)
    url = reverse("supervision:todo")
    told_units = told_users = 0
    for row in rows:
        fresh = [u for u in row.users if u not in row.notified]
        if not fresh:
            continue
        told_users += notify(
            fresh,
            kind,
            {
                **period_params(period),
                "period_id": period.pk,
                "count": row.tasks,
                "due": period.due_date.isoformat(),
            },
            url=url,
        )
        told_units += 1
    before = snapshot(period, ["opened_at"])
    if period.opened_at is None:
        period.opened_at = timezone.now()
        period.save(update_fields=["opened_at"])
    without = [row.unit for row in rows if not row.has_accounts]
    audit(
        actor=actor,
        action="update",
        obj=period,
        before=before,
        after=snapshot(period, ["opened_at"]),
        verb="round_open",
        extra={
            "units_notified": told_units,
            "accounts_notified": told_users,
            "units_without_accounts": [u.pk for u in without],
        },
    )
    return RoundOpened(
        period=period,
        notified_units=told_units,
        notified_users=told_users,
        without_accounts=without,
    )
