"""What a report or consolidation says: cleaning the submitted content, snapshots for versions
and the audit, quantities, and the words and links notifications use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none
from luoshi.core.errors import ValidationFailed
from luoshi.supervision import rules
from luoshi.supervision.models import (
    Consolidation,
    ReportQuantity,
    SelfStatus,
    UnitReport,
)
from luoshi.supervision.notifications import period_params

MAX_TEXT = rules.MAX_TEXT
MAX_QUANTITIES = 10
_CODE = re.compile(r"^[A-Za-z0-9_.\-]*$")


def actor_id(actor) -> int | None:
    user = actor_or_none(actor)
    return user.pk if user is not None else None


def report_params(report: UnitReport) -> dict[str, Any]:
    return {
        **period_params(report.period),
        "task": report.task.number,
        "unit": str(report.unit),
    }


def report_url(report: UnitReport) -> str:
    return reverse(
        "supervision:report_view", args=[report.period_id, report.task_id, report.unit_id]
    )


# -- content ----------------------------------------------------------------------------


def clean_content(
    *,
    work_done: str = "",
    problems: str = "",
    next_steps: str = "",
    self_status: str = "",
    progress_pct: Any = None,
    nothing_new: bool = False,
    quantities: list[dict] | None = None,
    task_note: str = "",
    combined: bool = False,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Server-side validation of everything a report form sends (`task_note` and `combined`
    come from a unit's combined report: its note on this task, and the mark)."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {"combined": bool(combined)}
    for name, text in (
        ("work_done", work_done),
        ("problems", problems),
        ("next_steps", next_steps),
        ("task_note", task_note),
    ):
        text = (text or "").replace("\r\n", "\n")
        if len(text) > MAX_TEXT:
            errors[name] = [_("At most %(n)s characters.") % {"n": MAX_TEXT}]
        values[name] = text
    if self_status and self_status not in SelfStatus.values:
        errors["self_status"] = [_("Choose a status from the list.")]
    values["self_status"] = self_status or ""
    if progress_pct in ("", None):
        values["progress_pct"] = None
    else:
        try:
            pct = int(str(progress_pct).strip().rstrip("%"))
        except ValueError:
            pct = -1
        if not 0 <= pct <= 100:
            errors["progress_pct"] = [_("A whole number from 0 to 100.")]
        values["progress_pct"] = pct
    values["nothing_new"] = bool(nothing_new)
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(quantities or []):
        label = (row.get("label") or "").strip()
        raw = str(row.get("value") or "").strip().replace(",", "")
        measure = (row.get("unit_of_measure") or "").strip()
        code = (row.get("indicator_code") or "").strip()
        if not label and not raw:
            continue
        problem = None
        value = None
        if not label:
            problem = _("Figure %(n)s: say what the number counts.")
        elif len(label) > 120 or len(measure) > 20 or len(code) > 60:
            problem = _("Figure %(n)s: a name, unit or code is too long.")
        elif not _CODE.match(code):
            problem = _(
                "Figure %(n)s: an indicator code has only letters, digits, dots, dashes and underscores."
            )
        else:
            try:
                value = Decimal(raw)
                if not value.is_finite() or abs(value) >= Decimal("1e16"):
                    raise InvalidOperation
            except InvalidOperation:
                problem = _("Figure %(n)s: “%(value)s” is not a number.")
        if problem:
            errors.setdefault("quantities", []).append(problem % {"n": index + 1, "value": raw})
            continue
        rows.append(
            {
                "label": label,
                "value": value,
                "unit_of_measure": measure,
                "indicator_code": code,
                "order": len(rows),
            }
        )
    if len(rows) > MAX_QUANTITIES:
        errors.setdefault("quantities", []).append(
            _("At most %(n)s figures.") % {"n": MAX_QUANTITIES}
        )
    if errors:
        raise ValidationFailed(_("Please correct the highlighted fields."), errors=errors)
    return values, rows


def content_snapshot(report: UnitReport) -> dict[str, Any]:
    """The report's content as kept in a version: texts, status, figures, attachments, answers."""
    return rules.report_content(
        report,
        report.quantities.all(),
        [a.original_name for a in report.attachments.all()],
        {a.instruction_id: a.text for a in report.instruction_answers.all()},
    )


@dataclass
class Figures:
    rows: list  # the report's figures after the write (dicts or ReportQuantity rows)
    changed: list  # [[label, value], ...] when the write changed them, for the audit trail


def save_quantities(report: UnitReport, rows: list[dict[str, Any]], *, new: bool) -> Figures:
    current = [] if new else list(report.quantities.all())
    key = [(q.label, q.value, q.unit_of_measure, q.indicator_code) for q in current]
    wanted = [(r["label"], r["value"], r["unit_of_measure"], r["indicator_code"]) for r in rows]
    if key == wanted:
        return Figures(rows=current, changed=[])
    if not new:
        report.quantities.all().delete()
    ReportQuantity.objects.bulk_create([ReportQuantity(report=report, **row) for row in rows])
    return Figures(rows=rows, changed=[[r["label"], r["value"]] for r in rows])


def consolidation_snapshot(consolidation: Consolidation) -> dict[str, Any]:
    return rules.consolidation_content(
        consolidation, [a.original_name for a in consolidation.attachments.all()]
    )
