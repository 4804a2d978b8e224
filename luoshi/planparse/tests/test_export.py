"""The task-breakdown table in xlsx, docx and Markdown."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from luoshi.planparse import parse_file
from luoshi.planparse.export import HEADERS, content_text, to_markdown, write_docx, write_xlsx

from .golden import FIXTURES


@pytest.fixture(scope="module")
def suining():
    return parse_file(FIXTURES / "suining-2022-action-plan.txt")


@pytest.fixture(scope="module")
def workbook(suining):
    buf = io.BytesIO()
    write_xlsx(suining, buf)
    buf.seek(0)
    return load_workbook(buf)


def test_xlsx_has_title_row_then_header_row(workbook):
    ws = workbook["任务分解表"]
    assert ws["A1"].value == "遂宁市增强协同创新发展能力行动方案任务分解表"
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert tuple(c.value for c in ws[2]) == HEADERS
    assert ws["A2"].font.bold


def test_xlsx_section_rows_are_merged_bold_and_precede_their_tasks(workbook):
    ws = workbook["任务分解表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert ws["A3"].value == "二、重点任务" and "A3:F3" in merged
    assert ws["A4"].value == "融入协同创新格局" and "A4:F4" in merged and ws["A4"].font.bold
    assert ws["A5"].value == "1" and ws["B5"].value == "融入成渝地区双城经济圈建设"
    section_rows = [r for r in range(3, ws.max_row + 1) if f"A{r}:F{r}" in merged]
    assert len(section_rows) == 1 + 8
    task_rows = [r for r in range(3, ws.max_row + 1) if f"A{r}:F{r}" not in merged]
    assert len(task_rows) == 25


def test_xlsx_cells_hold_units_deadline_and_implicit_note(workbook):
    ws = workbook["任务分解表"]
    row = next(r for r in range(3, ws.max_row + 1) if ws[f"A{r}"].value == "2")
    assert ws[f"D{row}"].value == "遂潼园区筹委会"
    assert ws[f"E{row}"].value == (
        "遂潼川渝毗邻地区一体化发展先行区建设领导小组各成员单位\n（另：各县(市、区)政府、市直园区管委会）"
    )
    assert ws[f"C{row}"].value.startswith("认真落实先行区建设总体方案")
    assert "责任单位" not in ws[f"C{row}"].value
    assert ws[f"C{row}"].alignment.wrap_text
    assert ws[f"C{row}"].border.left.style == "thin"


def test_xlsx_print_setup_is_a4_landscape_fitted_to_width(workbook):
    ws = workbook["任务分解表"]
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert (
        ws.column_dimensions["C"].width
        > ws.column_dimensions["B"].width
        > ws.column_dimensions["A"].width
    )
    assert ws["C5"].font.name in ("仿宋", "宋体")


def test_xlsx_targets_sheet(workbook):
    ts = workbook["目标指标"]
    assert [c.value for c in ts[2]][:4] == ["全社会研发投入强度", "≥1.05", "%", "2025"]


def test_docx_table_repeats_its_header_and_is_landscape(suining):
    from docx import Document

    buf = io.BytesIO()
    write_docx(suining, buf)
    buf.seek(0)
    doc = Document(buf)
    section = doc.sections[0]
    assert section.page_width > section.page_height
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(HEADERS)
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")
    assert table.rows[1].cells[0].text == "二、重点任务"
    assert len(table.rows) == 1 + 1 + 8 + 25


def test_markdown_lists_sections_and_tasks(suining):
    md = to_markdown(suining)
    assert md.startswith("# 遂宁市增强协同创新发展能力行动方案任务分解表")
    assert "### 融入协同创新格局" in md
    assert "| 1 | 融入成渝地区双城经济圈建设 |" in md
    assert md.count("| 序号 |") == 8


def test_writers_accept_a_plan_rebuilt_elsewhere():
    task = SimpleNamespace(
        number="1",
        chapter="重点任务",
        section=None,
        title="推进网络覆盖",
        text="推进网络覆盖。推动5G网络向乡村延伸。（责任单位：市经信局）",
        lead_units=["市经信局"],
        cooperating_units=[],
        implicit_units=["各县（市、区）政府"],
        deadline="2024年底前",
    )
    plan = SimpleNamespace(title="XX方案", tasks=[task])
    buf = io.BytesIO()
    write_xlsx(plan, buf)
    buf.seek(0)
    ws = load_workbook(buf).active
    assert ws["A4"].value == "1"
    assert ws["C4"].value == "推动5G网络向乡村延伸。"
    assert ws["E4"].value == "（另：各县（市、区）政府）"
    assert ws["F4"].value == "2024年底前"
    write_docx(plan, io.BytesIO())
    assert "推进网络覆盖" in to_markdown(plan)


def test_content_text_drops_title_sentence_and_clauses():
    task = SimpleNamespace(title="甲", text="甲。内容一。（责任单位：A局）\n内容二。")
    assert content_text(task) == "内容一。\n内容二。"
