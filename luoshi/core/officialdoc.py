"""Official documents (公文) in the national layout, GB/T 9704-2012, written with python-docx.

    doc = OfficialDocument(issuer="遂宁市科学技术局", doc_number="遂科督〔2026〕3号",
                           title="关于……的通报", recipients="各县（市、区）人民政府……",
                           signer="遂宁市科学技术局", date=dt.date(2026, 12, 5))
    doc.heading("一、总体情况"); doc.paragraph("……"); doc.table(headers, rows)
    data = doc.save()

The layout: A4; margins top 37 mm, bottom 35 mm, left (binding) 28 mm, right 26 mm, leaving
the 156 × 225 mm text block; a document grid of 22 lines × 28 characters of 3号 (16 pt) body
text; the issuing organ's mark (发文机关标志) in red 小标宋 35 mm below the top of the text
block, the document number (发文字号, with 〔〕) two lines below it, the red separator line
4 mm below that; the title in 2号 (22 pt) 小标宋, centred, two lines below the line; the
addressees (主送) flush left; body paragraphs indented two characters, headings 一、 in 黑体
and （一） in 楷体; the signature (落款) and the date in Arabic numerals, right-aligned four
characters in; the imprint (版记) at the end; page numbers in 4号 (14 pt) half-width digits
between em-dashes, `— 1 —`, odd pages right and even pages left, one character in.

Fonts: the document names the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312), which government PCs have. Where a font is not installed here, the document
properties say so and name the installed CJK font it is shown in (`font_map`), and
`render_pdf` makes LibreOffice use those fonts when it renders a PDF.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# The official font of each role, and the installed font shown instead when it is absent.
OFFICIAL_FONTS = {
    "title": "方正小标宋简体",
    "body": "仿宋_GB2312",
    "heading1": "黑体",
    "heading2": "楷体_GB2312",
    "page": "宋体",
}
SUBSTITUTES = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
}

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
PAGE_PT = 14  # 4号
LINE_TWIPS = 579  # 225 mm ÷ 22 lines = 28.95 pt
# 28 characters of 16 pt in 156 mm (442.2 pt) need the characters 0.25 pt closer: the
# spacing is set on the text (in 1/20 pt) rather than by a character grid, which LibreOffice
# draws with each 16 pt character across two 15.8 pt cells.
CHAR_SPACING = -5
RED = "FF0000"
LAYOUT_NOTE = (
    "GB/T 9704-2012：A4，天头37mm、订口28mm，版心156×225mm，正文3号仿宋，每页22行、每行28字"
)


@functools.cache
def installed_families() -> frozenset[str]:
    """Font families fontconfig knows on this machine (empty when fc-list is missing)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        out = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    families = set()
    for line in out.splitlines():
        for name in line.split(","):
            if name.strip():
                families.add(name.strip())
    return frozenset(families)


