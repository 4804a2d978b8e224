"""Tables: a task-breakdown table (序号|重点任务|主要内容|牵头单位|配合单位|完成时限) gives tasks
and their units by column; an indicator table (指标|单位|2020年|2025年) gives targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .deadlines import normalise_deadline
from .headings import match_heading, split_title
from .model import Target
from .text import fold, squeeze
from .units import _parse, resolve_roles, split_glued, split_units

_COLUMNS: tuple[tuple[str, re.Pattern], ...] = (
    ("number", re.compile(r"^(?:序号|编号|序|任务编号|任务序号|NO\.?|No\.?)$")),
    ("lead", re.compile(r"^(?:牵头单位|牵头部门|主办单位|主责单位|主责部门|牵头责任单位|牵头)$")),
    ("coop", re.compile(r"^(?:配合单位|配合部门|协办单位|协同单位|参与单位|协助单位|配合)$")),
    ("units", re.compile(r"^(?:责任单位|责任部门|责任主体|实施单位|落实单位|责任处室|承办单位)$")),
    (
        "deadline",
        re.compile(
            r"^(?:完成时限|完成时间|时间节点|时限|时限要求|进度安排|时间安排|完成期限|时间要求)$"
        ),
    ),
    (
        "content",
        re.compile(
            r"^(?:主要内容|工作措施|具体措施|主要措施|具体内容|工作内容|任务内容|具体任务|工作目标及措施|措施|"
            r"主要举措|具体举措|工作举措|任务措施|目标要求|工作要求|具体工作|工作目标|推进措施|实施内容)$"
        ),
    ),
    (
        "task",
        re.compile(
            r"^(?:重点任务|主要任务|任务名称|工作任务|任务|重点工作|工作事项|事项|项目名称|重点事项|任务事项|"
            r"工作名称|重点项目|政策措施|任务分工)$"
        ),
    ),
    ("category", re.compile(r"^(?:类别|领域|板块|分类|重点领域|方面)$")),
)


@dataclass
class TableTask:
    number: str
    title: str
    text: str
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    deadline: str | None = None
    chapter: str | None = None
    section: str | None = None
    raw_units: str = ""


def _header_map(cells: tuple[str, ...]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = re.sub(r"[\s:：（）()]", "", fold(cell))
        for role, rx in _COLUMNS:
            if rx.match(key) and role not in mapping:
                mapping[role] = i
                break
    return mapping


def task_table(rows: list[tuple[str, ...]]) -> list[TableTask] | None:
    """Tasks from a task-breakdown table, or None when ``rows`` is not one."""
    header_at, mapping = None, {}
    for i, row in enumerate(rows[:3]):
        m = _header_map(row)
        if ("task" in m or "content" in m) and ({"lead", "units"} & set(m)):
            header_at, mapping = i, m
            # A two-row header: 责任单位 over 牵头单位|配合单位.
            if i + 1 < len(rows):
                below = _header_map(rows[i + 1])
                if {"lead", "coop"} & set(below) and not ({"task", "content"} & set(below)):
                    for role, col in below.items():
                        mapping.setdefault(role, col)
                    if "units" in mapping and "lead" in below:
                        del mapping["units"]
                    header_at = i + 1
            break
    if header_at is None:
        return None
    chapter = section = None
    tasks: list[TableTask] = []
    counter = 0
    for row in rows[header_at + 1 :]:
        cells = [squeeze(c) if c else "" for c in row]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(set(filled)) == 1 and (len(filled) > 1 or len(cells) == 1 or _only_first(cells)):
            heading = match_heading(filled[0])
            if heading and heading.style in ("cn", "part"):
                chapter, section = heading.title, None
            else:
                section = heading.title if heading else filled[0].strip("：:")
            continue

        def cell(role: str, row: tuple[str, ...] = row) -> str:
            i = mapping.get(role)
            return row[i].strip() if i is not None and i < len(row) and row[i] else ""

        number = re.sub(r"[.．、\s]+$", "", fold(cell("number")))
        task_cell, content = cell("task"), cell("content")
        if task_cell and content and task_cell == content:
            content = ""
        if (
            tasks
            and (not number or number == tasks[-1].number)
            and task_cell
            and _same(task_cell, tasks[-1])
        ):
            prev = tasks[-1]  # a vertically merged task cell: one task, several measures
            if content:
                prev.text = f"{prev.text}\n{content}" if prev.text else content
            _add_units(prev, cell("lead"), cell("coop"), cell("units"))
            prev.deadline = prev.deadline or normalise_deadline(cell("deadline"))
            continue
        heading = match_heading(task_cell) if task_cell else None
        if heading and not number:
            number = heading.number
        head_text = heading.rest if heading else task_cell
        if head_text:
            title = split_title(head_text)[0]
        else:
            title = split_title(content)[0] if content else ""
        title = title.replace("\n", "")
        counter += 1
        t = TableTask(
            number=number or str(counter),
            title=title,
            text=content or head_text,
            deadline=normalise_deadline(cell("deadline")),
            chapter=chapter,
            section=section or (cell("category") or None),
        )
        _add_units(t, cell("lead"), cell("coop"), cell("units"))
        tasks.append(t)
    return tasks


def _only_first(cells: list[str]) -> bool:
    return bool(cells[0]) and not any(cells[1:])


def _same(task_cell: str, prev: TableTask) -> bool:
    heading = match_heading(task_cell)
    head = heading.rest if heading else task_cell
    return split_title(head)[0] == prev.title


def _cell_units(cell: str) -> list[str]:
    return split_glued(split_units(cell.replace("\n", "、")))


def _add_units(t: TableTask, lead: str, coop: str, units: str) -> None:
    if lead:
        t.lead.extend(u for u in _cell_units(lead) if u not in t.lead)
    if coop:
        t.coop.extend(u for u in _cell_units(coop) if u not in t.coop)
    if units:
        clause = _parse(units, (0, len(units)))
        lead_u, coop_u = (split_glued(x) for x in resolve_roles(clause, False, False))
        t.lead.extend(u for u in lead_u if u not in t.lead)
        t.coop.extend(u for u in coop_u if u not in t.coop and u not in t.lead)
    t.raw_units = "；".join(x for x in (t.raw_units, lead, coop, units) if x)


_YEAR_COL = re.compile(r"((?:19|20)\d\d)\s*年?")
_VALUE = re.compile(
    r"^(?P<cmp>[≥≤><＞＜]=?|不低于|不少于|不超过|超过|突破|达到)?\s*(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>[%‰]|[\u4e00-\u9fffA-Za-z]{0,5}?)\s*(?P<mod>以上|以内|以下|左右)?$"
)


def indicator_table(rows: list[tuple[str, ...]]) -> list[Target] | None:
    """Targets from an indicator table: 指标 | 单位 | 2020年（基期） | 2025年（目标） | 属性."""
    for h, row in enumerate(rows[:3]):
        keys = [squeeze(fold(c)) for c in row]
        ind = next(
            (
                i
                for i, k in enumerate(keys)
                if re.match(r"^(?:指标名称|指标|主要指标|具体指标)$", k)
            ),
            None,
        )
        if ind is None:
            continue
        unit_col = next(
            (i for i, k in enumerate(keys) if re.match(r"^(?:单位|计量单位)$", k)), None
        )
        years = [(int(m.group(1)), i) for i, k in enumerate(keys) if (m := _YEAR_COL.search(k))]
        target_col = next((i for i, k in enumerate(keys) if "目标" in k and i != ind), None)
        year = None
        if years:
            year, col = max(years)
            target_col = (
                target_col
                if target_col is not None and not _YEAR_COL.search(keys[target_col])
                else col
            )
        if target_col is None:
            return None
        out: list[Target] = []
        for row2 in rows[h + 1 :]:
            if len(row2) <= max(ind, target_col):
                continue
            name = squeeze(row2[ind])
            raw = squeeze(fold(row2[target_col]))
            m = _VALUE.match(raw)
            if not name or not m:
                continue
            unit = (
                squeeze(row2[unit_col]).strip("()（）")
                if unit_col is not None and unit_col < len(row2)
                else ""
            )
            unit = unit or (m.group("unit") or "")
            cmp_word = m.group("cmp") or ""
            comparator = {
                "≥": ">=",
                ">=": ">=",
                "不低于": ">=",
                "不少于": ">=",
                "达到": ">=",
                "≤": "<=",
                "<=": "<=",
                "不超过": "<=",
                ">": ">",
                "＞": ">",
                "超过": ">",
                "突破": ">",
                "<": "<",
                "＜": "<",
            }.get(cmp_word, "=")
            mod = m.group("mod")
            if comparator == "=" and mod:
                comparator = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "="}[mod]
            value = float(m.group("num"))
            out.append(
                Target(
                    f"{name}{cmp_word}{m.group('num')}{unit}{mod or ''}",
                    name,
                    comparator,
                    int(value) if value.is_integer() else value,
                    unit,
                    year,
                )
            )
        return out or None
    return None
