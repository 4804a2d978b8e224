"""Hostile files, generated on the fly (never committed): each is small to upload and
built to cost a careless reader memory, time or secrets."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl

MILESTONE_HEADER = ["任务编号", "年度", "工作要点", "责任单位", "完成时限"]

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def _workbook(rows=(MILESTONE_HEADER, ["1", 2025, "要点", "市发展改革委", "2025-06-30"])) -> bytes:
    """A milestone list whose second sheet carries the indicator template's marker, so both
    readers get past their first checks to the hostile first sheet."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.create_sheet("说明").append(["luoshi-indicators-template-v1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, name: str, change, *, extra: dict[str, bytes] | None = None) -> bytes:
    """The .xlsx/.docx `data` with entry `name` passed through `change` (and extra entries)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == name:
                content = change(content)
            dst.writestr(item.filename, content)
        for extra_name, content in (extra or {}).items():
            dst.writestr(extra_name, content)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def _declared(last_row: int) -> bytes:
    """Declares 16,384 columns × `last_row` rows and puts one cell in the last row: a
    reader that trusts the declaration builds every row 16,384 cells wide."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD%d"/>' % last_row, xml)
        return xml.replace(
            b"</sheetData>",
            b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
            % (last_row, last_row),
        )

    return _rewrite(_workbook(), SHEET, change)


def xlsx_declared_dimension() -> bytes:
    """The attack found: ~5 KB declaring A1:XFD4000 (the worker went 222 → 720 MB)."""
    return _declared(4000)


def xlsx_full_sheet() -> bytes:
    """The same declaring the whole sheet, A1:XFD1048576."""
    return _declared(1_048_576)


def xlsx_wide_row(cells: int = 600_000) -> bytes:
    """One row holding 600,000 cells (~9 MB of XML, ~40 KB compressed)."""
    row = b'<row r="3">' + b"<c><v>1</v></c>" * cells + b"</row>"
    return _rewrite(
        _workbook(), SHEET, lambda xml: xml.replace(b"</sheetData>", row + b"</sheetData>")
    )


def xlsx_many_rows(rows: int = 200_000) -> bytes:
    """200,000 one-cell rows (far past the 20,000-row limit), ~100 KB compressed."""
    body = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(3, rows + 3)
    )
    return _rewrite(
        _workbook(), SHEET, lambda xml: xml.replace(b"</sheetData>", body + b"</sheetData>")
    )


def xlsx_zip_bomb(expanded_mb: int = 64) -> bytes:
    """A sheet padded with whitespace to 64 MB when inflated, ~65 KB compressed."""
    padding = b" " * (expanded_mb * 1024 * 1024)
    return _rewrite(
        _workbook(), SHEET, lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + padding)
    )


def xlsx_many_entries(entries: int = 5000) -> bytes:
    return _rewrite(
        _workbook(), "", lambda x: x, extra={f"xl/media/p{i}.bin": b"" for i in range(entries)}
    )


def xlsx_billion_laughs() -> bytes:
    """A sheet whose first string expands to 10⁹ "lol"s through nested entities."""

    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        body = re.sub(rb"<t>[^<]*</t>", b"<t>&lol9;</t>", body, count=1)
        return BILLION_LAUGHS.encode() + body

    return _rewrite(_workbook(), SHEET, change)


def xlsx_external_entity() -> bytes:
    """A sheet that would pull in /etc/passwd through an external entity."""

    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        body = re.sub(rb"<t>[^<]*</t>", b"<t>&xxe;</t>", body, count=1)
        return EXTERNAL_ENTITY.encode() + body

    return _rewrite(_workbook(), SHEET, change)


HOSTILE_XLSX = {
    "declared-dimension": xlsx_declared_dimension,
    "full-sheet": xlsx_full_sheet,
    "wide-row": xlsx_wide_row,
    "many-rows": xlsx_many_rows,
    "zip-bomb": xlsx_zip_bomb,
    "many-entries": xlsx_many_entries,
    "billion-laughs": xlsx_billion_laughs,
    "external-entity": xlsx_external_entity,
}


# -- plan documents -------------------------------------------------------------------------

TASK_LINE = "{n}. 推进第{n}项协同创新工作。（责任单位：市科技局，市发展改革委）"


def _docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("遂宁市测试行动方案")
    document.add_paragraph("二、重点任务")
    document.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    document.save(buffer)
    xml_paragraphs = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs).encode()
    return _rewrite(
        buffer.getvalue(),
        "word/document.xml",
        lambda xml: re.sub(
            rb"<w:p>(?:(?!<w:p>).)*?PLACEHOLDER.*?</w:p>",
            lambda _m: xml_paragraphs,
            xml,
            count=1,
            flags=re.S,
        ),
    )


def docx_expanding(tasks: int = 100_000) -> bytes:
    """~0.5 MB compressed, ~15 MB of XML, 100,000 "tasks"."""
    return _docx([TASK_LINE.format(n=n) for n in range(1, tasks + 1)])


def docx_billion_laughs() -> bytes:
    def change(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        body = body.replace(b"PLACEHOLDER", b"&lol9;")
        return BILLION_LAUGHS.encode() + body

    from docx import Document

    document = Document()
    document.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    document.save(buffer)
    return _rewrite(buffer.getvalue(), "word/document.xml", change)


def docx_zip_bomb(expanded_mb: int = 64) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("PLACEHOLDER")
    buffer = io.BytesIO()
    document.save(buffer)
    padding = b" " * (expanded_mb * 1024 * 1024)
    return _rewrite(
        buffer.getvalue(),
        "word/document.xml",
        lambda xml: xml.replace(b"<w:body>", b"<w:body>" + padding),
    )


def txt_many_tasks(tasks: int = 100_000) -> bytes:
    """~8 MB of text: 100,000 numbered tasks with responsibility clauses."""
    lines = ["遂宁市测试行动方案", "二、重点任务", "（一）测试"]
    lines += [TASK_LINE.format(n=n) for n in range(1, tasks + 1)]
    return "\n".join(lines).encode("utf-8")


def pdf_many_pages(pages: int = 20_000) -> bytes:
    """A valid PDF of 20,000 pages sharing one content stream (~1.5 MB)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # pages, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 720 Td (1. Task) Tj ET\nendstream",
    ]
    first_page = len(objects) + 1
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
        )
    return _pdf(objects)


def pdf_flate_bomb(expanded_mb: int = 300) -> bytes:
    """One page whose content stream inflates to 300 MB."""
    import zlib

    stream = zlib.compress(b" " * (expanded_mb * 1024 * 1024), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


HOSTILE_PLANS = {
    "expanding.docx": docx_expanding,
    "billion-laughs.docx": docx_billion_laughs,
    "zip-bomb.docx": docx_zip_bomb,
    "many-tasks.txt": txt_many_tasks,
    "many-pages.pdf": pdf_many_pages,
    "flate-bomb.pdf": pdf_flate_bomb,
}
