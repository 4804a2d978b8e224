"""Hostile documents, generated in memory (never committed): the files a reader must refuse
within bounded time and memory. Used by ``test_hostile.py`` and ``bench/bench_parse.py``."""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(document_xml: bytes, extra: dict[str, bytes] | None = None, level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>{body}</w:body></w:document>'.encode()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_inflated(expanded: int = 20 * 1024 * 1024) -> bytes:
    """A ~62 KB .docx whose document part expands to ``expanded`` bytes of task-like
    paragraphs (367,000 "tasks" when read naively)."""
    para = paragraph("1.推进工作。（责任单位：市发展改革委）")
    head = _document("")
    count = (expanded - len(head)) // len(para.encode())
    return _docx(_document(para * count))


def docx_many_paragraphs(count: int = 120_000) -> bytes:
    """Paragraphs that compress like real text (so no inflation check catches them), far
    beyond any plan."""
    body = "".join(
        paragraph(f"{k}.第{k * 7919 % 100003}项任务推进第{k * 104729 % 99991}号工作。")
        for k in range(1, count + 1)
    )
    return _docx(_document(body), level=1)


def docx_giant_paragraph(runs: int = 1_000_000) -> bytes:
    """One paragraph of a million runs (numbered, so it compresses like text): a single
    body element built to exhaust memory."""
    body = "".join(f"<w:r><w:t>{k}</w:t></w:r>" for k in range(runs))
    return _docx(_document(f"<w:p>{body}</w:p>"), level=1)


def docx_deep_nesting(depth: int = 100_000) -> bytes:
    """Hyperlinks nested a hundred thousand deep inside one paragraph."""
    inner = (
        "".join(f'<w:hyperlink w:history="{k}">' for k in range(depth))
        + "<w:r><w:t>甲</w:t></w:r>"
        + "</w:hyperlink>" * depth
    )
    return _docx(_document(f"<w:p>{inner}</w:p>"), level=1)


def docx_billion_laughs() -> bytes:
    """Nested entities that would expand to 10^9 copies of "lol"."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10}">' for k in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f"<w:document {_W}><w:body>{paragraph('&lol9;')}</w:body></w:document>"
    )
    return _docx(xml.encode())


def docx_external_entity() -> bytes:
    """An external entity reading a local file (XXE)."""
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<w:document {_W}><w:body>{paragraph('&xxe;')}</w:body></w:document>"
    )
    return _docx(xml.encode())


def docx_zip_bomb(expanded: int = 256 * 1024 * 1024) -> bytes:
    """A valid document part plus a media entry of zeros expanding to ``expanded`` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("word/document.xml", _document(paragraph("XX方案")))
        with zf.open("word/media/image1.png", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(expanded >> 20):
                fh.write(chunk)
    return buf.getvalue()


def docx_many_entries(count: int = 100_000) -> bytes:
    """A hundred thousand empty entries beside the document."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("word/document.xml", _document(paragraph("XX方案")))
        for k in range(count):
            zf.writestr(f"e/{k}", b"")
    return buf.getvalue()


def pdf_many_pages(pages: int = 5_000, declared: int | None = None) -> bytes:
    """A PDF of ``pages`` pages sharing one content stream; ``declared`` may put another
    number in the page tree's /Count."""
    content = b"BT /F1 12 Tf 72 720 Td (page) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, written once the page numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    first = len(objects) + 1
    kids = b" ".join(b"%d 0 R" % (first + k) for k in range(pages))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, declared or pages)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
    objects.extend(page for _ in range(pages))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def text_many_lines(size: int = 20 * 1024 * 1024 - 16) -> bytes:
    """Twenty megabytes of line breaks after a title."""
    return "XX方案\n".encode() + b"\n" * (size - 10)


def text_long_paragraph(size: int = 18 * 1024 * 1024) -> bytes:
    """One paragraph of eighteen megabytes of clause-like text with unbalanced brackets."""
    chunk = "推进工作（责任单位：市发展改革委、市科技局，".encode()
    return "XX方案\n一、任务\n1.".encode() + chunk * (size // len(chunk))


ALL = {
    "docx_inflated_62kb_to_20mb": docx_inflated,
    "docx_120k_paragraphs": docx_many_paragraphs,
    "docx_giant_paragraph": docx_giant_paragraph,
    "docx_deep_nesting": docx_deep_nesting,
    "docx_billion_laughs": docx_billion_laughs,
    "docx_external_entity": docx_external_entity,
    "docx_zip_bomb_256mb": docx_zip_bomb,
    "docx_100k_entries": docx_many_entries,
    "pdf_5000_pages": pdf_many_pages,
    "pdf_5000_pages_declaring_1": lambda: pdf_many_pages(declared=1),
    "text_20mb_line_breaks": text_many_lines,
    "text_18mb_paragraph": text_long_paragraph,
}
