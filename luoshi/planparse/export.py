"""The task-breakdown table (任务分解表) officials work from, as Markdown, .xlsx or .docx.

The writers take any object shaped like :class:`~luoshi.planparse.model.Plan`, so the Django
layer can pass a plan rebuilt from its database. Attributes used:

* ``plan.title`` (str | None), and optionally ``issuer``, ``date``, ``doc_number``;
* ``plan.tasks``: an iterable of objects with ``number``, ``chapter``, ``section``, ``title``,
  ``text``, ``lead_units``, ``cooperating_units``, ``implicit_units`` (iterables of str) and
  ``deadline`` (str | None);
* optionally ``plan.chapters`` (objects with ``number`` and ``title``) to number chapter rows,
  and ``plan.targets`` (objects with ``indicator``, ``comparator``, ``value``, ``unit``,
  ``year``, ``text``) for the targets sheet / section.

Implicit units (those a rule such as "以下各项工作均涉及…，不再单独列出" adds to every task)
are written in the 配合单位 cell after the explicit ones, on their own line as
"（另：各县(市、区)政府、市直园区管委会）": each row stays self-contained when a sheet is
filtered or a row is handed to one unit, and the note keeps them apart from the units the
document names for that task.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .units import strip_clauses

HEADERS = ("序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限")
# Column widths in Excel character units (a hanzi is about two).
WIDTHS = (7, 22, 62, 18, 30, 14)
TITLE_FONT = "宋体"
HEADER_FONT = "黑体"
BODY_FONT = "仿宋"
COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


# --- Rows, shared by every format ---------------------------------------------------------------


def _units(values: Iterable[str] | None) -> str:
    return "、".join(values or ())


def _cooperating(task: Any) -> str:
    explicit = _units(getattr(task, "cooperating_units", ()))
    implicit = _units(getattr(task, "implicit_units", ()))
    if implicit:
        note = f"（另：{implicit}）"
        return f"{explicit}\n{note}" if explicit else note
    return explicit


def content_text(task: Any) -> str:
    """The task's text without its responsibility clauses and without the title sentence that
    the 重点任务 column already shows."""
    text = strip_clauses(getattr(task, "text", "") or "")
    title = getattr(task, "title", "") or ""
    if title and text.startswith(title):
        text = text[len(title) :].lstrip("。．.:：；; \n")
    lines = [strip_clauses(line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def table_rows(plan: Any) -> list[tuple[str, tuple[str, ...]]]:
    """``("chapter"|"section", (label,))`` and ``("task", six cells)`` rows in order."""
    numbers = {c.title: c.number for c in getattr(plan, "chapters", ()) or ()}
    rows: list[tuple[str, tuple[str, ...]]] = []
    chapter = section = object()
    for task in plan.tasks:
        if task.chapter != chapter:
            chapter, section = task.chapter, object()
            if task.chapter:
                number = numbers.get(task.chapter)
                rows.append(("chapter", (f"{number}、{task.chapter}" if number else task.chapter,)))
        if task.section != section:
            section = task.section
            if task.section:
                rows.append(("section", (task.section,)))
        rows.append(
            (
                "task",
                (
                    str(task.number or ""),
                    task.title or "",
                    content_text(task),
                    _units(task.lead_units),
                    _cooperating(task),
                    task.deadline or "",
                ),
            )
        )
    return rows


def _sheet_title(plan: Any) -> str:
    return f"{plan.title or '方案'}任务分解表"


def _target_rows(plan: Any) -> list[tuple[str, str, str, str, str]]:
    out = []
    for t in getattr(plan, "targets", ()) or ():
        value = f"{COMPARATOR_TEXT.get(t.comparator, t.comparator)}{_fmt_value(t.value)}"
        out.append((t.indicator, value, t.unit or "", str(t.year or ""), t.text or ""))
    return out


def _fmt_value(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --- Markdown -------------------------------------------------------------------------------------


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", "<br>")


def to_markdown(plan: Any) -> str:
    lines = [f"# {_sheet_title(plan)}", ""]
    meta = [
        x
        for x in (
            getattr(plan, "issuer", None),
            getattr(plan, "doc_number", None),
            getattr(plan, "date", None),
        )
        if x
    ]
    if meta:
        lines += [" · ".join(meta), ""]
    targets = _target_rows(plan)
    if targets:
        lines += ["## 目标指标", "", "| 指标 | 目标值 | 单位 | 年份 |", "| --- | --- | --- | --- |"]
        lines += [f"| {_md_cell(i)} | {v} | {u} | {y} |" for i, v, u, y, _ in targets]
        lines.append("")
    header = "| " + " | ".join(HEADERS) + " |"
    rule = "| " + " | ".join("---" for _ in HEADERS) + " |"
    open_table = False
    for kind, cells in table_rows(plan):
        if kind != "task":
            if lines[-1]:
                lines.append("")
            lines += [f"{'##' if kind == 'chapter' else '###'} {cells[0]}", ""]
            open_table = False
            continue
        if not open_table:
            lines += [header, rule]
            open_table = True
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join(lines).rstrip() + "\n"


# --- XLSX -----------------------------------------------------------------------------------------


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line_count(text: str, width: float) -> int:
    chars_per_line = max(1.0, width * 1.1)  # Excel width units, roughly one Latin character
    return sum(
        max(1, math.ceil(_display_width(part) / chars_per_line)) for part in text.split("\n")
    )


def write_xlsx(plan: Any, path_or_file: Any) -> None:
    """A4 landscape sheet: title row, frozen header repeated on every printed page, merged bold
    chapter/section rows, wrapped text, thin borders, fitted to the page width."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    last = get_column_letter(len(HEADERS))

    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = _sheet_title(plan)
    ws["A1"].font = Font(name=TITLE_FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 36

    for col, (name, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=2, column=col, value=name)
        cell.font = Font(name=HEADER_FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[2].height = 24

    body = Font(name=BODY_FONT, size=11)
    row = 3
    for kind, cells in table_rows(plan):
        if kind == "task":
            for col, value in enumerate(cells, start=1):
                cell = ws.cell(row=row, column=col, value=value)
                cell.font = body
                cell.border = border
                centred = col in (1, 6)
                cell.alignment = Alignment(
                    horizontal="center" if centred else "left", vertical="center", wrap_text=True
                )
            lines = max(_line_count(v, w) for v, w in zip(cells, WIDTHS, strict=True))
            ws.row_dimensions[row].height = max(20, 15 * lines + 4)
        else:
            ws.merge_cells(f"A{row}:{last}{row}")
            cell = ws.cell(row=row, column=1, value=cells[0])
            cell.font = Font(
                name=HEADER_FONT if kind == "chapter" else BODY_FONT, size=12, bold=True
            )
            cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            if kind == "chapter":
                cell.fill = PatternFill("solid", fgColor="F2F2F2")
            for col in range(1, len(HEADERS) + 1):
                ws.cell(row=row, column=col).border = border
            ws.row_dimensions[row].height = 22
        row += 1

    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    targets = _target_rows(plan)
    if targets:
        ts = wb.create_sheet("目标指标")
        for col, (name, width) in enumerate(
            zip(("指标", "目标值", "单位", "年份", "原文"), (34, 12, 10, 8, 60), strict=True),
            start=1,
        ):
            cell = ts.cell(row=1, column=col, value=name)
            cell.font = Font(name=HEADER_FONT, size=12, bold=True)
            cell.border = border
            cell.fill = PatternFill("solid", fgColor="D9D9D9")
            ts.column_dimensions[get_column_letter(col)].width = width
        for r, values in enumerate(targets, start=2):
            for col, value in enumerate(values, start=1):
                cell = ts.cell(row=r, column=col, value=value)
                cell.font = body
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        ts.freeze_panes = "A2"
        ts.page_setup.orientation = "landscape"
        ts.page_setup.paperSize = ts.PAPERSIZE_A4
    # Plan text is never a formula: openpyxl would make a cell starting with "=" one. The
    # same rule as luoshi.core.spreadsheets.text_only, which this Django-free package
    # cannot import; tests/security checks both.
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    wb.save(path_or_file)


# --- DOCX -----------------------------------------------------------------------------------------


def _run_font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _set_cell(cell, text: str, font: str, size: float, bold: bool = False, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.text = ""
    parts = text.split("\n") if text else [""]
    for i, part in enumerate(parts):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run_font(para.add_run(part), font, size, bold)


def write_docx(plan: Any, path_or_file: Any) -> None:
    """A4 landscape document: title, then the table with its header row repeated on every page
    and merged bold chapter/section rows."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(2.0)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_font(title.add_run(_sheet_title(plan)), TITLE_FONT, 18, bold=True)

    rows = table_rows(plan)
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    usable_cm = 29.7 - 3.6
    widths = [Cm(usable_cm * w / sum(WIDTHS)) for w in WIDTHS]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice and WPS read
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, name, width in zip(header.cells, HEADERS, widths, strict=True):
        cell.width = width
        _set_cell(cell, name, HEADER_FONT, 11, bold=True, center=True)
    for kind, cells in rows:
        row = table.add_row()
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        if kind == "task":
            for i, (cell, value) in enumerate(zip(row.cells, cells, strict=True)):
                _set_cell(cell, value, BODY_FONT, 10.5, center=i in (0, 5))
        else:
            merged = row.cells[0].merge(row.cells[-1])
            _set_cell(
                merged, cells[0], HEADER_FONT if kind == "chapter" else BODY_FONT, 11, bold=True
            )
    doc.save(path_or_file)


_SAFE = re.compile(r"[^\w\u4e00-\u9fff-]+")


def suggested_filename(plan: Any, extension: str) -> str:
    """A download name such as ``遂宁市…行动方案任务分解表.xlsx``."""
    return f"{_SAFE.sub('', _sheet_title(plan))[:80] or 'plan'}.{extension.lstrip('.')}"
