"""A plan's first round as the office sets it up: tasks, the units that report and their
accounts, the cycle, and who was told the round is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from luoshi.accounts.models import User
from luoshi.core.errors import NotFound
from luoshi.core.roles import Role
from luoshi.org.models import Unit
from luoshi.plans.models import Plan, Task
from luoshi.supervision import permissions, rounds, status


@dataclass
class UnitAccounts:
    unit: Unit
    tasks: int
    accounts: int
    usernames: list[str] = field(default_factory=list)


def get_plan_to_set_up(*, viewer, plan_id: int) -> Plan:
    """A plan whose reporting the viewer sets up (its coordinating office): 404 otherwise."""
    plan = Plan.objects.select_related("region", "coordinating_unit").filter(pk=plan_id).first()
    if plan is None or not permissions.can_manage_cycle(viewer, plan):
        raise NotFound()
    return plan


def plan_units(*, plan: Plan) -> list[UnitAccounts]:
    """Every unit holding a live task of the plan, with its reporter and approver accounts:
    two queries."""
    units = list(
        Unit.objects.filter(
            assignments__task__plan=plan, assignments__task__active=True, assignments__active=True
        )
        .annotate(tasks=Count("assignments__task", distinct=True))
        .order_by("order", "id")
    )
    names: dict[int, list[str]] = {}
    for unit_id, username in (
        User.objects.filter(
            unit_id__in=[u.pk for u in units],
            is_active=True,
            role__in=[Role.REPORTER, Role.APPROVER],
        )
        .order_by("role", "username")
        .values_list("unit_id", "username")
    ):
        names.setdefault(unit_id, []).append(username)
    return [
        UnitAccounts(
            unit=u, tasks=u.tasks, accounts=len(names.get(u.pk, [])), usernames=names.get(u.pk, [])
        )
        for u in units
    ]


def setup_page(*, viewer, plan: Plan, today: dt.date) -> dict[str, Any]:
    """Where the plan's first round stands, step by step."""
    task_count = Task.objects.filter(plan=plan, active=True).count()
    units = plan_units(plan=plan)
    cycle = status.cycle_of(plan)
    period = rounds.current_round(plan, today) if cycle else None
    rows = rounds.round_rows(period) if period else []
    return {
        "plan": plan,
        "task_count": task_count,
        "units": units,
        "without_accounts": [u for u in units if not u.accounts],
        "cycle": cycle,
        "period": period,
        "rows": rows,
        "notified": [r for r in rows if r.notified],
        "not_notified": [r for r in rows if r.has_accounts and not r.notified],
        "cannot": [r for r in rows if not r.has_accounts],
        "notified_users": sum(len(r.notified) for r in rows),
    }


def units_without_accounts(*, plan: Plan, ids: list[int]) -> list[Unit]:
    """Those of `ids` that hold a task of the plan and have no account yet (what the
    accounts step may create accounts for)."""
    allowed = {u.unit.pk: u.unit for u in plan_units(plan=plan) if not u.accounts}
    return [allowed[i] for i in ids if i in allowed]
