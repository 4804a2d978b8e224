"""Plan parser: a Chinese government action plan (行动方案, 实施意见, 若干措施 …) in, a
structured :class:`Plan` out. Pure Python; imports nothing from Django.

    from luoshi.planparse import parse_file
    plan = parse_file("plan.docx")
    plan.to_dict()  # the JSON contract
"""

from __future__ import annotations

import os

from .errors import PlanParseError
from .model import Chapter, Plan, QualitativeTarget, Target, Task
from .parser import parse_blocks
from .readers import DEFAULT_MAX_BYTES, read_blocks, text_blocks

__all__ = [
    "DEFAULT_MAX_BYTES",
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
    The format is judged by content (magic bytes), not by ``filename``."""
    return parse_blocks(read_blocks(data, filename, max_bytes))


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
