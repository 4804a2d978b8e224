"""Files people take away: the indicator table (.xlsx), the target brief (.docx) and the
entry template (.xlsx). Each turns a selector's result into bytes; no queries here."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from luoshi.core import spreadsheets
from luoshi.core.templatetags.luoshi import cn_date
from luoshi.indicators import excel
from luoshi.indicators.templatetags.indicators import format_indicator


def table_rows(data: dict[str, Any]) -> int:
    """Rows the table export writes: one per indicator and place."""
    return sum(len(table["rows"]) for table in data["indicators"])


def table_filename() -> str:
    return _("indicators-%(date)s.xlsx") % {"date": f"{timezone.localdate():%Y%m%d}"}


def indicator_table_xlsx(data: dict[str, Any]) -> bytes:
    """One sheet per indicator: places down, years across. Written row by row
    (openpyxl write-only mode), so memory stays flat however long the table."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    about = wb.create_sheet(_("About")[:31])
    region = data.get("region")
    spreadsheets.append(about, [_("Indicator table"), str(region or "")])
    spreadsheets.append(about, [_("Generated"), cn_date(timezone.now())])
    spreadsheets.append(
        about,
        [
            _(
                "Figures accepted by the coordinating office; a city figure without its own entry is the sum of its counties (parks are not added again)."
            )
        ],
    )
    years = data["years"]
    used: set[str] = set()
    for table in data["indicators"]:
        indicator = table["indicator"]
        title = _sheet_title(indicator.name, used)
        ws = wb.create_sheet(title)
        header = [_("Place"), *[str(y) for y in years], _("Notes")]
        cells = []
        for text in header:
            cell = spreadsheets.as_text(WriteOnlyCell(ws, value=text))
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        spreadsheets.append(
            ws,
            [
                f"{indicator.name}（{indicator.unit_of_measure}）"
                if indicator.unit_of_measure
                else indicator.name
            ],
        )
        for row in table["rows"]:
            values = []
            flags: set[str] = set()
            for cell in row["cells"]:
                if cell is None or cell.value is None:
                    values.append(None)
                    continue
                values.append(round(cell.value, indicator.decimals))
                if cell.provisional:
                    flags.add(_("provisional"))
                if cell.rolled_up:
                    flags.add(_("rolled up"))
                if cell.is_demo:
                    flags.add(_("demo"))
            spreadsheets.append(ws, [row["place"].name, *values, "、".join(sorted(flags))])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or "sheet"
    title, n = clean, 2
    while title in used:
        title = f"{clean[:26]}_{n}"
        n += 1
    used.add(title)
    return title


def _flags(value) -> str:
    """* for a provisional figure (初步数), ◇ for demo data."""
    if value is None:
        return ""
    return ("*" if value.provisional else "") + ("◇" if value.is_demo else "")


def target_brief_docx(data: dict[str, Any]) -> bytes:
    """A one-page brief for the leaders' meeting: every target, where it stands and why."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.6))
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")

    plan = data.get("plan")
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_("Target progress brief") + (f" · {plan.title}" if plan else ""))
    run.bold = True
    run.font.size = Pt(15)
    as_of = data.get("as_of")
    line = _("Data to %(year)s, last accepted %(date)s; generated %(today)s.") % {
        "year": data.get("latest_year") or "—",
        "date": cn_date(as_of) if as_of else "—",
        "today": cn_date(timezone.now()),
    }
    info = document.add_paragraph(line)
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if data.get("has_demo"):
        demo = document.add_paragraph()
        demo.alignment = WD_ALIGN_PARAGRAPH.CENTER
        demo.add_run(_("Includes demo data (marked ◇): not real figures.")).bold = True

    cards = data.get("cards", [])
    headers = [
        _("Target"),
        _("Baseline"),
        _("Latest"),
        _("Target value"),
        _("% achieved"),
        _("Projection"),
        _("Target status"),
    ]
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = [Cm(6.0), Cm(3.8), Cm(3.8), Cm(4.2), Cm(2.2), Cm(3.2), Cm(2.4)]
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    counts: dict[str, int] = {}
    for card in cards:
        cells = grid.add_row().cells
        goal = card.goal
        counts[card.status_label] = counts.get(card.status_label, 0) + 1
        cells[0].text = goal.name
        cells[6].text = card.status_label
        a = card.assessment
        if card.milestone is not None:
            cells[2].text = _("%(done)d of %(total)d steps") % {
                "done": card.milestone.done,
                "total": card.milestone.total,
            }
            cells[3].text = str(goal.target_year or "")
            continue
        if a is None or goal.indicator is None:
            continue
        uom, decimals = goal.indicator.unit_of_measure, goal.indicator.decimals
        cells[1].text = (
            f"{format_indicator(a.baseline, uom, decimals)}（{goal.baseline_year}）"
            if a.baseline is not None
            else "—"
        )
        cells[2].text = (
            f"{format_indicator(a.latest, uom, decimals)}（{a.latest_year}）{_flags(card.latest)}"
            if a.latest is not None
            else "—"
        )
        cells[
            3
        ].text = f"{goal.get_comparator_display()}{format_indicator(a.target, uom, decimals)}（{a.target_year}）"
        cells[4].text = f"{a.pct_achieved:.0f}%" if a.pct_achieved is not None else "—"
        cells[5].text = (
            format_indicator(a.projection, uom, decimals) if a.projection is not None else "—"
        )
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for table_row in grid.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
    summary = "；".join(f"{label} {n}" for label, n in counts.items())
    document.add_paragraph(_("Summary: %(summary)s.") % {"summary": summary or "—"})
    document.add_paragraph(_("* provisional figure (初步数), ◇ demo data."))
    for card in cards:
        p = document.add_paragraph(style="List Bullet")
        p.add_run(f"{card.goal.name}：").bold = True
        p.add_run(card.reason)
    supervision = data.get("supervision")
    if supervision and supervision["rows"]:
        totals = {
            key: sum(row[key] for row in supervision["rows"])
            for key in ("green", "yellow", "red", "grey")
        }
        document.add_paragraph(
            _(
                "Tasks: %(green)d on track, %(yellow)d behind, %(red)d overdue, %(grey)d not yet due."
            )
            % totals
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def entry_template_xlsx(grid: dict[str, Any]) -> bytes:
    rows = [
        {"element": row.element, "region": cell.region, "value": cell.value}
        for row in grid["rows"]
        for cell in row.cells
        if cell.allowed
    ]
    return excel.build_template(unit=grid["unit"], year=grid["year"], rows=rows)


def drilldown_xlsx(data: dict) -> bytes:
    """The rows behind a computed figure as a workbook (people's text kept as text)."""
    out = io.BytesIO()
    book = spreadsheets.xlsxwriter_book(out, in_memory=True)
    ws = book.add_worksheet(_("Rows"))
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    title = (
        f"{data['region'].name} {data['year']} {data['element'].name}：{data['figure']:f}".rstrip(
            "0"
        ).rstrip(".")
    )
    ws.write_string(0, 0, title, bold)
    for col, heading in enumerate(data["drill"].columns):
        ws.write_string(2, col, str(heading), bold)
        ws.set_column(col, col, 22)
    for r, row in enumerate(data["drill"].rows, start=3):
        for c, value in enumerate(row):
            if value is None:
                continue
            if hasattr(value, "isoformat"):
                ws.write_datetime(
                    r, c, timezone.datetime.combine(value, timezone.datetime.min.time()), date
                )
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    book.close()
    return out.getvalue()
