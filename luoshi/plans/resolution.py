"""What each unit name of an upload stands for: the person's choices, kept with the draft.

For a name the directory does not know, the person picks one of:
- a unit (ranked suggestions first; saved as an alias only when they tick "remember");
- `new`: create the unit here (its full name, kind and parent unit);
- `ignore`: not a unit (a fragment the parser cut from a phrase, 「单位」);
- `collective`: a whole class of units (各有关部门) kept as words, assigning nobody.
For a group the directory knows (各县(市、区)政府) the choice is `expand` (each member is
assigned, the default) or `collective`.

Until the person says otherwise, each name carries a default: fragments are ignored,
collectives stay collective, a confident suggestion is taken, anything else becomes a new
unit under its likely full name. Choices are saved with the draft as they change, so
leaving the page loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from luoshi.org import suggest
from luoshi.org.models import Unit
from luoshi.org.resolver import Directory
from luoshi.plans.models import PlanImportDraft

# Parsed-document keys of the three roles, as the import reads them (services.reading).
ROLE_KEYS = ("lead_units", "cooperating_units", "implicit_units")


def names_in(parsed: dict) -> list[str]:
    """Every unit name of the parsed document, in first-appearance order."""
    seen: dict[str, None] = {}
    for task in parsed.get("tasks") or []:
        for key in ROLE_KEYS:
            for name in task.get(key) or []:
                seen.setdefault(name, None)
    return list(seen)


NEW, IGNORE, COLLECTIVE, EXPAND = "new", "ignore", "collective", "expand"
ACTIONS = {NEW, IGNORE, COLLECTIVE, EXPAND}


@dataclass
class NameRow:
    """One name to decide on, with what the directory suggests and the current choice."""

    name: str
    tasks: list[str]
    lead: bool
    group: Unit | None = None  # a known group (expand or keep collective)
    suggestions: list[suggest.Suggestion] = field(default_factory=list)
    pick: str = NEW  # a unit id as text, or one of ACTIONS
    alias: bool = False
    new_name: str = ""
    new_kind: str = Unit.Kind.DEPARTMENT
    new_parent: int | None = None
    fragment: bool = False

    @property
    def is_group(self) -> bool:
        return self.group is not None

    @property
    def members(self) -> list[Unit]:
        return list(self.group._directory_members) if self.group is not None else []

    @property
    def suggested_ids(self) -> set[int]:
        return {s.unit.pk for s in self.suggestions}

    @property
    def top(self) -> suggest.Suggestion | None:
        return self.suggestions[0] if self.suggestions else None


def _usage(parsed: dict) -> dict[str, tuple[list[str], bool]]:
    used: dict[str, tuple[list[str], bool]] = {}
    for task in parsed.get("tasks") or []:
        for key in ROLE_KEYS:
            for name in task.get(key) or []:
                tasks, lead = used.setdefault(name, ([], False))
                if task["number"] not in tasks:
                    tasks.append(task["number"])
                used[name] = (tasks, lead or key == "lead_units")
    return used


def name_rows(*, draft: PlanImportDraft, directory: Directory) -> list[NameRow]:
    """The names needing a decision (unknown names, then known groups), each with its
    suggestions and the choice saved so far or the default."""
    usage = _usage(draft.parsed)
    unknown, groups = [], []
    for name in names_in(draft.parsed):
        tasks, lead = usage.get(name, ([], False))
        hit = directory.get(name)
        if hit is None:
            row = NameRow(name=name, tasks=tasks, lead=lead)
            row.suggestions = suggest.suggest(name, directory)
            row.fragment = suggest.is_fragment(name)
            row.new_name = suggest.full_name(name, directory)
            row.new_kind = suggest.guess_kind(name)
            if row.fragment:
                row.pick = IGNORE
            elif suggest.is_collective(name):
                row.pick = COLLECTIVE
            elif row.top is not None and row.top.confident:
                row.pick = str(row.top.unit.pk)
            unknown.append(row)
        elif hit.is_group:
            groups.append(NameRow(name=name, tasks=tasks, lead=lead, group=hit.unit, pick=EXPAND))
    rows = unknown + groups
    saved = draft.choices or {}
    for row in rows:
        choice = saved.get(row.name)
        if not isinstance(choice, dict):
            continue
        pick = str(choice.get("pick") or "")
        if pick in ACTIONS or pick.isdigit():
            row.pick = pick
        row.alias = bool(choice.get("alias"))
        row.new_name = str(choice.get("new_name") or row.new_name)[:120]
        if choice.get("new_kind") in Unit.Kind.values:
            row.new_kind = choice["new_kind"]
        parent = choice.get("new_parent")
        row.new_parent = int(parent) if str(parent or "").isdigit() else None
    return rows


def clean_choices(rows: list[NameRow], data: dict) -> dict[str, dict]:
    """The choices in `data` (name -> dict) that concern these rows, in the stored shape."""
    out = {}
    by_name = {r.name: r for r in rows}
    for name, choice in (data or {}).items():
        row = by_name.get(name)
        if row is None or not isinstance(choice, dict):
            continue
        pick = str(choice.get("pick") or "")
        if row.is_group and pick not in (EXPAND, COLLECTIVE):
            continue
        if not row.is_group and not (pick in (NEW, IGNORE, COLLECTIVE) or pick.isdigit()):
            continue
        parent = str(choice.get("new_parent") or "")
        out[name] = {
            "pick": pick,
            "alias": bool(choice.get("alias")),
            "new_name": str(choice.get("new_name") or "").strip()[:120],
            "new_kind": choice.get("new_kind")
            if choice.get("new_kind") in Unit.Kind.values
            else "",
            "new_parent": int(parent) if parent.isdigit() else None,
        }
    return out
