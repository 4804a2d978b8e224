"""Bytes in, blocks out: text files of any common Chinese encoding, .docx and text PDFs.

A block is a paragraph (``Block(text=...)``) or one table row (``Block(cells=..., table=n)``),
in document order. Everything downstream works on blocks and never sees the file format.
"""

from __future__ import annotations

import io
import re
import zipfile

from .blocks import Block
from .errors import PlanParseError
from .limits import (
    MAX_ARCHIVE_ENTRIES,
    MAX_BLOCKS,
    MAX_LINES,
    MAX_PARAGRAPH_CHARS,
    MAX_PDF_PAGES,
)
from .text import CIRCLED, clean_line, hanzi_score
from .wordml import docx_blocks, zip_entry_count

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


# --- Format detection ---------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """``docx``, ``pdf`` or ``text``, judged by content alone: a file's name can lie."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04"):
        entries = zip_entry_count(data)
        if entries > MAX_ARCHIVE_ENTRIES:
            raise PlanParseError("archive_entries", count=entries, limit=MAX_ARCHIVE_ENTRIES)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
            raise PlanParseError("bad_docx", detail=type(exc).__name__) from exc
        if "word/document.xml" in names:
            return "docx"
        raise PlanParseError("binary")
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError("legacy_doc")
    if head.startswith(b"{\\rtf"):
        raise PlanParseError("legacy_doc")
    for magic in (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf"):
        if head.startswith(magic):
            raise PlanParseError("binary")
    return "text"


def read_blocks(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Block]:
    if len(data) > max_bytes:
        raise PlanParseError("too_large", size=len(data), limit=max_bytes)
    if not data.strip():
        raise PlanParseError("empty")
    kind = sniff(data)
    if kind == "docx":
        return docx_blocks(data)
    if kind == "pdf":
        return pdf_blocks(data)
    # Counted on the bytes, before decoding: a file of nothing but line breaks is refused at
    # once (UTF-16 line breaks hold a 0x0A byte too).
    if data.count(b"\n") > MAX_LINES:
        raise PlanParseError("too_many_lines", limit=MAX_LINES)
    return text_blocks(decode(data))


def check_blocks(blocks: list[Block]) -> None:
    if len(blocks) > MAX_BLOCKS:
        raise PlanParseError("too_many_paragraphs", limit=MAX_BLOCKS)
    for b in blocks:
        if (
            len(b.text) > MAX_PARAGRAPH_CHARS
            or sum(len(c) for c in b.cells or ()) > MAX_PARAGRAPH_CHARS
        ):
            raise PlanParseError("paragraph_too_long", limit=MAX_PARAGRAPH_CHARS)


# --- Text ---------------------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _plausible(text: str) -> bool:
    n, share = hanzi_score(text)
    return n > 0 and share >= 0.25


def decode(data: bytes) -> str:
    """Decode a text document: BOM, then strict UTF-8, UTF-16 when NULs show, GB18030, then
    charset-normalizer. Decodings that yield mojibake (few common hanzi) are rejected."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(codec.replace("-sig", "")))
            except UnicodeDecodeError as exc:
                raise PlanParseError("encoding") from exc
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data[: len(data) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible(text) and not _control_heavy(text):
                return text
        raise PlanParseError("binary")
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return _check_text(text)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise PlanParseError("binary")
    text = str(best)
    if not _plausible(text) and sum(ch.isascii() for ch in text) < 0.9 * len(text):
        raise PlanParseError("binary")
    return _check_text(text)


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _control_heavy(text: str) -> bool:
    limit = max(2, len(text) // 100)
    found = 0
    for _ in _CONTROL.finditer(text):
        found += 1
        if found > limit:
            return True
    return False


def _check_text(text: str) -> str:
    if _control_heavy(text):
        raise PlanParseError("binary")
    if not text.strip():
        raise PlanParseError("empty")
    return text


_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,3}\s*[.．、](?!\d)|["
    + CIRCLED
    + r"]|第[一二三四五六七八九十]+[章部节条])"
)
_TERMINAL = "。！？；：”）」』〕】!?;:)"


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _width(s: str) -> int:
    """Display width: CJK and full-width forms count two columns."""
    return len(s) + len(_WIDE.findall(s))


def text_blocks(text: str) -> list[Block]:
    """Lines to paragraph blocks. Hard-wrapped text (every line cut at one width) is reflowed;
    tab-separated lines with three or more cells become table rows."""
    # Counted before splitting: a file of nothing but line breaks would otherwise become
    # millions of strings.
    if text.count("\n") + text.count("\r") // 2 > MAX_LINES:
        raise PlanParseError("too_many_lines", limit=MAX_LINES)
    raw = _drop_page_furniture(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if any(len(r) > MAX_PARAGRAPH_CHARS for r in raw):
        raise PlanParseError("paragraph_too_long", limit=MAX_PARAGRAPH_CHARS)
    lines = [(clean_line(r), len(r) - len(r.lstrip(" \t\u3000"))) for r in raw]
    wrap = _wrap_width([s for s, _ in lines if s])
    blocks: list[Block] = []
    table = 0
    prev_row = False
    buf = ""
    buf_full = False
    indented_doc = sum(1 for s, ind in lines if s and ind) > len([s for s, _ in lines if s]) // 4

    def flush() -> None:
        nonlocal buf
        if buf:
            blocks.append(Block(text=buf))
        buf = ""

    for (line, indent), original in zip(lines, raw, strict=True):
        if "\t" in original.strip() and len([c for c in original.split("\t") if c.strip()]) >= 3:
            flush()
            if not prev_row:
                table += 1
            blocks.append(
                Block(cells=tuple(clean_line(c) for c in original.split("\t")), table=table)
            )
            prev_row = True
            continue
        prev_row = False
        if not line:
            flush()
            continue
        if (
            wrap
            and buf
            and (buf_full or _unclosed(buf))
            and not _HEADING_START.match(line)
            and not (indented_doc and indent)
        ):
            buf += line
            if len(buf) > MAX_PARAGRAPH_CHARS:
                raise PlanParseError("paragraph_too_long", limit=MAX_PARAGRAPH_CHARS)
        else:
            flush()
            buf = line
        buf_full = bool(wrap) and _width(line) >= wrap - 6  # digits and punctuation run narrow
    flush()
    return blocks


_OPEN = re.compile("[（(〔【]")
_CLOSE = re.compile("[）)〕】]")


def _unclosed(text: str) -> bool:
    """A wrapped paragraph never ends inside brackets: "（责任单位：市财政局、市医疗保障" goes on."""
    return len(_OPEN.findall(text)) > len(_CLOSE.findall(text))


def _drop_page_furniture(raw: list[str]) -> list[str]:
    """Remove page numbers ("- 3 -", "— 3 —") and form feeds together with the blank lines
    around them, so a paragraph that runs over a page break stays one paragraph."""
    out: list[str] = []
    after_break = False

    def page_break() -> None:
        nonlocal after_break
        while out and not out[-1].strip():
            out.pop()
        after_break = True

    for n, line in enumerate(raw):
        for k, part in enumerate(line.split("\f")):
            if k:
                page_break()
            s = clean_line(part)
            if s and _PAGE_NUMBER.match(s) and (not s.isdigit() or _apart(raw, n)):
                page_break()
            elif not s:
                if not after_break:
                    out.append(part)
            else:
                after_break = False
                out.append(part)
    return out


def _apart(raw: list[str], n: int) -> bool:
    """A bare number is a page number when blank lines or a page break set it apart; between
    text lines it is a cell (a serial number in a table copied from a web page)."""
    prev = raw[n - 1] if n else ""
    nxt = raw[n + 1] if n + 1 < len(raw) else ""
    return not clean_line(prev) or not clean_line(nxt) or "\f" in prev + raw[n] + nxt


def _wrap_width(lines: list[str]) -> int:
    """The column at which the text was hard-wrapped, or 0 when lines are whole paragraphs."""
    if len(lines) < 8:
        return 0
    widths = sorted((_width(s) for s in lines), reverse=True)
    top = widths[0]
    if top < 30:
        return 0
    near = [w for w in widths if w >= top - 4]
    # Whole-paragraph lines vary wildly in length; wrapped lines pile up at one width.
    if len(near) < max(4, len(lines) // 3):
        return 0
    unterminated = sum(1 for s in lines if _width(s) >= top - 4 and s[-1] not in _TERMINAL)
    if unterminated < len(near) // 2:
        return 0
    return top


# --- DOCX ---------------------------------------------------------------------------------------
# Read by wordml: bounded, streamed, without XML entities.


# --- PDF ----------------------------------------------------------------------------------------

# PDF text gets spaces wherever glyphs sit apart, e.g. around digits amid hanzi: drop a
# space next to a CJK character or CJK punctuation, keep one between Latin words.
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2014\u201c\u201d"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_PAGE_NUMBER = re.compile(r"^[-—–－_~·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*\d+)?[-—–－_~·\s]*$")


def pdf_blocks(data: bytes) -> list[Block]:
    """Text PDF to blocks. Lines broken by the page layout are joined back into paragraphs:
    a line that reaches the right margin continues on the next line unless that line is indented
    or starts a numbered heading. Page numbers ("— 3 —", "-3-") are dropped; tables found by
    pdfplumber become rows, and a table that runs over a page break stays one table (a row
    split by the break is rejoined)."""
    pages = pdf_page_count(data)
    if pages > MAX_PDF_PAGES:
        raise PlanParseError("too_many_pages", pages=pages, limit=MAX_PDF_PAGES)
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types on broken files
        raise PlanParseError("bad_pdf", detail=type(exc).__name__) from exc
    items: list[tuple[str, object]] = []  # ("line", dict) | ("row", [table_no, cells])
    chars = 0
    table_no = 0
    try:
        for number, page in enumerate(pdf.pages, start=1):
            # The page tree may declare fewer pages than it holds.
            if number > MAX_PDF_PAGES:
                raise PlanParseError("too_many_pages", pages=number, limit=MAX_PDF_PAGES)
            try:
                tables = page.find_tables()
            except Exception:  # table finding is best effort
                tables = []
            boxes = [t.bbox for t in tables]
            page_items: list[tuple[float, str, object]] = []
            for line in page.extract_text_lines(return_chars=False):
                text = _CJK_GAP.sub("", clean_line(line["text"]))
                if not text:
                    continue
                chars += len(text)
                mid_y = (line["top"] + line["bottom"]) / 2
                mid_x = (line["x0"] + line["x1"]) / 2
                if any(b[0] <= mid_x <= b[2] and b[1] <= mid_y <= b[3] for b in boxes):
                    continue
                if _PAGE_NUMBER.match(text):
                    continue
                page_items.append((line["top"], "line", line | {"text": text}))
            for table in tables:
                # Lines inside a PDF cell are wrapped by width, not meaning.
                rows = [
                    [_CJK_GAP.sub("", clean_line((c or "").replace("\n", ""))) for c in r]
                    for r in table.extract()
                ]
                chars += sum(len(c) for r in rows for c in r)
                page_items.append((table.bbox[1], "rows", rows))
            page_items.sort(key=lambda it: it[0])
            lines = [it[2] for it in page_items if it[1] == "line"]
            geometry = _page_geometry(lines, float(page.width))
            for k, (_, kind, payload) in enumerate(page_items):
                if kind == "line":
                    items.append(("line", payload | {"geom": geometry}))
                    continue
                rows = payload
                previous = items[-1][1] if items and items[-1][0] == "row" else None
                if k == 0 and previous and len(previous[1]) == len(rows[0]):
                    # The table goes on from the previous page.
                    if not rows[0][0]:
                        previous[1] = [a + b for a, b in zip(previous[1], rows[0], strict=True)]
                        rows = rows[1:]
                else:
                    table_no += 1
                items.extend(("row", [table_no, r]) for r in rows)
    except PlanParseError:
        raise
    except Exception as exc:  # a damaged page: pdfminer raises many types
        raise PlanParseError("bad_pdf", detail=type(exc).__name__) from exc
    finally:
        _close(pdf)
    if chars < 20:
        raise PlanParseError("pdf_no_text")
    return _pdf_paragraphs(items)


def _close(pdf) -> None:
    # pdfplumber walks the page tree again to close pages: a damaged tree raises here too.
    try:
        pdf.close()
    except Exception:  # the file is refused already; closing is best effort
        pass


def pdf_page_count(data: bytes) -> int:
    """Pages in the document's page tree, walked without reading any page's content (the
    tree's /Count may lie); counting stops past ``MAX_PDF_PAGES``."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1

        document = PDFDocument(PDFParser(io.BytesIO(data)))
        declared = resolve1(resolve1(document.catalog["Pages"]).get("Count"))
        if isinstance(declared, int) and declared > MAX_PDF_PAGES:
            return declared
        count = 0
        for _ in PDFPage.create_pages(document):
            count += 1
            if count > MAX_PDF_PAGES:
                break
        return count
    except Exception as exc:  # a broken page tree: pdfplumber reports it properly
        if isinstance(exc, PlanParseError):
            raise
        return 0


def _page_geometry(lines: list[dict], page_width: float) -> tuple[float, float, float]:
    """(left margin, right margin, character width) of a page's body text."""
    if not lines:
        return 0.0, page_width, 10.0
    widths = sorted((ln["x1"] - ln["x0"]) / max(1, _width(ln["text"]) / 2) for ln in lines)
    char_w = widths[len(widths) // 2] or 10.0
    left = min(ln["x0"] for ln in lines)
    right = max(ln["x1"] for ln in lines)
    return left, right, char_w


def _pdf_paragraphs(items: list[tuple[str, object]]) -> list[Block]:
    blocks: list[Block] = []
    buf = ""
    prev_full = False
    for kind, payload in items:
        if kind == "row":
            if buf:
                blocks.append(Block(text=buf))
                buf, prev_full = "", False
            table_no, cells = payload
            if any(cells):
                blocks.append(Block(cells=tuple(cells), table=table_no))
            continue
        line = payload
        text = line["text"]
        left, right, cw = line["geom"]
        indented = line["x0"] > left + 1.2 * cw
        centred = line["x0"] > left + 3 * cw and line["x1"] < right - 3 * cw
        starts_new = (
            not buf or not prev_full or indented or centred or bool(_HEADING_START.match(text))
        )
        if starts_new:
            if buf:
                blocks.append(Block(text=buf))
            buf = text
        else:
            buf += text
            if len(buf) > MAX_PARAGRAPH_CHARS:
                raise PlanParseError("paragraph_too_long", limit=MAX_PARAGRAPH_CHARS)
        # Line-breaking rules keep punctuation off a line start, so a wrapped line may stop a
        # character or two short of the margin; indentation still marks a new paragraph.
        slack = 0.6 if text[-1] in "。！？；：!?;:" else 3
        prev_full = line["x1"] >= right - slack * cw and not centred
    if buf:
        blocks.append(Block(text=buf))
    return blocks