def font_map() -> dict[str, str]:
    """Each official font not installed here → the installed font shown instead."""
    installed = installed_families()
    return {
        official: substitute
        for official, substitute in SUBSTITUTES.items()
        if official not in installed
    }


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关 (full name), printed in the 版头 as "<issuer>文件"
    title: str
    doc_number: str = ""  # e.g. 遂科督〔2026〕3号; empty for a draft
    recipients: str = ""  # 主送机关
    signer: str = ""  # 落款 (the issuing organ)
    date: dt.date | None = None
    printed_by: str = ""  # 版记: 印发机关
    copies_to: str = ""  # 版记: 抄送
    mark: str = ""  # the 版头 text; "<issuer>文件" by default
    notes: list[str] = field(default_factory=list)  # said in the document properties
    _body: list = field(default_factory=list, repr=False)

    # -- building ------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> None:
        """一、 (level 1, 黑体), （一） (level 2, 楷体) or 1. (level 3, 仿宋 bold)."""
        self._body.append(("heading", level, text))

    def paragraph(self, text: str, *, indent: bool = True, bold: bool = False) -> None:
        self._body.append(("paragraph", text, indent, bold))

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence], widths_mm: Sequence[float] = ()
    ) -> None:
        self._body.append(("table", list(headers), [list(r) for r in rows], list(widths_mm)))

    def note(self, text: str) -> None:
        """A smaller note under a table or at the end (data periods, provisional figures)."""
        self._body.append(("note", text))

    # -- writing -------------------------------------------------------------------------

    def save(self) -> bytes:
        import io

        document = self._document()
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    def _document(self):
        from docx import Document
        from docx.enum.section import WD_SECTION_START
        from docx.shared import Mm

        document = Document()
        self._styles(document)
        section = document.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance, section.footer_distance = Mm(15), Mm(20)
        self._grid(section)
        self._page_numbers(document, section)
        body = document.paragraphs[0] if document.paragraphs else None
        if body is not None:  # the template's empty first paragraph
            body._element.getparent().remove(body._element)
        self._masthead(document)
        self._title(document)
        if self.recipients:
            self._line(document, f"{self.recipients}：", indent=False)
        for item in self._body:
            kind = item[0]
            if kind == "heading":
                self._heading(document, item[1], item[2])
            elif kind == "paragraph":
                self._line(document, item[1], indent=item[2], bold=item[3])
            elif kind == "table":
                self._table(document, *item[1:])
            elif kind == "note":
                self._note(document, item[1])
        self._signature(document)
        self._imprint(document)
        # Document properties hold at most 255 characters each.
        props = document.core_properties
        props.title = self.title[:255]
        props.author = self.issuer[:255]
        props.subject = self.doc_number[:255]
        props.keywords = LAYOUT_NOTE
        props.comments = self.fonts_note()[:255]
        props.content_status = "；".join(self.notes)[:255]
        return document

    @staticmethod
    def fonts_note() -> str:
        """Which official fonts this machine lacks and what they are shown in."""
        missing = font_map()
        if not missing:
            return "使用正式字体：" + "、".join(dict.fromkeys(OFFICIAL_FONTS.values())) + "。"
        return (
            "本机未安装正式字体，以已安装字体显示："
            + "；".join(f"{a}→{b}" for a, b in missing.items())
            + "。在装有正式字体的电脑上按正式字体显示。"
        )

    # -- parts ---------------------------------------------------------------------------

    @staticmethod
    def _fonts(run_or_style, font: str) -> None:
        from docx.oxml.ns import qn

        run_or_style.font.name = font
        rpr = run_or_style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font)

    def _styles(self, document) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt, Twips

        normal = document.styles["Normal"]
        self._fonts(normal, OFFICIAL_FONTS["body"])
        normal.font.size = Pt(BODY_PT)
        rpr = normal.element.get_or_add_rPr()
        spacing = rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(CHAR_SPACING)})
        rpr.append(spacing)
        lang = rpr.makeelement(
            qn("w:lang"), {qn("w:val"): "en-US", qn("w:eastAsia"): "zh-CN", qn("w:bidi"): "ar-SA"}
        )
        rpr.append(lang)
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Twips(LINE_TWIPS)
        # The document grid counts characters in the default font size: make it 3号.
        defaults = document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            size = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
            if size is not None:
                size.set(qn("w:val"), str(BODY_PT * 2))

    @staticmethod
    def _grid(section) -> None:
        from docx.oxml.ns import qn

        sect = section._sectPr
        grid = sect.find(qn("w:docGrid"))
        if grid is None:
            grid = sect.makeelement(qn("w:docGrid"), {})
            sect.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_TWIPS))

    def _page_numbers(self, document, section) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        document.settings.odd_and_even_pages_header_footer = True
        for footer, align, side in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
        ):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            if side == "right":
                p.paragraph_format.right_indent = Pt(PAGE_PT)
            else:
                p.paragraph_format.left_indent = Pt(PAGE_PT)
            for text, is_field in (("— ", False), ("PAGE", True), (" —", False)):
                run = p.add_run()
                self._fonts(run, OFFICIAL_FONTS["page"])
                run.font.size = Pt(PAGE_PT)
                if not is_field:
                    run.text = text
                    continue
                for kind in ("begin", None, "separate", "end"):
                    if kind is None:
                        instr = OxmlElement("w:instrText")
                        instr.set(qn("xml:space"), "preserve")
                        instr.text = " PAGE "
                        run._r.append(instr)
                        continue
                    char = OxmlElement("w:fldChar")
                    char.set(qn("w:fldCharType"), kind)
                    run._r.append(char)
                    if kind == "separate":
                        number = OxmlElement("w:t")
                        number.text = "1"
                        run._r.append(number)

    def _p(self, document, *, align=None, before_pt=0, line_pt=None, snap=True):
        from docx.oxml.ns import qn
        from docx.shared import Pt

        p = document.add_paragraph()
        if not snap:
            ppr = p._p.get_or_add_pPr()
            ppr.append(ppr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))
        if align is not None:
            p.alignment = align
        fmt = p.paragraph_format
        fmt.space_before = Pt(before_pt)
        if line_pt is not None:
            fmt.line_spacing = Pt(line_pt)
        return p

    def _masthead(self, document) -> None:
        """版头: the organ's mark in red, the document number, the red separator line."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt, RGBColor

        mark = self.mark or f"{self.issuer}文件"
        size = min(42, max(24, int(400 / max(len(mark), 1))))  # fits the 156 mm width
        p = self._p(document, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=size * 1.2, snap=False)
        # 35 mm from the top of the text block to the top of the mark.
        p.paragraph_format.space_before = Mm(35) - Pt(size * 0.1)
        run = p.add_run(mark)
        self._fonts(run, OFFICIAL_FONTS["title"])
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor.from_string(RED)
        self._line(document, "", indent=False)
        number = self._p(document, align=WD_ALIGN_PARAGRAPH.CENTER)
        run = number.add_run(self.doc_number or "〔　　〕　号")
        self._fonts(run, OFFICIAL_FONTS["body"])
        run.font.size = Pt(BODY_PT)
        # The red separator line, 4 mm below the document number, across the text block.
        line = self._p(document, line_pt=Mm(4).pt, snap=False)
        ppr = line._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "0"), ("w:color", RED)):
            bottom.set(qn(key), value)
        borders.append(bottom)
        ppr.append(borders)
        self._line(document, "", indent=False)

    def _title(self, document) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self._p(document, align=WD_ALIGN_PARAGRAPH.CENTER, line_pt=35, snap=False)
        run = p.add_run(self.title)
        self._fonts(run, OFFICIAL_FONTS["title"])
        run.font.size = Pt(TITLE_PT)
        self._line(document, "", indent=False)

    def _line(self, document, text: str, *, indent: bool = True, bold: bool = False, align=None):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self._p(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY if align is None else align)
        if indent:
            p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        if text:
            run = p.add_run(text)
            self._fonts(run, OFFICIAL_FONTS["body"])
            run.font.size = Pt(BODY_PT)
            run.bold = bold
        return p

    def _heading(self, document, level: int, text: str) -> None:
        from docx.shared import Pt

        p = self._p(document)
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        p.paragraph_format.keep_with_next = True
        run = p.add_run(text)
        font = {1: OFFICIAL_FONTS["heading1"], 2: OFFICIAL_FONTS["heading2"]}.get(
            level, OFFICIAL_FONTS["body"]
        )
        self._fonts(run, font)
        run.font.size = Pt(BODY_PT)
        run.bold = level >= 3

    def _table(self, document, headers, rows, widths_mm) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Fixed column widths (the grid is what LibreOffice reads; the cells, what Word does).
        widths = list(widths_mm) or [156 / len(headers)] * len(headers)
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Mm(width)
        size = 12  # 小四 in tables
        for row_cells, values, bold in [(table.rows[0].cells, headers, True)] + [
            (None, r, False) for r in rows
        ]:
            cells = row_cells or table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, values, strict=False)):
                p = cell.paragraphs[0]
                p.paragraph_format.line_spacing = Pt(size * 1.3)
                p.paragraph_format.first_line_indent = Pt(0)
                if bold:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = p.add_run("" if value is None else str(value))
                self._fonts(run, OFFICIAL_FONTS["heading1" if bold else "body"])
                run.font.size = Pt(size)
                if i < len(widths):
                    cell.width = Mm(widths[i])
        document.add_paragraph()

    def _note(self, document, text: str) -> None:
        from docx.shared import Pt

        p = self._p(document)
        p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        p.paragraph_format.line_spacing = Pt(22)
        run = p.add_run(text)
        self._fonts(run, OFFICIAL_FONTS["body"])
        run.font.size = Pt(12)

    def _signature(self, document) -> None:
        """落款 and the date, right-aligned four characters in, with room for the seal."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        for _ in range(2):
            self._line(document, "", indent=False)
        for text in (self.signer or self.issuer, cn_document_date(self.date)):
            if not text:
                continue
            p = self._line(document, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)

    def _imprint(self, document) -> None:
        """版记: 抄送 and 印发 between thin lines at the end of the document."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        if not (self.printed_by or self.copies_to):
            return
        self._line(document, "", indent=False)
        lines = []
        if self.copies_to:
            lines.append(f"抄送：{self.copies_to}。")
        printed = cn_document_date(self.date)
        lines.append(f"{self.printed_by}\u3000\u3000{printed}印发" if printed else self.printed_by)
        for i, text in enumerate(lines):
            p = self._line(document, text, indent=False)
            p.paragraph_format.left_indent = Pt(BODY_PT)
            for run in p.runs:
                run.font.size = Pt(14)
            ppr = p._p.get_or_add_pPr()
            borders = OxmlElement("w:pBdr")
            for side in ("top", "bottom") if i == len(lines) - 1 else ("top",):
                edge = OxmlElement(f"w:{side}")
                for key, value in (
                    ("w:val", "single"),
                    ("w:sz", "8" if side == "top" and i == 0 else "4"),
                    ("w:space", "1"),
                    ("w:color", "000000"),
                ):
                    edge.set(qn(key), value)
                borders.append(edge)
            ppr.append(borders)


def cn_document_date(date: dt.date | None) -> str:
    """成文日期 in Arabic numerals, month and day without a leading zero: 2026年12月5日."""
    if date is None:
        return ""
    return f"{date.year}年{date.month}月{date.day}日"


# -- rendering ---------------------------------------------------------------------------


def soffice() -> str | None:
    """LibreOffice's command line program, when installed (LUOSHI_SOFFICE overrides)."""
    return (
        os.environ.get("LUOSHI_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    )


def _fontconfig(directory: Path) -> Path:
    """A fontconfig file that includes the system's and maps each absent official font to
    its installed substitute, so LibreOffice draws the document in CJK serif and sans."""
    # 小标宋 is a heavy face: its substitute is drawn bold.
    aliases = "".join(
        f'<match target="pattern"><test name="family"><string>{official}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{substitute}</string>'
        "</edit>"
        + (
            '<edit name="weight" mode="assign"><const>bold</const></edit>'
            if official == OFFICIAL_FONTS["title"]
            else ""
        )
        + "</match>"
        for official, substitute in font_map().items()
    )
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{aliases}</fontconfig>",
        "utf-8",
    )
    return path


def render_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """The document as PDF, rendered by LibreOffice in a profile of its own. Raises
    RuntimeError when LibreOffice is missing or fails."""
    program = soffice()
    if program is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="luoshi-pdf-") as tmp:
        directory = Path(tmp)
        source = directory / "document.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(directory)), "HOME": tmp}
        result = subprocess.run(
            [
                program,
                f"-env:UserInstallation=file://{directory / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(directory),
                str(source),
            ],
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
        pdf = directory / "document.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise RuntimeError(
                f"LibreOffice failed ({result.returncode}): {result.stderr.decode(errors='replace')[:500]}"
            )
        return pdf.read_bytes()
