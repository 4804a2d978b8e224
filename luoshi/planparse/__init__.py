"""Plan parser: a Chinese government action plan (行动方案, 实施意见, 指导意见, 若干措施,
工作方案 …) in, a structured :class:`Plan` out. Pure Python; imports nothing from Django.

    from luoshi.planparse import parse_file
    plan = parse_file("plan.docx")        # or parse_bytes(data, name), parse_text(text)
    plan.to_dict()                        # the JSON contract (see model.py)

How it reads a document
-----------------------
1. ``readers``: bytes to blocks (paragraphs and table rows, in order). Text in UTF-8/UTF-16/
   GB18030/GBK (detected, mojibake rejected), .docx (``wordml``: paragraphs, tables, Word
   auto-numbering, read as a bounded stream without XML entities), text PDFs (lines rejoined
   into paragraphs, page numbers dropped). The format is judged by content, not the file
   name; every reader keeps the bounds of ``limits``. A table copied from a web page one
   cell per line is turned back into rows (``tables``).
2. ``meta``: title (the plan's own, not a wrapping 通知's; the notice's own when the plan is
   only an attachment), issuer, signature date, document number, the parent document it
   cites, and where the plan body starts and ends.
3. ``headings``: an outline from numbered headings (一、 （一） 1. （1） ① 第一章); a heading's depth
   comes from the order its numbering style opens, not from the style itself.
4. ``parser``: tasks are the numbered level that carries responsibility clauses (without
   clauses: the most numerous text-bearing level outside framing chapters such as 总体要求 and
   保障措施), or unnumbered paragraphs led in by a phrase, or the rows of an annexed task
   table; a policy text or a notice that assigns nothing has none. ``units`` reads the
   clauses; ``drafts`` applies the conventions a document states once ("逗号前的单位为牵头单位，
   下同", "排在第一位的为牵头单位", "以下各项工作均涉及X，不再单独列出") and records for each task
   the rule that decided its roles and a confidence (``model.RULES``); ``deadlines`` and
   ``targets`` read completion times and goal figures (the plan's and each task's own);
   ``tables`` reads task-breakdown and indicator tables.

Failures raise :class:`PlanParseError` (a ``ValueError`` with ``code``, ``message_zh`` and
``message_en``); doubtful details (a clause without units, a name that does not look like a
unit) are reported in ``plan.warnings`` instead.
"""

from __future__ import annotations

import os

from .errors import PlanParseError
from .model import LOW_CONFIDENCE, RULES, Chapter, Plan, QualitativeTarget, Target, Task
from .parser import parse_blocks
from .readers import DEFAULT_MAX_BYTES, read_blocks, text_blocks

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LOW_CONFIDENCE",
    "RULES",
    "Chapter",
    "Plan",
    "PlanParseError",
    "QualitativeTarget",
    "Target",
    "Task",
    "parse_bytes",
    "parse_file",
    "parse_text",
]


def parse_text(text: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    """Parse a plan given as text (one paragraph per line, or hard-wrapped)."""
    if len(text) * 3 > max_bytes and len(text.encode("utf-8")) > max_bytes:
        raise PlanParseError("too_large", size=len(text.encode("utf-8")), limit=max_bytes)
    if not text.strip():
        raise PlanParseError("empty")
    return parse_blocks(text_blocks(text.lstrip("\ufeff")))


def parse_bytes(data: bytes, filename: str = "", max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    """Parse a file's content: text in any common Chinese encoding, .docx or a text PDF.
    The format is judged by content (magic bytes); ``filename`` is only for the caller's
    records and never decides how the bytes are read."""
    return parse_blocks(read_blocks(data, max_bytes))


def parse_file(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Plan:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise PlanParseError("not_found", path=os.fspath(path)) from exc
    if size > max_bytes:
        raise PlanParseError("too_large", size=size, limit=max_bytes)
    with open(path, "rb") as fh:
        data = fh.read()
    return parse_bytes(data, os.path.basename(os.fspath(path)), max_bytes)
