"""A unit's combined report (综合报告): where the plan's reporting cycle says so, a county
government or park committee files one report per period covering every task it is
implicitly involved in — the shared account written once, a note per task where it has one —
while the tasks it leads or cooperates on keep their own reports.

A combined report is stored as the unit's report on each of those tasks (marked `combined`,
the shared text in each, the task's note in `task_note`), written through the same services
as any report: lights, consolidation, review and the ledger read it like any other.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.plans.models import Assignment, Task
from luoshi.supervision.models import Period, ReportingCycle, UnitReport
from luoshi.supervision.services.reports import (
    report_hand_in,
    report_save_draft,
    report_sign_off,
)

SHARED_FIELDS = ("work_done", "problems", "next_steps", "self_status", "nothing_new")
ACTIONS = ("save", "hand_in", "sign_off")


def combined_kinds(plan) -> set[str]:
    cycle = ReportingCycle.objects.filter(plan=plan).only("combined_kinds").first()
    return set(cycle.combined_kinds or []) if cycle else set()


def combined_tasks(*, unit, period: Period, kinds: set[str] | None = None) -> list[Task]:
    """The tasks of the period the unit reports on in its combined report: those it is
    implicitly involved in, when its kind files combined reports in this plan."""
    kinds = combined_kinds(period.plan) if kinds is None else kinds
    if unit is None or unit.kind not in kinds:
        return []
    tasks = Task.objects.filter(
        plan_id=period.plan_id,
        active=True,
        assignments__unit=unit,
        assignments__active=True,
        assignments__role=Assignment.Role.IMPLICIT,
    ).order_by("order", "id")
    if period.is_adhoc:
        tasks = tasks.filter(pk__in=period.tasks.values("pk"))
    return list(tasks.distinct())


def stamp_of(reports: dict[int, UnitReport | None]) -> str:
    """What the editor loaded: each task's report version (0 for none yet). A write carrying
    another stamp is a conflict: someone in the unit saved in the meantime."""
    return ",".join(f"{pk}:{r.version if r else 0}" for pk, r in sorted(reports.items()))


@transaction.atomic
def combined_report_write(
    *,
    actor,
    period: Period,
    stamp: str,
    action: str = "save",
    shared: dict[str, Any],
    notes: dict[int, dict[str, Any]] | None = None,
) -> list[UnitReport]:
    """Write the actor's unit's combined report: `shared` (work_done, problems, next_steps,
    self_status, nothing_new) into every covered task's report, with `notes[task id]`
    (task_note, progress_pct) — then hand it in or sign it off when `action` says so. Reports
    already sent (submitted or approved) are left as they are; a returned one is sent again."""
    if action not in ACTIONS:
        raise ValueError(action)
    unit = getattr(actor, "unit", None)
    tasks = combined_tasks(unit=unit, period=period)
    if not tasks:
        raise PermissionDenied(_("Your unit does not file a combined report in this plan."))
    unknown = set(shared) - set(SHARED_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown field(s): %(names)s") % {"names": ", ".join(unknown)})
    reports = {
        r.task_id: r
        for r in UnitReport.objects.select_for_update().filter(
            period=period, unit=unit, task__in=tasks
        )
    }
    current = stamp_of({t.pk: reports.get(t.pk) for t in tasks})
    if stamp != current:
        raise Conflict(
            _("Someone in your unit saved this combined report in the meantime; reload it first.")
        )
    service = {"save": report_save_draft, "hand_in": report_hand_in, "sign_off": report_sign_off}[
        action
    ]
    notes = notes or {}
    written = []
    for task in tasks:
        report = reports.get(task.pk)
        if report is not None and not report.editable:
            continue
        note = notes.get(task.pk, {})
        content = {
            **shared,
            "task_note": note.get("task_note", ""),
            "progress_pct": note.get("progress_pct"),
            "combined": True,
        }
        try:
            written.append(
                service(
                    actor=actor,
                    period=period,
                    task=task,
                    version=report.version if report else 0,
                    **content,
                )
            )
        except ValidationFailed as exc:
            raise ValidationFailed(
                _("Task %(n)s: %(message)s") % {"n": task.number, "message": exc}, exc.errors
            ) from exc
    if not written:
        raise ValidationFailed(_("Every task of this combined report has already been sent."))
    return written
