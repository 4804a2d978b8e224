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
    "rule",
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
    for key in (*TOP_FIELDS, "warnings"):
        if key in expected and key not in xfail_fields and actual.get(key) != expected[key]:
            out.append(f"{key}: expected {expected[key]!r}, got {actual.get(key)!r}")
    if "chapters" in expected and "chapters" not in xfail_fields:
        # Chapters compare on the fields the annotation gives (their text is not annotated).
        got = [
            {k: c.get(k) for k in e}
            for c, e in zip(actual["chapters"], expected["chapters"], strict=False)
        ]
        if len(actual["chapters"]) != len(expected["chapters"]) or got != expected["chapters"]:
            out.append(f"chapters: expected {expected['chapters']!r}, got {actual['chapters']!r}")
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
            if "targets" in e and "tasks.targets" not in xfail_fields:
                want_t = [{k: t[k] for k in TARGET_FIELDS if k in t} for t in e["targets"]]
                got_t = [
                    {k: t.get(k) for k in TARGET_FIELDS if k in w}
                    for t, w in zip(a.get("targets") or [], e["targets"], strict=False)
                ]
                if len(a.get("targets") or []) != len(want_t) or got_t != want_t:
                    out.append(f"{label}.targets: expected {want_t!r}, got {a.get('targets')!r}")
    return out


def assert_matches(
    actual: dict, expected: dict, xfail_fields: frozenset[str] = frozenset()
) -> None:
    problems = diff_plan(actual, expected, xfail_fields)
    assert not problems, "parsed plan differs from annotation:\n  " + "\n  ".join(problems)


# --- Field-level accuracy ------------------------------------------------------------------------
# The score the issue measures: a document's title, and for every task its number, title, lead,
# cooperating and implicit units (plus its own targets when annotated), and for every target its
# indicator, comparator, value, unit and year. Tasks and targets are paired by a best alignment
# (so one missed task costs that task, not every task after it); an annotated item without a
# partner counts every one of its fields wrong, and so does an item the parser invented.

SCORED_TASK_FIELDS = ("number", "title", "lead_units", "cooperating_units", "implicit_units")
SCORED_TARGET_FIELDS = ("indicator", "comparator", "value", "unit", "year")


def _norm(text) -> str:
    return re.sub(r"[\s，,。.；;：:、“”\"'（）()]", "", str(text or ""))


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    a, b = _norm(a), _norm(b)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _align(expected: list[dict], actual: list[dict], key) -> list[tuple[int | None, int | None]]:
    """Monotone pairing of ``expected`` with ``actual`` maximising the summed similarity of
    ``key(item)``; pairs below 0.5 similarity are not made."""
    n, m = len(expected), len(actual)
    sim = [[_similarity(key(e), key(a)) for a in actual] for e in expected]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= 0.5 else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= 0.5 and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def _task_key(task: dict) -> str:
    return f"{task.get('number', '')}|{task.get('title', '')}"


def _target_key(target: dict) -> str:
    return f"{target.get('indicator', '')}{target.get('value', '')}{target.get('year', '')}"


def _score_items(expected, actual, key, fields, on_pair=None) -> tuple[int, int, list[str]]:
    right = total = 0
    misses: list[str] = []
    for i, j in _align(expected, actual, key):
        if i is None:
            total += len(fields)
            misses.append(f"extra {key(actual[j])}")
            continue
        e = expected[i]
        if j is None:
            total += len(fields)
            misses.append(f"missing {key(e)}")
            continue
        a = actual[j]
        for f in fields:
            total += 1
            if e.get(f) == a.get(f):
                right += 1
            else:
                misses.append(f"{key(e)}.{f}: expected {e.get(f)!r}, got {a.get(f)!r}")
        if on_pair:
            r, t, m = on_pair(e, a)
            right, total = right + r, total + t
            misses.extend(m)
    return right, total, misses


def score_plan(actual: dict, expected: dict) -> tuple[int, int, list[str]]:
    """(fields right, fields scored, what was wrong) for one document."""
    right = total = 0
    misses: list[str] = []
    total += 1
    if actual.get("title") == expected.get("title"):
        right += 1
    else:
        misses.append(f"title: expected {expected.get('title')!r}, got {actual.get('title')!r}")

    def task_targets(e: dict, a: dict):
        if "targets" not in e:
            return 0, 0, []
        return _score_items(e["targets"], a.get("targets") or [], _target_key, SCORED_TARGET_FIELDS)

    for exp_key, fields, key, extra in (
        ("tasks", SCORED_TASK_FIELDS, _task_key, task_targets),
        ("targets", SCORED_TARGET_FIELDS, _target_key, None),
    ):
        if exp_key not in expected:
            continue
        r, t, m = _score_items(expected[exp_key], actual.get(exp_key) or [], key, fields, extra)
        right, total = right + r, total + t
        misses.extend(m)
    return right, total, misses
