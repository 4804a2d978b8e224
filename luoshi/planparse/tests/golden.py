"""Field-by-field comparison of a parsed plan with an ``*.expected.json`` annotation.

Annotations may carry note fields (``units_raw``, ``source``, ``notes`` …) and may write
chapter/section with their numbering ("四、主要任务"); only contract fields are compared, and
headings are compared without numbering. ``qualitative_targets_include`` lists texts that must
appear among the parsed qualitative targets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

TOP_FIELDS = ("title", "issuer", "date", "doc_number")
TASK_FIELDS = (
    "number",
    "chapter",
    "section",
    "title",
    "text",
    "lead_units",
    "cooperating_units",
    "implicit_units",
    "deadline",
    "deadline_date",
)
TARGET_FIELDS = ("text", "indicator", "comparator", "value", "unit", "year")
_NUMBERING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百]+[章部分篇]|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d+[.．、]|[①-⑳])\s*"
)


def strip_numbering(heading: str | None) -> str | None:
    if heading is None:
        return None
    return _NUMBERING.sub("", heading).rstrip("。.")


def load_expected(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def diff_plan(
    actual: dict, expected: dict, xfail_fields: frozenset[str] = frozenset()
) -> list[str]:
    """Human-readable differences; empty when every field the annotation lists matches."""
    out: list[str] = []
    for key in (*TOP_FIELDS, "chapters", "warnings"):
        if key in expected and key not in xfail_fields and actual.get(key) != expected[key]:
            out.append(f"{key}: expected {expected[key]!r}, got {actual.get(key)!r}")
    if "targets" in expected:
        exp, act = expected["targets"], actual["targets"]
        if len(exp) != len(act):
            out.append(
                f"targets: expected {len(exp)}, got {len(act)}: "
                + ", ".join(
                    f"{t['indicator']}{t['comparator']}{t['value']}{t['unit']}" for t in act
                )
            )
        for i, (e, a) in enumerate(zip(exp, act, strict=False)):
            for f in TARGET_FIELDS:
                if f in e and f"targets.{f}" not in xfail_fields and e[f] != a.get(f):
                    out.append(f"targets[{i}].{f}: expected {e[f]!r}, got {a.get(f)!r}")
    for text in expected.get("qualitative_targets_include", []):
        if text not in [q["text"] for q in actual["qualitative_targets"]]:
            out.append(f"qualitative_targets: missing {text!r}")
    if "qualitative_targets" in expected:
        exp_q = [(q["text"], q.get("year")) for q in expected["qualitative_targets"]]
        act_q = [(q["text"], q.get("year")) for q in actual["qualitative_targets"]]
        if exp_q != act_q:
            out.append(f"qualitative_targets: expected {exp_q!r}, got {act_q!r}")
    if "tasks" in expected:
        exp, act = expected["tasks"], actual["tasks"]
        if len(exp) != len(act):
            out.append(
                f"tasks: expected {len(exp)}, got {len(act)}: {[t['number'] + t['title'] for t in act]}"
            )
        for e, a in zip(exp, act, strict=False):
            label = f"task {e.get('number', '?')}"
            for f in TASK_FIELDS:
                if f not in e or f"tasks.{f}" in xfail_fields:
                    continue
                want, got = e[f], a.get(f)
                if f in ("chapter", "section"):
                    want = strip_numbering(want)
                if want != got:
                    out.append(f"{label}.{f}: expected {want!r}, got {got!r}")
    return out


def assert_matches(
    actual: dict, expected: dict, xfail_fields: frozenset[str] = frozenset()
) -> None:
    problems = diff_plan(actual, expected, xfail_fields)
    assert not problems, "parsed plan differs from annotation:\n  " + "\n  ".join(problems)
