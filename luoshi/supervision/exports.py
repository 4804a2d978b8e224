"""The periodic bulletin (通报, .docx) and the ledger (台账, .xlsx) built from selector output."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core import spreadsheets
from luoshi.core.templatetags.luoshi import cn_date
from luoshi.plans.models import Assignment
from luoshi.supervision.models import UnitReport


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


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


def bulletin_docx(scorecard: dict, overview=None) -> bytes:
    """通报: the ranking, who was late or returned most, and the tasks red now."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    plan = scorecard["plan"]
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    scope = str(scorecard["year"]) if scorecard["year"] else _("all periods to date")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(
        _("Bulletin on the implementation of “%(plan)s” (%(scope)s)")
        % {"plan": plan.title, "scope": scope}
    )
    run.bold = True
    run.font.size = Pt(16)
    totals = scorecard["totals"]
    c = totals.counts
    document.add_paragraph(
        _(
            "As of %(date)s, %(periods)s reporting period(s) were due. Of %(expected)s expected unit reports, "
            "%(submitted)s were submitted (completeness %(completeness)s) and %(on_time)s on time (on-time rate "
            "%(on_time_rate)s); %(returned)s were returned for revision. %(ms_done)s of %(ms_due)s milestones due "
            "were completed. %(notices)s supervision notice(s) were issued."
        )
        % {
            "date": cn_date(scorecard["today"]),
            "periods": len(scorecard["periods"]),
            "expected": c.expected,
            "submitted": c.submitted,
            "completeness": _pct(totals.completeness),
            "on_time": c.on_time,
            "on_time_rate": _pct(totals.on_time_rate),
            "returned": c.returned,
            "ms_done": c.milestones_done,
            "ms_due": c.milestones_due,
            "notices": c.notices,
        }
    )
    document.add_heading(_("1. Unit ranking"), level=2)
    headers = [
        _("Rank"),
        _("Unit"),
        _("On-time rate"),
        _("Completeness"),
        _("Returned"),
        _("Milestones"),
        _("Score"),
    ]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for line in scorecard["lines"]:
        s = line.score
        row = table.add_row().cells
        values = [
            s.rank or "—",
            str(line.unit),
            _pct(s.on_time_rate),
            _pct(s.completeness),
            s.counts.returned,
            _pct(s.milestone_rate),
            "—" if s.score is None else f"{s.score:.1f}",
        ]
        for cell, value in zip(row, values, strict=True):
            cell.text = str(value)
    document.add_heading(_("2. Units to improve"), level=2)
    weak = [line for line in scorecard["lines"] if line.score.score is not None][-5:]
    if weak:
        for line in reversed(weak):
            s = line.score
            document.add_paragraph(
                _(
                    "%(unit)s: score %(score)s, on-time rate %(on_time)s, %(returned)s report(s) returned."
                )
                % {
                    "unit": line.unit,
                    "score": f"{s.score:.1f}",
                    "on_time": _pct(s.on_time_rate),
                    "returned": s.counts.returned,
                },
                style="List Bullet",
            )
    if overview is not None and overview.period is not None:
        document.add_heading(
            _("3. Tasks red in %(period)s") % {"period": overview.period.label}, level=2
        )
        reds = [row for row in overview.rows if row.light and row.light.colour == "red"]
        for row in reds:
            units = [c.unit for c in row.cells if c is not None and c.light.colour == "red"]
            document.add_paragraph(
                f"{row.task}: " + "、".join(str(u) for u in units) + f" — {row.light.text}",
                style="List Bullet",
            )
        if not reds:
            document.add_paragraph(_("No task is red."))
    document.add_paragraph(
        _(
            "Score = 40 × on-time rate + 30 × completeness + 20 × milestone completion + 10 × first-pass rate, "
            "minus 2 points per supervision notice (see the scorecard page)."
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ledger_xlsx(rows, scorecard: dict) -> bytes:
    """台账: one line per expected report (missing ones included), and the scorecard."""
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
    ]
    widths = [12, 11, 6, 30, 18, 8, 10, 11, 7, 7, 8, 10, 28, 50, 30, 30]
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
            sheet.write(line, col, "" if value is None else value, wrap if col >= 13 else None)
    if line:
        sheet.autofilter(0, 0, line, len(headers) - 1)
    score_sheet = book.add_worksheet(_("Scorecard"))
    headers = [
        _("Rank"),
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
        _("Score"),
    ]
    for col, text in enumerate(headers):
        score_sheet.write(0, col, text, bold)
    score_sheet.set_column(1, 1, 22)
    pct = book.add_format({"num_format": "0.0%"})
    for i, entry in enumerate(scorecard["lines"], start=1):
        s = entry.score
        c = s.counts
        score_sheet.write_row(
            i,
            0,
            [
                s.rank or "",
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
        score_sheet.write(i, 9, s.on_time_rate if s.on_time_rate is not None else "", pct)
        score_sheet.write(i, 10, s.completeness if s.completeness is not None else "", pct)
        score_sheet.write(i, 11, s.score if s.score is not None else "")
    book.close()
    return buffer.getvalue()
