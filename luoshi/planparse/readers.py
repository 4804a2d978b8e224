"""Bytes in, blocks out: text files of any common Chinese encoding, .docx and text PDFs.

A block is a paragraph (``Block(text=...)``) or one table row (``Block(cells=..., table=n)``),
in document order. Everything downstream works on blocks and never sees the file format.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from .errors import PlanParseError
from .text import CIRCLED, clean_line, hanzi_score

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Block:
    text: str = ""
    cells: tuple[str, ...] | None = None
    table: int = -1

    @property
    def is_row(self) -> bool:
        return self.cells is not None


# --- Format detection ---------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """``docx``, ``pdf`` or ``text``, judged by content alone: a file's name can lie."""
    head = data[:1024]
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile as exc:
            raise PlanParseError("bad_docx", detail=str(exc)) from exc
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
    return text_blocks(decode(data))


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


def _control_heavy(text: str) -> bool:
    bad = sum(
        1
        for ch in text
        if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff"
    )
    return bad > max(2, len(text) // 100)


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
    raw = _drop_page_furniture(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
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

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_blocks(data: bytes) -> list[Block]:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types on broken files
        raise PlanParseError("bad_docx", detail=type(exc).__name__) from exc
    numbering = _Numbering(document)
    blocks: list[Block] = []
    table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            para = Paragraph(child, document)
            prefix = numbering.render(para)
            text = prefix + para.text
            for line in text.replace("\r", "\n").replace("\v", "\n").split("\n"):
                line = clean_line(line)
                if line:
                    blocks.append(Block(text=line))
        elif child.tag == _W + "tbl":
            table_no += 1
            table = Table(child, document)
            for row in table.rows:
                try:
                    cells = tuple(_cell_text(c.text) for c in row.cells)
                except (IndexError, ValueError):  # malformed grids
                    continue
                if any(cells):
                    blocks.append(Block(cells=cells, table=table_no))
    if not any(b.text or b.cells for b in blocks):
        raise PlanParseError("empty")
    return blocks


def _cell_text(text: str) -> str:
    """A Word cell's paragraphs stay apart (units are often one per line)."""
    return "\n".join(line for line in (clean_line(x) for x in text.split("\n")) if line)


class _Numbering:
    """Renders Word automatic numbering (``w:numPr``), which ``paragraph.text`` omits.

    Only the formats plans use are rendered: decimal, Chinese counting, circled numbers.
    """

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in root.findall(_W + "abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in an.findall(_W + "lvl"):
                ilvl = int(lvl.get(_W + "ilvl", "0"))
                start = lvl.find(_W + "start")
                fmt = lvl.find(_W + "numFmt")
                text = lvl.find(_W + "lvlText")
                levels[ilvl] = (
                    int(start.get(_W + "val")) if start is not None else 1,
                    fmt.get(_W + "val") if fmt is not None else "decimal",
                    text.get(_W + "val") if text is not None else "",
                )
            abstract[an.get(_W + "abstractNumId")] = levels
        for num in root.findall(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            if ref is not None and ref.get(_W + "val") in abstract:
                self.levels[num.get(_W + "numId")] = abstract[ref.get(_W + "val")]
        self.style_num: dict[str, tuple[str, int]] = {}
        for style in document.styles:
            ppr = getattr(style.element, "pPr", None)
            num_pr = ppr.find(_W + "numPr") if ppr is not None else None
            if num_pr is not None:
                nid = num_pr.find(_W + "numId")
                ilvl = num_pr.find(_W + "ilvl")
                if nid is not None:
                    self.style_num[style.style_id] = (
                        nid.get(_W + "val"),
                        int(ilvl.get(_W + "val")) if ilvl is not None else 0,
                    )

    def render(self, para) -> str:
        if not self.levels:
            return ""
        ppr = para._p.pPr
        num_pr = ppr.find(_W + "numPr") if ppr is not None else None
        num_id, ilvl = None, 0
        if num_pr is not None:
            nid = num_pr.find(_W + "numId")
            lv = num_pr.find(_W + "ilvl")
            num_id = nid.get(_W + "val") if nid is not None else None
            ilvl = int(lv.get(_W + "val")) if lv is not None else 0
        elif ppr is not None and ppr.pStyle is not None:
            num_id, ilvl = self.style_num.get(ppr.pStyle.val, (None, 0))
        if not num_id or num_id not in self.levels or not para.text.strip():
            return ""
        levels = self.levels[num_id]
        counters = self.counters.setdefault(num_id, {})
        start = levels.get(ilvl, (1, "decimal", ""))[0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _, fmt, pattern = levels.get(ilvl, (1, "decimal", f"%{ilvl + 1}."))

        def level_text(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            value = counters.get(k, levels.get(k, (1, "", ""))[0])
            return _format_number(value, levels.get(k, (1, fmt, ""))[1])

        return re.sub(r"%(\d)", level_text, pattern)


def _format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "chineseLegalSimplified",
    ):
        return _int_to_cn(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "none":
        return ""
    return str(n)


def _int_to_cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


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
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types on broken files
        raise PlanParseError("bad_pdf", detail=type(exc).__name__) from exc
    items: list[tuple[str, object]] = []  # ("line", dict) | ("row", [table_no, cells])
    chars = 0
    table_no = 0
    try:
        for page in pdf.pages:
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
    finally:
        pdf.close()
    if chars < 20:
        raise PlanParseError("pdf_no_text")
    return _pdf_paragraphs(items)


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
        # Line-breaking rules keep punctuation off a line start, so a wrapped line may stop a
        # character or two short of the margin; indentation still marks a new paragraph.
        slack = 0.6 if text[-1] in "。！？；：!?;:" else 3
        prev_full = line["x1"] >= right - slack * cw and not centred
    if buf:
        blocks.append(Block(text=buf))
    return blocks
