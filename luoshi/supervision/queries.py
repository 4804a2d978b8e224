"""Reads shared by services and selectors that are not about lights (those live in
`luoshi.supervision.status`)."""

from __future__ import annotations

from luoshi.plans.models import Task
from luoshi.supervision.models import Instruction, InstructionAnswer, UnitReport


def pending_instructions(
    *, task: Task, unit_id: int, report: UnitReport | None = None
) -> list[Instruction]:
    """Instructions on the task addressed to the unit that no sent report of it has answered."""
    answered_elsewhere = InstructionAnswer.objects.filter(
        unit_id=unit_id, report__status__in=UnitReport.SENT
    )
    if report is not None and report.pk:
        answered_elsewhere = answered_elsewhere.exclude(report=report)
    return list(
        Instruction.objects.filter(task=task, units=unit_id)
        .exclude(pk__in=answered_elsewhere.values("instruction_id"))
        .order_by("created_at", "id")
    )
