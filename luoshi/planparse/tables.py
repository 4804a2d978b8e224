"""Tables: a task-breakdown table (序号|重点任务|主要内容|牵头单位|配合单位|完成时限) gives tasks
and their units by column; an indicator table (指标|单位|2020年|2025年) gives targets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .deadlines import normalise_deadline
from .headings import match_heading, split_title
from .model import Target
from .text import fold, squeeze
from .unitnames import split_glued, split_units
from .units import Clause, _parse

_COLUMNS: tuple[tuple[str, re.Pattern], ...] = (
    ("number", re.compile(r"^(?:序号|编号|序|任务编号|任务序号|NO\.?|No\.?)$")),
    ("lead", re.compile(r"^(?:牵头单位|牵头部门|主办单位|主责单位|主责部门|牵头责任单位|牵头)$")),
    ("coop", re.compile(r"^(?:配合单位|配合部门|协办单位|协同单位|参与单位|协助单位|配合)$")),
    (
        "units",
        re.compile(
            r"^(?:责任单位|责任部门|责任主体|实施单位|落实单位|责任处室|承办单位|负责部门|负责单位|"
            r"实施部门|责任司局|指导部门)$"
        ),
    ),
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
            r"工作名称|重点项目|政策措施|任务分工|改革事项|改革举措|改革任务|举措名称|经验做法|事项名称|"
            r"创新举措|重点改革任务|具体事项)$"
        ),
    ),
    ("category", re.compile(r"^(?:类别|领域|板块|分类|重点领域|方面)$")),
    (
        "other",
        re.compile(r"^(?:推广范围|复制推广范围|适用范围|实施范围|备注|属性|预期目标|工作目标)$"),
    ),
)


@dataclass
class TableTask:
    number: str
    title: str
    text: str
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    # 责任单位 cells name units without saying who leads: their roles follow the document's
    # rule (read by the caller), one clause per cell.
    clauses: list[Clause] = field(default_factory=list)
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
            # A two-row header: 责任单位 over 牵头单位|配合单位 (cells merged across both rows
            # repeat the upper row's text).
            if i + 1 < len(rows):
                below = _header_map(rows[i + 1])
                repeated = {
                    role
                    for role, col in below.items()
                    if col < len(row) and squeeze(rows[i + 1][col]) == squeeze(row[col])
                }
                if {"lead", "coop"} & set(below) and not (
                    {"task", "content"} & (set(below) - repeated)
                ):
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
        clause = _parse(units.replace("\n", "；") if _LABELLED.search(units) else units, (0, 0))
        clause.lead = split_glued(clause.lead)
        clause.coop = split_glued(clause.coop)
        clause.plain_groups = [split_glued(g) for g in clause.plain_groups]
        t.clauses.append(clause)
    t.raw_units = "；".join(x for x in (t.raw_units, lead, coop, units) if x)


_LABELLED = re.compile(r"(?:牵头|配合|参与|协办|主办)\s*[:：]")


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


# --- Tables copied from a web page: one cell per line ---------------------------------------------
# A table copied from a browser (or from a PDF-to-HTML page) often arrives as its cells one per
# line: the header cells, then each row's cells, with category rows ("一、…") between groups and
# cells merged over several rows written once. The lines are turned back into rows by the
# header's columns and what each line looks like (a serial number, a list of units, a deadline,
# text).

_SERIAL = re.compile(r"^\d{1,3}$")
_CATEGORY = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)])"
)
_TABLE_END = re.compile(
    r"^(?:注|说明|备注|附件|资料来源|来源)\s*[:：\d一二三四五六七八九十]|^附件$"
)
_DEADLINE_CELL = re.compile(
    r"^(?:\d{4}\s*年|长期|持续|常态|每年|每季度|每月|逐年|年底|年内|上半年|下半年|\d{4}[-—–至]\d{4})"
)


def _kind(line: str) -> str:
    from .units import bare_unit_list, is_label_line

    s = squeeze(fold(line))
    if _SERIAL.match(s):
        return "serial"
    if len(s) <= 24 and _DEADLINE_CELL.match(s):
        return "deadline"
    if bare_unit_list(line) or is_label_line(line) or re.search(r"[（(]牵头[）)]", s):
        return "units"
    return "text"


_ACCEPTS = {
    "number": {"serial"},
    "task": {"text"},
    "content": {"text"},
    "category": {"text"},
    "other": {"text"},
    "lead": {"units"},
    "coop": {"units"},
    "units": {"units"},
    "deadline": {"deadline"},
}


_HEADER_NAME = {
    "number": "序号",
    "task": "重点任务",
    "content": "主要内容",
    "lead": "牵头单位",
    "coop": "配合单位",
    "units": "责任单位",
    "deadline": "完成时限",
    "category": "类别",
    "other": "备注",
}


def _header_run(blocks, start: int) -> tuple[list[str], int] | None:
    """The column roles of a header written one cell per line from ``start`` and how many
    lines it takes, or None."""
    roles: list[str] = []
    i = start
    while i < len(blocks) and not blocks[i].is_row and len(roles) < 10:
        cell = re.sub(r"[\s:：（）()]", "", fold(blocks[i].text))
        role = next((r for r, rx in _COLUMNS if rx.match(cell)), None)
        if role is None or role in roles:
            break
        roles.append(role)
        i += 1
    used = len(roles)
    # A two-row header written out: 责任单位 over 牵头单位 and 配合单位 has no column of its own.
    if "units" in roles and {"lead", "coop"} & set(roles[roles.index("units") + 1 :]):
        roles.remove("units")
    if (
        len(roles) >= 3
        and roles[0] == "number"
        and {"task", "content"} & set(roles)
        and {"lead", "units"} & set(roles)
    ):
        return roles, used
    return None


def rows_from_cell_lines(blocks: list, first_table: int) -> list:
    """``blocks`` with every one-cell-per-line table turned into row blocks (numbered from
    ``first_table``); everything else untouched."""
    out: list = []
    i = 0
    table_no = first_table
    while i < len(blocks):
        header = None if blocks[i].is_row else _header_run(blocks, i)
        if header is None:
            out.append(blocks[i])
            i += 1
            continue
        roles, width = header
        rows, used = _cell_rows(roles, [b.text for b in blocks[i + width :]])
        if not rows:
            out.append(blocks[i])
            i += 1
            continue
        table_no += 1
        out.append(Block(cells=tuple(_HEADER_NAME[r] for r in roles), table=table_no))
        out.extend(Block(cells=r, table=table_no) for r in rows)
        i += width + used
    return out


def _cell_rows(roles: list[str], lines: list[str]) -> tuple[list[tuple[str, ...]], int]:
    """Rows read from ``lines`` (after the header) and how many lines they used."""
    starts: list[int] = []
    end = len(lines)
    for k, line in enumerate(lines):
        s = squeeze(fold(line))
        if _TABLE_END.match(s):
            end = k
            break
        if s == str(len(starts) + 1):
            starts.append(k)
    if not starts:
        return [], 0
    # Category rows sit right before a serial number; a row keeps at least one cell.
    first_line: list[int] = []
    for n, st in enumerate(starts):
        floor = starts[n - 1] + 2 if n else 0
        j = st
        while j - 1 >= floor and _CATEGORY.match(squeeze(lines[j - 1])):
            j -= 1
        first_line.append(j)
    rows: list[tuple[str, ...]] = []
    sub_start = roles.index("content") if "content" in roles else 1 + int("task" in roles)
    used = 0
    for n, st in enumerate(starts):
        rows.extend((cat,) for cat in lines[first_line[n] : st] if _CATEGORY.match(squeeze(cat)))
        stop = first_line[n + 1] if n + 1 < len(starts) else end
        cells = lines[st + 1 : stop]
        if n + 1 == len(starts):
            cells = _last_row_cells(cells, roles, sub_start)
            stop = st + 1 + len(cells)
        rows.extend(tuple(r) for r in _fit(roles, sub_start, [lines[st], *cells]))
        used = stop
    return rows, used


def _last_row_cells(cells: list[str], roles: list[str], sub_start: int) -> list[str]:
    """The last row has no next serial number to end it: it ends where the lines stop fitting
    the columns (a closing paragraph after the table)."""
    col = 1
    for k, line in enumerate(cells):
        kind = _kind(line)
        target = next((j for j in range(col, len(roles)) if kind in _ACCEPTS[roles[j]]), None)
        if target is None:
            # A sub-row (a measure with its own units) may follow; prose may not.
            ahead = [_kind(x) for x in cells[k + 1 : k + 4]]
            if kind == "text" and "units" in ahead:
                col = sub_start + 1
                continue
            return cells[:k]
        col = target + 1
    return cells


def _fit(roles: list[str], sub_start: int, lines: list[str]) -> list[list[str]]:
    """Cells of one serial number's lines: the first row fills the columns in order (a
    column whose cell is empty is skipped); lines after the last column start a sub-row that
    repeats the merged cells (number, task) of the first, as a Word table's rows do."""
    rows: list[list[str]] = []
    row = [""] * len(roles)
    col = 0
    last_units: int | None = None
    for line in lines:
        kind = _kind(line)
        target = next((j for j in range(col, len(roles)) if kind in _ACCEPTS[roles[j]]), None)
        if (
            kind == "units"
            and last_units is not None
            and (target is None or roles[target] not in ("lead", "coop", "units"))
        ):
            # Units listed one per line stay in the cell they started.
            row[last_units] = f"{row[last_units]}、{line}"
            continue
        if target is None:
            rows.append(row)
            row = [rows[0][j] if j < sub_start else "" for j in range(len(roles))]
            col = sub_start
            target = next((j for j in range(col, len(roles)) if kind in _ACCEPTS[roles[j]]), None)
            if target is None:
                continue
        row[target] = f"{row[target]}\n{line}" if row[target] else line
        last_units = target if kind == "units" else None
        col = target + 1
    rows.append(row)
    return rows
