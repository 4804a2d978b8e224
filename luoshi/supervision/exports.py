"""The ledger (台账, .xlsx) built from selector output. The bulletin (通报) and the other
official documents are the yearly assessment's (luoshi.assessment.documents), in the
national layout."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core import spreadsheets
from luoshi.plans.models import Assignment
from luoshi.supervision.models import UnitReport


def disposition(slug: str, name: str, year, ext: str) -> str:
    """An ASCII file name for old clients and the translated one for the others."""
    stamp = str(year) if year else timezone.localdate().isoformat()
    return (
        f'attachment; filename="luoshi-{slug}-{stamp}.{ext}"; '
        f"filename*=UTF-8''{quote(f'{name}-{stamp}.{ext}')}"
    )


def ledger_filename(year) -> str:
    stamp = str(year) if year else timezone.localdate().isoformat()
    name = _("ledger")
    return f"{name}-{stamp}.xlsx"


def ledger_xlsx(rows, scorecard: dict) -> bytes:
    """台账: one line per expected report (missing ones included), and each unit's process
    figures. Demo records are marked in their own column."""

    buffer = io.BytesIO()
    book = spreadsheets.xlsxwriter_book(buffer, in_memory=True, constant_memory=True)
    bold = book.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    fills = {
        colour: book.add_format({"bg_color": bg, "valign": "top"})
        for colour, bg in {
            "green": "#C8E6C9",
            "yellow": "#FFF59D",
            "red": "#FFCDD2",
            "grey": "#EEEEEE",
        }.items()
    }
    sheet = book.add_worksheet(_("Ledger"))
    headers = [
        _("Period"),
        _("Due date"),
        _("Task"),
        _("Task title"),
        _("Unit"),
        _("Responsibility"),
        _("Status"),
        _("First submitted"),
        _("On time"),
        _("Times returned"),
        _("Progress (%)"),
        _("Self-assessed status"),
        _("Light"),
        _("Work done"),
        _("Problems"),
        _("Next steps"),
        _("Demo data"),
    ]
    widths = [12, 11, 6, 30, 18, 8, 10, 11, 7, 7, 8, 10, 28, 50, 30, 30, 8]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(0, col, text, bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    roles = dict(Assignment.Role.choices)
    statuses = dict(UnitReport.Status.choices)
    from luoshi.supervision.models import SelfStatus

    self_statuses = dict(SelfStatus.choices)
    line = 0
    for row in rows:
        line += 1
        report = row["report"] or {}
        text = row["text"]
        first = report.get("first_submitted_at")
        first_date = timezone.localtime(first).date() if first else None
        on_time = (
            ""
            if first_date is None
            else (_("yes") if first_date <= row["period"].due_date else _("no"))
        )
        values = [
            row["period"].label,
            row["period"].due_date,
            row["task"].number,
            row["task"].title,
            str(row["unit"]),
            str(roles.get(row["role"], row["role"])),
            str(statuses.get(report.get("status"), _("Not started"))),
            first_date,
            on_time,
            report.get("return_count", 0),
            report.get("progress_pct"),
            str(self_statuses.get(text.get("self_status"), "")),
            row["light"].text,
            text.get("work_done", ""),
            text.get("problems", ""),
            text.get("next_steps", ""),
            _("yes") if report.get("is_demo") else "",
        ]
        for col, value in enumerate(values):
            if col in (1, 7):
                if value:
                    sheet.write_datetime(
                        line, col, dt.datetime(value.year, value.month, value.day), date
                    )
                continue
            if col == 12:
                sheet.write(line, col, value, fills[row["light"].colour])
                continue
            sheet.write(
                line, col, "" if value is None else value, wrap if 13 <= col <= 15 else None
            )
    if line:
        sheet.autofilter(0, 0, line, len(headers) - 1)
    score_sheet = book.add_worksheet(_("Process figures"))
    headers = [
        _("Unit"),
        _("Expected"),
        _("Submitted"),
        _("On time"),
        _("Returned"),
        _("Milestones due"),
        _("Milestones done"),
        _("Notices"),
        _("On-time rate"),
        _("Completeness"),
        _("First-pass rate"),
        _("Milestone completion"),
    ]
    for col, text in enumerate(headers):
        score_sheet.write(0, col, text, bold)
    score_sheet.set_column(0, 0, 22)
    pct = book.add_format({"num_format": "0.0%"})
    for i, entry in enumerate(scorecard["lines"], start=1):
        f = entry.figures
        c = f.counts
        score_sheet.write_row(
            i,
            0,
            [
                str(entry.unit),
                c.expected,
                c.submitted,
                c.on_time,
                c.returned,
                c.milestones_due,
                c.milestones_done,
                c.notices,
            ],
        )
        for col, rate in enumerate(
            (f.on_time_rate, f.completeness, f.first_pass_rate, f.milestone_rate), start=8
        ):
            score_sheet.write(i, col, rate if rate is not None else "", pct)
    if scorecard["plan"].is_demo:
        score_sheet.write(len(scorecard["lines"]) + 2, 0, _("Demo data: not real figures."))
    book.close()
    return buffer.getvalue()
