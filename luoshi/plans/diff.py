"""What changed between two versions of a plan, on contract-shaped dicts (no database).

Tasks are matched in four passes, each only among tasks not matched yet:
1. same number and same title;
2. same title (the task was renumbered, e.g. one was inserted before it);
3. same number and a similar title (ratio ≥ 0.5) or a similar text (ratio ≥ 0.6): reworded;
4. a similar title (ratio ≥ 0.75) under another number: renumbered and reworded.
New tasks left over were added; old ones left over were removed. Old tasks carry
`active`; an inactive old task matched again is reported as reinstated (added).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

ROLES = ("lead", "cooperating", "implicit")
TITLE_SIMILAR_SAME_NUMBER = 0.5
TEXT_SIMILAR_SAME_NUMBER = 0.6
TITLE_SIMILAR_ANY_NUMBER = 0.75

_SPACE = re.compile(r"\s+")


def norm(text: str | None) -> str:
    return _SPACE.sub("", text or "")


_CLAUSE_WORD = re.compile(r"(?:责任|牵头|配合|参与|主办|协办)(?:单位|部门)")
_OPEN, _CLOSE = "〔(（【[［", "〕)）】]］"


def body(text: str | None) -> str:
    """A task's text without its responsibility clause, so that a change of units is not
    also reported as a rewording."""
    text = norm(text)
    while True:
        m = _CLAUSE_WORD.search(text)
        if m is None:
            return text
        start = max(text.rfind(ch, 0, m.start()) for ch in _OPEN)
        if start < 0:
            return text
        depth, end = 0, len(text)
        for k in range(start, len(text)):
            if text[k] in _OPEN:
                depth += 1
            elif text[k] in _CLOSE:
                depth -= 1
                if depth == 0:
                    end = k + 1
                    break
        text = text[:start] + text[end:]


def similarity(a: str | None, b: str | None) -> float:
    a, b = norm(a), norm(b)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match_tasks(old: Sequence[dict], new: Sequence[dict]) -> list[tuple[int | None, int | None]]:
    """Pairs (old index, new index); None on one side for a removed or an added task.

    Active old tasks win over inactive ones with the same claim. The result follows the
    new document's order, then the removed tasks in their old order.
    """
    by_new: dict[int, int] = {}
    used: set[int] = set()
    old_order = sorted(range(len(old)), key=lambda i: (not old[i].get("active", True), i))

    def claim(test) -> None:
        for j, task in enumerate(new):
            if j in by_new:
                continue
            for i in old_order:
                if i not in used and test(old[i], task):
                    by_new[j] = i
                    used.add(i)
                    break

    claim(lambda o, n: o["number"] == n["number"] and norm(o["title"]) == norm(n["title"]))
    claim(lambda o, n: norm(o["title"]) == norm(n["title"]))
    claim(
        lambda o, n: (
            o["number"] == n["number"]
            and (
                similarity(o["title"], n["title"]) >= TITLE_SIMILAR_SAME_NUMBER
                or similarity(body(o.get("text")), body(n.get("text"))) >= TEXT_SIMILAR_SAME_NUMBER
            )
        )
    )
    # Pass 4 takes the best-scoring pairs first rather than the first acceptable one.
    candidates = []
    for j, task in enumerate(new):
        if j in by_new:
            continue
        for i in old_order:
            if i in used:
                continue
            score = similarity(old[i]["title"], task["title"])
            if score >= TITLE_SIMILAR_ANY_NUMBER:
                candidates.append((-score, j, i))
    for _score, j, i in sorted(candidates):
        if j not in by_new and i not in used:
            by_new[j] = i
            used.add(i)

    pairs: list[tuple[int | None, int | None]] = [(by_new.get(j), j) for j in range(len(new))]
    pairs += [(i, None) for i in range(len(old)) if i not in used and old[i].get("active", True)]
    return pairs


def _units_key(role: str) -> str:
    return f"{role}_units"


def _brief(task: dict) -> dict:
    return {"number": task["number"], "title": task["title"]}


def _target_key(target: dict) -> tuple:
    return (norm(target.get("indicator")), target.get("year"))


def _target_brief(target: dict) -> dict:
    return {
        "text": target.get("text") or target.get("indicator") or "",
        "indicator": target.get("indicator") or "",
        "comparator": target.get("comparator") or "",
        "value": target.get("value"),
        "unit": target.get("unit") or "",
        "year": target.get("year"),
    }


def diff_targets(old: dict, new: dict) -> dict:
    changes: dict[str, list] = {"targets_added": [], "targets_removed": [], "targets_changed": []}
    old_numeric = {_target_key(t): t for t in old.get("targets") or []}
    new_numeric = {_target_key(t): t for t in new.get("targets") or []}
    for key, target in new_numeric.items():
        before = old_numeric.get(key)
        if before is None:
            changes["targets_added"].append(_target_brief(target))
            continue
        fields = [f for f in ("comparator", "value", "unit") if before.get(f) != target.get(f)]
        if fields:
            changes["targets_changed"].append(
                {"old": _target_brief(before), "new": _target_brief(target)}
            )
    for key, target in old_numeric.items():
        if key not in new_numeric:
            changes["targets_removed"].append(_target_brief(target))
    old_q = {norm(t["text"]): t for t in old.get("qualitative_targets") or []}
    new_q = {norm(t["text"]): t for t in new.get("qualitative_targets") or []}
    for key, target in new_q.items():
        if key not in old_q:
            changes["targets_added"].append(
                {"text": target["text"], "year": target.get("year"), "qualitative": True}
            )
    for key, target in old_q.items():
        if key not in new_q:
            changes["targets_removed"].append(
                {"text": target["text"], "year": target.get("year"), "qualitative": True}
            )
    return changes


def diff_plans(old: dict, new: dict) -> dict:
    """The changes from `old` to `new` (both contract-shaped; old tasks may carry `active`).

    JSON-ready: kept as PlanRevision.changes and shown on the revision history page.
    """
    old_tasks = list(old.get("tasks") or [])
    new_tasks = list(new.get("tasks") or [])
    changes: dict = {
        "metadata": {},
        "tasks_added": [],
        "tasks_removed": [],
        "tasks_reworded": [],
        "tasks_moved": [],
        "units_changed": [],
        "deadlines_changed": [],
    }
    for field in ("title", "issuer", "date", "doc_number"):
        if (old.get(field) or "") != (new.get(field) or ""):
            changes["metadata"][field] = [old.get(field), new.get(field)]
    for i, j in match_tasks(old_tasks, new_tasks):
        if i is None:
            changes["tasks_added"].append(_brief(new_tasks[j]))
            continue
        if j is None:
            changes["tasks_removed"].append(_brief(old_tasks[i]))
            continue
        before, after = old_tasks[i], new_tasks[j]
        if not before.get("active", True):
            changes["tasks_added"].append({**_brief(after), "reinstated": True})
        text_changed = body(before.get("text")) != body(after.get("text"))
        if norm(before["title"]) != norm(after["title"]) or text_changed:
            entry = {**_brief(after), "old_title": before["title"]}
            if text_changed:
                entry["old_text"] = before.get("text") or ""
                entry["text"] = after.get("text") or ""
            changes["tasks_reworded"].append(entry)
        if before["number"] != after["number"] or (before.get("section") or "") != (
            after.get("section") or ""
        ):
            changes["tasks_moved"].append(
                {
                    **_brief(after),
                    "old_number": before["number"],
                    "old_section": before.get("section") or "",
                    "section": after.get("section") or "",
                }
            )
        if (before.get("deadline") or "") != (after.get("deadline") or ""):
            changes["deadlines_changed"].append(
                {
                    **_brief(after),
                    "old": before.get("deadline") or "",
                    "new": after.get("deadline") or "",
                }
            )
        added, removed = [], []
        for role in ROLES:
            was = [norm(n) for n in before.get(_units_key(role)) or []]
            now = [norm(n) for n in after.get(_units_key(role)) or []]
            added += [{"name": n, "role": role} for n in now if n not in was]
            removed += [{"name": n, "role": role} for n in was if n not in now]
        if added or removed:
            changes["units_changed"].append({**_brief(after), "added": added, "removed": removed})
    changes.update(diff_targets(old, new))
    changes["summary"] = {
        "added": len(changes["tasks_added"]),
        "removed": len(changes["tasks_removed"]),
        "reworded": len(changes["tasks_reworded"]),
        "moved": len(changes["tasks_moved"]),
        "units_changed": len(changes["units_changed"]),
        "deadlines_changed": len(changes["deadlines_changed"]),
        "targets_changed": len(changes["targets_added"])
        + len(changes["targets_removed"])
        + len(changes["targets_changed"]),
        "metadata_changed": len(changes["metadata"]),
    }
    return changes


def has_changes(changes: dict) -> bool:
    return any(changes.get("summary", {}).values())


def comparable(parsed: dict, like: dict | None = None) -> dict:
    """The parsed document without what does not describe the plan itself (warnings). With
    `like` (an earlier reading), only the fields that reading has are kept, so a document
    read again after the parser learned to say more (rule, confidence, chapter text) is
    still the same document."""
    out = {k: v for k, v in parsed.items() if k != "warnings"}
    if like is None:
        return out
    out = {k: v for k, v in out.items() if k in like}
    for key in ("tasks", "chapters"):
        old = like.get(key) or []
        if key in out and old:
            fields = set(old[0])
            out[key] = [{k: v for k, v in item.items() if k in fields} for item in out[key]]
    return out


def initial_changes(parsed: dict) -> dict:
    """The changes recorded for a plan's first revision."""
    return {
        "initial": True,
        "summary": {
            "added": len(parsed.get("tasks") or []),
            "targets": len(parsed.get("targets") or [])
            + len(parsed.get("qualitative_targets") or []),
        },
    }
