"""Reminders (提醒/催办), run daily by `luoshi remind`.

For every period of every active plan with a reporting cycle, each unit with reports not
yet sent gets at most one reminder of each kind:
  due_soon   from `reminder_lead_days` days before the due date until the day before;
  due_today  on the due date;
  overdue    (催办) after the due date, for periods due within the last OVERDUE_WINDOW_DAYS days.
A Reminder row, unique on (kind, target, period, unit), is written with the notification, so
running the command twice (or a day late) never sends the same reminder twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from luoshi.core.audit import audit
from luoshi.plans.models import Plan
from luoshi.supervision import status
from luoshi.supervision.models import Period, Reminder, ReportingCycle, UnitReport
from luoshi.supervision.notifications import period_params
from luoshi.supervision.services.notify import notify, unit_users

OVERDUE_WINDOW_DAYS = 30
KINDS = (Reminder.Kind.DUE_SOON, Reminder.Kind.DUE_TODAY, Reminder.Kind.OVERDUE)


@dataclass
class ReminderSummary:
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    skipped: int = 0
    notifications: int = 0
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    def line(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        return (
            f"{verb} {self.total} reminders: {self.sent['due_soon']} due-soon, {self.sent['due_today']} due-today, "
            f"{self.sent['overdue']} overdue; {self.skipped} skipped as already sent"
        )


def _kind(period: Period, cycle: ReportingCycle, today: dt.date) -> str | None:
    if today == period.due_date:
        return Reminder.Kind.DUE_TODAY
    if period.due_date - dt.timedelta(days=cycle.reminder_lead_days) <= today < period.due_date:
        return Reminder.Kind.DUE_SOON
    if period.due_date < today <= period.due_date + dt.timedelta(days=OVERDUE_WINDOW_DAYS):
        return Reminder.Kind.OVERDUE
    return None


def reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderSummary:
    """Send the reminders due `today`. Each unit's reminder commits on its own, so a failure
    half-way leaves what was sent recorded and the next run sends only the rest."""
    today = today or timezone.localdate()
    summary = ReminderSummary(dry_run=dry_run)
    plans = Plan.objects.filter(
        status=Plan.Status.ACTIVE, reporting_cycle__isnull=False
    ).select_related("reporting_cycle")
    for plan in plans:
        cycle = plan.reporting_cycle
        earliest = today - dt.timedelta(days=OVERDUE_WINDOW_DAYS)
        latest = today + dt.timedelta(days=cycle.reminder_lead_days)
        periods = [
            p
            for p in Period.objects.filter(plan=plan, due_date__gte=earliest, due_date__lte=latest)
            if _kind(p, cycle, today)
        ]
        if not periods:
            continue
        data = status.load(plan, periods, with_milestones=False)
        sent_before = set(
            Reminder.objects.filter(period__in=periods, target="").values_list(
                "kind", "period_id", "unit_id"
            )
        )
        for period in periods:
            kind = _kind(period, cycle, today)
            missing: dict[int, int] = defaultdict(int)
            for a in data.assignments_in(period):
                row = data.reports.get((period.pk, a.task_id, a.unit_id))
                if row is None or row["status"] not in UnitReport.SENT:
                    missing[a.unit_id] += 1
            for unit_id, count in sorted(missing.items()):
                if (kind, period.pk, unit_id) in sent_before:
                    summary.skipped += 1
                    continue
                if dry_run:
                    summary.sent[kind] += 1
                    continue
                if _send(kind, period, unit_id, count):
                    summary.sent[kind] += 1
                else:
                    summary.skipped += 1
    return summary


def _send(kind: str, period: Period, unit_id: int, count: int) -> bool:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=kind,
                target="",
                period=period,
                unit_id=unit_id,
                sent_at=timezone.now(),
                tasks=count,
            )
            reminder.recipients = notify(
                unit_users([unit_id]),
                kind,
                {**period_params(period), "count": count, "due": period.due_date.isoformat()},
                reverse("supervision:todo"),
            )
            reminder.save(update_fields=["recipients"])
            audit(actor=None, action="create", obj=reminder, verb="reminders_send")
    except IntegrityError:  # another run sent it a moment ago
        return False
    return True
