"""Word helpers the fixture builders share: fonts as official documents use them, paragraphs,
tables, page-number footers."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def _font(run, name: str = "仿宋_GB2312", size: float = 16, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text: str, *, title: bool = False, indent: bool = True, bold: bool = False):
    p = doc.add_paragraph()
    if title:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), "方正小标宋简体", 22)
    else:
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)
        _font(p.add_run(text), bold=bold)
    return p


def _table(doc, rows: list[list[str]], section_rows: set[int] = frozenset()):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        cells = table.rows[r].cells
        if r in section_rows:
            merged = cells[0].merge(cells[-1])
            merged.text = values[0]
            continue
        for c, value in enumerate(values):
            cells[c].text = value
    return table


def _page_number_footer(doc) -> None:
    """Footer "— N —" with a PAGE field, as official documents print page numbers."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    p.add_run(" —")
