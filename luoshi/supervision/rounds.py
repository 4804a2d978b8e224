"""A round (a period) and the units that report in it: which period is the current round,
and how many of its tasks each unit holds. Read by the service that opens a round and by
the summary of who was told, so both count alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from luoshi.accounts.models import User
from luoshi.core.roles import Role
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision.models import Notification, Period

OPENED_KINDS = ("round_opened", "adhoc_opened")
UNIT_ROLES = (Role.REPORTER, Role.APPROVER)


def current_round(plan: Plan, today: dt.date) -> Period | None:
    """The regular period containing today; else the next one to start; else the last."""
    periods = Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR)
    return (
        periods.filter(start__lte=today, end__gte=today).order_by("start").first()
        or periods.filter(start__gt=today).order_by("start").first()
        or periods.order_by("-start").first()
    )


def period_assignments(period: Period):
    """The live assignments the period asks reports for (an ad-hoc round: its tasks only)."""
    qs = Assignment.objects.filter(task__plan_id=period.plan_id, task__active=True, active=True)
    if period.is_adhoc:
        qs = qs.filter(task__in=period.tasks.all())
    return qs


def unit_task_counts(period: Period) -> dict[int, int]:
    """unit id -> how many of the period's tasks the unit holds (each task once)."""
    return dict(
        period_assignments(period)
        .values("unit_id")
        .annotate(n=Count("task_id", distinct=True))
        .values_list("unit_id", "n")
    )


@dataclass
class UnitRow:
    unit: Unit
    tasks: int
    users: list[User] = field(default_factory=list)
    notified: list[User] = field(default_factory=list)

    @property
    def has_accounts(self) -> bool:
        return bool(self.users)


def round_rows(period: Period) -> list[UnitRow]:
    """Every unit reporting in the period, with its accounts and those already told that the
    round is open: four queries whatever the number of units."""
    counts = unit_task_counts(period)
    units = Unit.objects.filter(pk__in=list(counts)).order_by("order", "id")
    users: dict[int, list[User]] = {}
    for user in User.objects.filter(
        unit_id__in=list(counts), role__in=list(UNIT_ROLES), is_active=True
    ).order_by("role", "username"):
        users.setdefault(user.unit_id, []).append(user)
    told = set(
        Notification.objects.filter(kind__in=OPENED_KINDS, params__period_id=period.pk).values_list(
            "recipient_id", flat=True
        )
    )
    rows = []
    for unit in units:
        mine = users.get(unit.pk, [])
        rows.append(
            UnitRow(
                unit=unit,
                tasks=counts[unit.pk],
                users=mine,
                notified=[u for u in mine if u.pk in told],
            )
        )
    return rows
