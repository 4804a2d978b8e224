"""The lead unit's consolidation page: the units' reports side by side, and the
consolidated report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from luoshi.core.errors import NotFound
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Task
from luoshi.supervision import permissions, status
from luoshi.supervision.models import Consolidation, Period, UnitReport
from luoshi.supervision.selectors.reports import report_qs, with_previous


@dataclass
class Contribution:
    unit: Unit
    role: str
    report: UnitReport | None  # None when missing, or when the viewer may not read it
    light: status.Light


def consolidation_page(
    *, viewer, period: Period, task: Task, today: dt.date | None = None
) -> dict[str, Any]:
    """The lead unit's workspace: every responsible unit's submission side by side, and the
    consolidation. A unit's report appears only when the viewer may read it (the same rule
    as the report's own page): a cooperating or implicitly involved unit sees its own report
    and the others' lights, never their text.

    Queries: the consolidation with attachments (2), the viewer's unit role (1), the status
    read model for the task (5), the readable reports with figures, attachments and answers
    (4), reviews (1) and versions (1) of the consolidation."""
    today = today or timezone.localdate()
    if not permissions.task_in_period(task, period):
        raise NotFound()
    consolidation = (
        Consolidation.objects.filter(period=period, task=task)
        .select_related("author_unit", "submitted_by", "period__plan", "task")
        .prefetch_related("attachments")
        .first()
    )
    own_role = permissions.unit_role_on_task(viewer, task)
    is_lead = own_role == Assignment.Role.LEAD
    office = permissions.can_view_overview(viewer, period.plan)
    if not (is_lead or office):
        if consolidation is None or not permissions.can_view_consolidation(viewer, consolidation):
            raise NotFound()
    if consolidation is not None and not is_lead and consolidation.status not in Consolidation.SENT:
        consolidation = None
    data = status.load(period.plan, [period], task_ids=[task.pk])
    assignments = data.assignments_in(period)
    readable = {
        r.unit_id: r
        for r in report_qs(permissions.reports_visible_to(viewer)).filter(period=period, task=task)
    }
    contributions = [
        Contribution(
            a.unit,
            a.role,
            readable.get(a.unit_id),
            status.light_for(data, period, task, a.unit_id, today),
        )
        for a in sorted(assignments, key=status.assignment_sort)
    ]
    submitted = sum(
        1
        for a in assignments
        if (r := data.reports.get((period.pk, task.pk, a.unit_id)))
        and r["status"] in UnitReport.SENT
    )
    missing = [
        c.unit
        for c, a in zip(contributions, sorted(assignments, key=status.assignment_sort), strict=True)
        if not (
            (r := data.reports.get((period.pk, task.pk, a.unit_id)))
            and r["status"] in UnitReport.SENT
        )
    ]
    return {
        "period": period,
        "task": task,
        "consolidation": consolidation,
        "contributions": contributions,
        "submitted_count": submitted,
        "missing_units": missing,
        "needs_sign_off": permissions.consolidation_needs_sign_off(period.plan),
        "can_submit": is_lead
        and (consolidation is None or consolidation.editable)
        and permissions.can_submit_consolidation(viewer, task, period.plan),
        "can_hand_in": is_lead
        and permissions.can_hand_in_consolidation(viewer, consolidation, task),
        "is_lead": is_lead,
        "can_edit": is_lead and (consolidation is None or consolidation.editable),
        "can_review": consolidation is not None
        and permissions.can_review_consolidation(viewer, consolidation),
        "reviews": list(consolidation.reviews.select_related("reviewer").order_by("at"))
        if consolidation
        else [],
        "versions": with_previous(
            consolidation.versions.select_related("created_by").order_by("number")
        )
        if consolidation
        else [],
        "lead_units": [a.unit for a in assignments if a.role == Assignment.Role.LEAD],
        "can_write_own": own_role is not None
        and permissions.can_write_report(viewer, period, task, own_role),
    }
