"""Word (.docx) to blocks, read defensively.

A .docx is a zip of XML parts, so a small upload can expand into gigabytes (a zip bomb), hold
thousands of entries, or declare XML entities that expand exponentially ("billion laughs").
Before anything is parsed the archive's entries are counted and their declared sizes summed
(Python's zipfile never inflates an entry beyond its declared size, so the sum bounds the
memory a part can take); the compression ratio of the document part is checked. The XML is
read by ``defusedxml`` (no DTDs, entities or external references) as a stream: each body
paragraph or table is turned into blocks and then dropped, and reading stops at
``MAX_BLOCKS``. Only three parts are read: the document, its numbering and its styles.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from .blocks import Block
from .errors import PlanParseError
from .limits import (
    MAX_ARCHIVE_ENTRIES,
    MAX_BLOCKS,
    MAX_EXPANDED_BYTES,
    MAX_INFLATION,
    MAX_PARAGRAPH_CHARS,
)
from .text import CIRCLED, clean_line, int_to_cn

# What a damaged archive raises while an entry is read (a corrupt stream, an encrypted or
# unsupported entry, a truncated file).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    OSError,
)

# XML elements one body child (a paragraph or a table) may hold, and how deep (Word nests
# a table in a cell in a table a few levels; a hundred is no document).
MAX_ELEMENTS = 200_000
MAX_DEPTH = 100

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_NUMBERING = "word/numbering.xml"
_STYLES = "word/styles.xml"

# Runs are read inside these wrappers (links, tracked insertions, content controls, fields);
# deleted text (w:del) and field codes (w:instrText) are not text.
_RUN_CONTAINERS = frozenset(
    W + t for t in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "fldSimple", "customXml")
)


def zip_entry_count(data: bytes) -> int:
    """Entries the archive's end record declares, read before zipfile builds an object for
    each of them (a million-entry archive would take gigabytes)."""
    tail = data[-(65_536 + 22) :]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise PlanParseError("bad_docx", detail="no end of central directory")
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    cd_size = int.from_bytes(tail[at + 12 : at + 16], "little")
    # A zip64 archive writes 0xFFFF here; its directory size still bounds the count (every
    # entry takes at least 46 bytes of it).
    if count == 0xFFFF or cd_size == 0xFFFFFFFF:
        return max(count, len(data) // 46)
    return max(count, cd_size // 46)


def check_archive(zf: zipfile.ZipFile, compressed_size: int) -> None:
    """Refuse an archive that is a bomb before reading any part of it."""
    infos = zf.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise PlanParseError("archive_entries", count=len(infos), limit=MAX_ARCHIVE_ENTRIES)
    expanded = sum(i.file_size for i in infos)
    if expanded > MAX_EXPANDED_BYTES:
        raise PlanParseError("archive_too_large", size=expanded, limit=MAX_EXPANDED_BYTES)
    try:
        doc = zf.getinfo(_DOCUMENT)
    except KeyError:
        return
    # Real documents compress their XML 5–20 times; a part inflated hundreds of times over
    # is built to exhaust the reader.
    if doc.file_size > 1_000_000 and doc.file_size > MAX_INFLATION * max(doc.compress_size, 1):
        raise PlanParseError(
            "archive_bomb", ratio=doc.file_size // max(doc.compress_size, 1), size=compressed_size
        )


def docx_blocks(data: bytes) -> list[Block]:
    entries = zip_entry_count(data)
    if entries > MAX_ARCHIVE_ENTRIES:
        raise PlanParseError("archive_entries", count=entries, limit=MAX_ARCHIVE_ENTRIES)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise PlanParseError("bad_docx", detail=type(exc).__name__) from exc
    with zf:
        check_archive(zf, len(data))
        numbering = _Numbering(_part(zf, _NUMBERING), _part(zf, _STYLES))
        blocks: list[Block] = []
        try:
            with zf.open(_DOCUMENT) as fh:
                _read_body(fh, numbering, blocks)
        except KeyError as exc:
            raise PlanParseError("bad_docx", detail="no word/document.xml") from exc
        except PlanParseError:
            raise
        except DefusedXmlException as exc:
            raise PlanParseError("unsafe_xml") from exc
        except (ParseError, *_ZIP_ERRORS) as exc:
            raise PlanParseError("bad_docx", detail=type(exc).__name__) from exc
    if not any(b.text or b.cells for b in blocks):
        raise PlanParseError("empty")
    return blocks


def _part(zf: zipfile.ZipFile, name: str) -> Element | None:
    """A small part (numbering, styles) parsed whole; None when absent or unreadable."""
    try:
        raw = zf.read(name)
    except KeyError:
        return None
    except _ZIP_ERRORS as exc:
        raise PlanParseError("bad_docx", detail=type(exc).__name__) from exc
    try:
        return fromstring(raw)
    except DefusedXmlException as exc:
        raise PlanParseError("unsafe_xml") from exc
    except ParseError:
        return None


def _read_body(fh, numbering: _Numbering, blocks: list) -> None:
    """Stream the document part: each child of w:body is read whole, turned into blocks
    and freed, so memory stays at one paragraph or table whatever the document's size."""
    depth = 0
    body: Element | None = None
    table_no = 0
    pending = 0  # elements held for the body child being read
    for event, elem in iterparse(fh, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 2 and elem.tag == W + "body":
                body = elem
            elif depth > MAX_DEPTH:
                raise PlanParseError("bad_docx", detail=f"XML nested over {MAX_DEPTH} deep")
            continue
        depth -= 1
        pending += 1
        if pending > MAX_ELEMENTS:
            # One paragraph or table this large (a million runs) is built to exhaust memory.
            raise PlanParseError("element_too_large", limit=MAX_ELEMENTS)
        if depth != 2 or body is None:
            continue
        pending = 0
        for child in _unwrap(elem):
            if child.tag == W + "p":
                prefix = numbering.render(child)
                text = prefix + paragraph_text(child) if prefix else paragraph_text(child)
                if len(text) > MAX_PARAGRAPH_CHARS:
                    raise PlanParseError("paragraph_too_long", limit=MAX_PARAGRAPH_CHARS)
                for line in text.replace("\r", "\n").replace("\v", "\n").split("\n"):
                    line = clean_line(line)
                    if line:
                        blocks.append(Block(text=line))
            elif child.tag == W + "tbl":
                table_no += 1
                for cells in table_rows(child):
                    if any(cells):
                        blocks.append(Block(cells=cells, table=table_no))
        if len(blocks) > MAX_BLOCKS:
            raise PlanParseError("too_many_paragraphs", limit=MAX_BLOCKS)
        elem.clear()
        body.remove(elem)


def _unwrap(elem: Element):
    """A body child, or the paragraphs and tables a content control (w:sdt) wraps."""
    if elem.tag == W + "sdt":
        content = elem.find(W + "sdtContent")
        if content is not None:
            for child in content:
                yield from _unwrap(child)
        return
    yield elem


def paragraph_text(p: Element) -> str:
    parts: list[str] = []
    _runs_text(p, parts)
    return "".join(parts)


def _runs_text(elem: Element, parts: list[str]) -> None:
    for child in elem:
        tag = child.tag
        if tag == W + "r":
            for piece in child:
                t = piece.tag
                if t == W + "t":
                    parts.append(piece.text or "")
                elif t == W + "tab":
                    parts.append("\t")
                elif t in (W + "br", W + "cr"):
                    parts.append("\n")
                elif t == W + "noBreakHyphen":
                    parts.append("-")
        elif tag in _RUN_CONTAINERS:
            _runs_text(child, parts)


def table_rows(tbl: Element):
    """Each row's cells by grid column, as Word shows them: a cell spanning columns
    (w:gridSpan) repeats its text in each, a cell merged down (w:vMerge) repeats the text of
    the cell it continues. A cell's paragraphs stay apart, one per line."""
    above: dict[int, str] = {}
    for tr in tbl.findall(W + "tr"):
        cells: list[str] = []
        col = 0
        for tc in tr.findall(W + "tc"):
            props = tc.find(W + "tcPr")
            span, merge = 1, None
            if props is not None:
                grid = props.find(W + "gridSpan")
                if grid is not None:
                    span = max(1, min(int(_digits(grid.get(W + "val"), "1")), 64))
                vmerge = props.find(W + "vMerge")
                if vmerge is not None:
                    merge = vmerge.get(W + "val") or "continue"
            if merge == "continue":
                text = above.get(col, "")
            else:
                text = "\n".join(
                    line
                    for line in (clean_line(paragraph_text(p)) for p in tc.findall(W + "p"))
                    if line
                )
            for k in range(span):
                above[col + k] = text
                cells.append(text)
            col += span
        yield tuple(cells)


def _digits(value: str | None, default: str) -> str:
    return value if value and value.isdigit() else default


# --- Automatic numbering ------------------------------------------------------------------------


class _Numbering:
    """Renders Word automatic numbering (``w:numPr``), which a paragraph's text omits.

    Only the formats plans use are rendered: decimal, Chinese counting, circled numbers."""

    def __init__(self, numbering: Element | None, styles: Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        if numbering is None:
            return
        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for an in numbering.findall(W + "abstractNum"):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in an.findall(W + "lvl"):
                ilvl = int(_digits(lvl.get(W + "ilvl"), "0"))
                start = lvl.find(W + "start")
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                levels[ilvl] = (
                    int(_digits(start.get(W + "val"), "1")) if start is not None else 1,
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "",
                )
            abstract[an.get(W + "abstractNumId")] = levels
        for num in numbering.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None and ref.get(W + "val") in abstract:
                self.levels[num.get(W + "numId")] = abstract[ref.get(W + "val")]
        if styles is None:
            return
        for style in styles.findall(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is None:
                continue
            nid = num_pr.find(W + "numId")
            ilvl = num_pr.find(W + "ilvl")
            if nid is not None:
                self.style_num[style.get(W + "styleId")] = (
                    nid.get(W + "val"),
                    int(_digits(ilvl.get(W + "val"), "0")) if ilvl is not None else 0,
                )

    def render(self, p: Element) -> str:
        if not self.levels:
            return ""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        num_pr = ppr.find(W + "numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            nid = num_pr.find(W + "numId")
            lv = num_pr.find(W + "ilvl")
            num_id = nid.get(W + "val") if nid is not None else None
            ilvl = int(_digits(lv.get(W + "val"), "0")) if lv is not None else 0
        else:
            style = ppr.find(W + "pStyle")
            if style is not None:
                num_id, ilvl = self.style_num.get(style.get(W + "val"), (None, 0))
        if not num_id or num_id not in self.levels or not paragraph_text(p).strip():
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
        return int_to_cn(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "none":
        return ""
    return str(n)
