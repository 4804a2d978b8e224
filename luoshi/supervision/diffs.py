"""Differences between two versions of a report, field by field (difflib, character level:
Chinese text has no spaces to split words on)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class FieldDiff:
    name: str
    changed: bool
    html: SafeString  # the newer text with <del>/<ins> marks


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, dict):
        if "label" in value:
            return f"{value.get('label')}: {value.get('value')}{value.get('unit_of_measure', '')}"
        return "\n".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def inline(old: str, new: str) -> SafeString:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(new[b1:b2]))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 — every piece is escaped above


def compare(old: dict, new: dict, fields: list[str]) -> list[FieldDiff]:
    result = []
    for name in fields:
        a, b = _text(old.get(name)), _text(new.get(name))
        result.append(FieldDiff(name=name, changed=a != b, html=inline(a, b)))
    return result
