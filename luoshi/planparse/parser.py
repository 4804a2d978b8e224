"""From blocks to a :class:`Plan`: outline, task level, responsibility rules, targets, tables."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .deadlines import find_free_deadline
from .drafts import (
    Draft,
    Rules,
    merge_table,
    node_text,
    paragraph_segments,
    table_drafts,
    title_of,
)
from .errors import PlanParseError
from .headings import Node, build_outline, split_title
from .limits import MAX_TASKS
from .meta import extract_meta
from .model import Chapter, Plan, QualitativeTarget, Target, Task
from .readers import Block, check_blocks
from .tables import TableTask, indicator_table, rows_from_cell_lines, task_table
from .targets import NUMBER, extract_targets, task_targets
from .text import fold, squeeze
from .unitnames import dedupe, looks_like_unit
from .units import (
    Clause,
    clause_only,
    clear_clause_cache,
    ends_with_clause,
    find_clauses,
    strip_clauses,
)

# Chapters that frame a plan rather than assign work; their items are tasks only when they
# carry a responsibility clause.
_GENERAL_WORDS = (
    "总体要求|总体思路|指导思想|基本原则|工作原则|主要原则|发展目标|主要目标|工作目标|总体目标|行动目标|目标任务|"
    "目标要求|建设目标|具体目标|保障措施|保障机制|组织保障|组织实施|实施保障|工作保障|政策保障|要素保障|工作要求|"
    "有关要求|其他要求|工作步骤|实施步骤|实施安排|进度安排|时间安排|步骤安排|附则|其他事项|背景意义|重要意义|"
    "发展基础|发展现状|现状与形势|面临形势|总体定位|发展定位|适用范围|实施范围|组织领导|督促检查|督查考核|"
    "考核评估|宣传引导|舆论宣传|监督考核|工作机制|总体安排|主要依据|编制依据|实施期限|政策兑现|资金保障|工作目标和原则"
)
_GENERAL = re.compile(rf"^(?:强化|加强|完善|健全|落实|做好|切实|严格)?(?:{_GENERAL_WORDS})$")
_GOAL = re.compile(r"^(?!.*导向).{0,8}目标.{0,8}$")


_WORD_SEP = re.compile(r"[和与及、，,]")


@lru_cache(maxsize=4096)
def _is_general(title: str) -> bool:
    words = [w for w in _WORD_SEP.split(squeeze(title).strip("。.")) if w]
    return bool(words) and all(_GENERAL.match(w) for w in words)


def parse_blocks(blocks: list[Block]) -> Plan:
    # The clause memo serves one document: outline, task marking and titles share it.
    clear_clause_cache()
    check_blocks(blocks)
    blocks = rows_from_cell_lines(blocks, max((b.table for b in blocks if b.is_row), default=0))
    rows_of: dict[int, list[tuple[str, ...]]] = {}
    for b in blocks:
        if b.is_row:
            rows_of.setdefault(b.table, []).append(b.cells or ())
    task_tables = {tid: tt for tid, rows in rows_of.items() if (tt := task_table(rows))}
    target_tables = {
        tid: tg
        for tid, rows in rows_of.items()
        if tid not in task_tables and (tg := indicator_table(rows))
    }
    # Any other table is layout (a frame around the text, a signature grid): its cells are
    # read as paragraphs so no text is lost.
    paras: list[str] = []
    table_at: dict[int, int] = {}
    for b in blocks:
        if not b.is_row:
            if b.text:
                paras.append(b.text)
        elif b.table in task_tables or b.table in target_tables:
            table_at.setdefault(b.table, len(paras))
        else:
            for cell in dedupe(b.cells or ()):
                paras.extend(line for line in cell.split("\n") if line.strip())
    meta = extract_meta(paras)
    body = paras[meta.body_start : meta.body_end]
    roots, lead_paras = build_outline(body, ends_with_clause, clause_only)
    warnings: list[str] = []

    nodes = [n for r in roots for n in r.walk()]
    clauses_of: dict[int, list[Clause]] = {
        id(n): [c for p in n.own_text_with_heading() for c in find_clauses(p)] for n in nodes
    }
    _mark_tasks(nodes, clauses_of)
    outside = paras[: meta.body_start] + paras[meta.body_end :]
    rules = _document_rules(nodes, lead_paras, outside)
    drafts = _task_drafts(
        nodes, clauses_of, Rules(rules.comma, rules.first, rules.implicit), warnings
    )

    # Tables: task-breakdown tables give tasks or units; indicator tables give targets.
    table_targets: list[Target] = [t for tg in target_tables.values() for t in tg]
    table_tasks: list[TableTask] = []
    for tid, tt in task_tables.items():
        at = table_at[tid] - meta.body_start
        # An annexed table (after the body) sits in no chapter of the body.
        chapter, section = _context_at(roots, at) if at < len(body) else (None, None)
        has_sections = any(t.section for t in tt)
        for t in tt:
            t.chapter = t.chapter or chapter
            if not has_sections:
                t.section = section
        table_tasks.extend(tt)
    if table_tasks:
        body_drafts = drafts
        drafts = merge_table(drafts, table_drafts(table_tasks, rules), warnings)
        if drafts and drafts[0].from_table:
            # The table is the task list; the headings around it are chapters again, except
            # the body's items the table's rows stand for.
            mirrored = {id(d.node) for d in body_drafts if d.matched}
            for n in nodes:
                n.is_task = n.is_task and id(n) in mirrored
            for d in drafts:
                d.implicit = list(rules.implicit)

    if not drafts and not roots:
        raise PlanParseError("no_structure")
    if len(drafts) > MAX_TASKS:
        raise PlanParseError("too_many_tasks", count=len(drafts), limit=MAX_TASKS)
    if (
        drafts
        and not any(d.has_units for d in drafts)
        and (meta.notice_only or is_policy_text(meta.title))
    ):
        # A notice whose task lists are attachments, or a policy text that assigns nothing
        # to anybody: its numbered paragraphs are not tasks.
        drafts = []
        warnings.append(
            "未识别到任务：文件没有向任何单位分配任务"
            + ("（任务清单在附件中，未随文件提供）" if meta.notice_only else "（政策性文件）")
        )

    targets, qualitative = _targets(nodes, lead_paras, meta.horizon)
    targets = table_targets + [
        t for t in targets if t.indicator not in {x.indicator for x in table_targets}
    ]
    for d in drafts:
        d.targets = task_targets(strip_clauses(d.text))

    chapters = _chapters(roots, body)
    tasks = [d.freeze() for d in drafts]
    _unit_warnings(tasks, drafts, warnings)
    if not tasks and not any(w.startswith("未识别到任务") for w in warnings):
        warnings.append("未识别到任务：没有找到带编号的任务条目")
    if not meta.title:
        warnings.append("未识别到方案标题")
    return Plan(
        title=meta.title,
        issuer=meta.issuer,
        date=meta.date,
        doc_number=meta.doc_number,
        chapters=tuple(chapters),
        targets=tuple(targets),
        qualitative_targets=tuple(qualitative),
        tasks=tuple(tasks),
        warnings=tuple(dedupe(warnings)),
        parent_reference=meta.parent_reference,
    )


def _chapters(roots: list[Node], body: list[str]) -> list[Chapter]:
    """Top-level chapters with their sections and everything written under them."""
    chapters = []
    for k, r in enumerate(roots):
        if (r.is_task and not r.holds_paragraph_tasks) or _is_final_article(r):
            continue
        end = roots[k + 1].index if k + 1 < len(roots) else len(body)
        lines = ([r.heading.tail] if r.heading.tail else []) + body[r.index + 1 : end]
        sections = tuple(c.title for c in r.children if not c.is_task or c.holds_paragraph_tasks)
        chapters.append(Chapter(r.heading.number, r.title, sections, "\n".join(lines)))
    return chapters


_POLICY_GENRE = re.compile(
    r"(?:意见|通知|决定|办法|规定|条例|细则|措施|政策|若干条|条|指引|公告|通告|批复|函)"
    r"(?:[（(][^（()）]{1,12}[）)])?$"
)


def is_policy_text(title: str | None) -> bool:
    """A policy text (意见, 通知, 若干措施 …) rather than a work plan (方案, 计划, 要点, 清单 …):
    without assignments, its numbered paragraphs are policy, not tasks."""
    return bool(title) and bool(_POLICY_GENRE.search(squeeze(title)))


# --- Which nodes are tasks ----------------------------------------------------------------------


def _has_units(clauses: list[Clause]) -> bool:
    return any(not c.empty for c in clauses)


def _in_general(node: Node) -> bool:
    n: Node | None = node
    while n is not None:
        if _is_general(n.title):
            return True
        n = n.parent
    return False


def _mark_tasks(nodes: list[Node], clauses_of: dict[int, list[Clause]]) -> None:
    """Tasks are the numbered level that carries the responsibility clauses; without clauses,
    the most numerous level outside framing chapters. Framing chapters (总体要求, 保障措施…)
    yield tasks only where an item names responsible units."""
    with_units = Counter(n.style for n in nodes if _has_units(clauses_of[id(n)]))
    work = [n for n in nodes if not _in_general(n)]
    if with_units:
        style = max(with_units, key=lambda s: (with_units[s], _mean_depth(nodes, s)))
    elif work:
        # Items that hold sub-items are groups; count the items that carry text themselves.
        # "(1)…" / "①…" points under an item that has its own text are details of that item,
        # not items: "1.建设平台。新建实验室5个。(1)…(2)…" is one task.
        items = [n for n in work if not _is_detail(n)]
        counts = Counter(
            n.style for n in items if not any(not _is_detail(c) for c in n.children)
        ) or Counter(n.style for n in items)
        style = max(counts, key=lambda s: (counts[s], _mean_depth(nodes, s)))
    else:
        return
    for n in nodes:
        if n.style != style or _has_task_ancestor(n):
            continue
        if _has_units(clauses_of[id(n)]) or not (_in_general(n) or _is_final_article(n)):
            n.is_task = True
    # A clause-bearing item of another level, with no task above or below it, is a task too.
    for n in nodes:
        if n.is_task or _has_task_ancestor(n) or not _has_units(clauses_of[id(n)]):
            continue
        if not any(d.is_task for d in n.walk()):
            n.is_task = True
    # A working chapter numbered more shallowly than the rest ("三、…" holding only "（一）…"
    # items while other chapters go down to "1.") still has tasks: its innermost items.
    for n in nodes:
        if n.is_task or not n.children or _in_general(n) or _has_task_ancestor(n):
            continue
        if any(d.is_task for d in n.walk()):
            continue
        for d in n.walk():
            if d is not n and not d.children and not _in_general(d) and not _is_final_article(d):
                d.is_task = True


_DETAIL_STYLES = frozenset({"num_paren", "num_half", "circled"})


def _is_detail(n: Node) -> bool:
    p = n.parent
    return (
        n.style in _DETAIL_STYLES
        and p is not None
        and p.style not in _DETAIL_STYLES
        and (p.heading.inline or bool(p.body))
    )


_FINAL_ARTICLE = re.compile(
    r"本[^，。]{0,10}(?:自|从)[^。]{0,30}(?:施行|实施)|有效期[至为]|负责解释|解释权|同时废止"
)


def _is_final_article(n: Node) -> bool:
    """ "七、本措施自2023年1月1日起施行，有效期3年": the closing article of a 若干措施."""
    return not n.children and bool(_FINAL_ARTICLE.search(n.heading.rest[:80]))


def _mean_depth(nodes: list[Node], style: str) -> float:
    depths = [n.depth for n in nodes if n.style == style]
    return sum(depths) / len(depths)


def _has_task_ancestor(n: Node) -> bool:
    p = n.parent
    while p is not None:
        if p.is_task:
            return True
        p = p.parent
    return False


# --- Task drafts and responsibility rules --------------------------------------------------------


def _document_rules(nodes: list[Node], lead_paras: list[str], outside: list[str]) -> Rules:
    """Conventions stated outside the tasks (the preamble, a note, 保障措施, a note under an
    annexed table) hold for the whole document."""
    rules = Rules()
    paragraphs = list(lead_paras) + list(outside)
    for n in nodes:
        paragraphs.extend(n.tail)
        if not n.is_task and not _has_task_ancestor(n):
            paragraphs.extend(n.own_text_with_heading())
    for p in paragraphs:
        rules.scan(p)
    return rules


def _task_drafts(
    nodes: list[Node], clauses_of: dict[int, list[Clause]], rules: Rules, warnings: list[str]
) -> list[Draft]:
    task_nodes = [n for n in nodes if n.is_task and not _has_task_ancestor(n)]
    segments = {id(n): paragraph_segments(n) for n in task_nodes}
    # Unnumbered paragraph tasks are the document's shape only when most task items hold them
    # or the item is a bare heading over them; a numbered task item is otherwise one task.
    holders = sum(1 for n in task_nodes if segments[id(n)])
    shape = holders * 2 >= len(task_nodes) > 0
    drafts: list[Draft] = []
    implicit = list(rules.implicit)
    for n in task_nodes:
        chapter = n.ancestor_at(1) if n.depth > 1 else None
        section = n.ancestor_at(2) if n.depth > 2 else None
        parts = segments[id(n)] if (shape or not n.heading.inline) else None
        if parts:
            # The item is a heading over paragraph tasks: it is their chapter or section.
            n.holds_paragraph_tasks = True
            for part in parts:
                d = Draft(
                    number="",
                    chapter=(chapter or n).title,
                    section=n.title if chapter else None,
                    title=split_title(strip_clauses(part))[0],
                    text=part,
                    from_paragraph=True,
                )
                pending = d.take(find_clauses(part), rules, warnings)
                d.implicit = list(implicit)
                implicit = pending or implicit
                d.deadline = d.deadline or find_free_deadline(strip_clauses(part))
                drafts.append(d)
            continue
        descendants = [d for d in n.walk() if d is not n]
        clauses = list(clauses_of[id(n)])
        for d in descendants:
            clauses.extend(clauses_of[id(d)])
        if not _has_units(clauses):
            # "（一）…（二）…\n（民政部牵头，…按职责分工负责）": a clause after a group's items
            # belongs to the group, and so to each of its items.
            clauses = _inherited(n, clauses_of) or clauses
        text = node_text(n, descendants)
        draft = Draft(
            number=n.heading.number,
            chapter=chapter.title if chapter else None,
            section=section.title if section else None,
            title=title_of(n, text),
            text=text,
            clauses=clauses,
            node=n,
        )
        pending = draft.take(clauses, rules, warnings)
        draft.implicit = list(implicit)
        implicit = pending or implicit
        if not draft.deadline:
            draft.deadline = find_free_deadline(strip_clauses(text))
        drafts.append(draft)
    if any(d.from_paragraph for d in drafts):
        for k, d in enumerate(drafts):
            if d.from_paragraph:
                d.number = str(k + 1)
    return drafts


def _inherited(node: Node, clauses_of: dict[int, list[Clause]]) -> list[Clause]:
    for ancestor in _ancestors(node):
        if _has_units(clauses_of[id(ancestor)]):
            return list(clauses_of[id(ancestor)])
    return []


def _context_at(roots: list[Node], index: int) -> tuple[str | None, str | None]:
    """Chapter and section titles open at body paragraph ``index`` (for a table placed there)."""
    chain: list[Node] = []
    level = roots
    while level:
        before = [n for n in level if n.index < index]
        if not before:
            break
        chain.append(before[-1])
        level = before[-1].children
    if not chain:
        return None, None
    return chain[0].title, (chain[1].title if len(chain) > 1 else None)


# --- Targets ------------------------------------------------------------------------------------


def _targets(
    nodes: list[Node], lead_paras: list[str], horizon: int | None
) -> tuple[list[Target], list[QualitativeTarget]]:
    goal_nodes = [
        n for n in nodes if _GOAL.match(squeeze(n.title)) and not any(d.is_task for d in n.walk())
    ]
    paragraphs: list[str] = []
    for g in goal_nodes:
        if any(a in goal_nodes for a in _ancestors(g)):
            continue
        if g.heading.tail.strip():
            paragraphs.append(g.heading.tail)
        paragraphs.extend(g.body)
        for d in g.walk():
            if d is not g:
                paragraphs.append(d.heading.rest)
                paragraphs.extend(d.body)
    if paragraphs:
        return extract_targets(paragraphs, horizon)
    # No goal heading: goals are usually stated in the opening or in 总体要求.
    fallback = [p for p in lead_paras if _states_goal(p)]
    for n in nodes:
        if not n.is_task and not _has_task_ancestor(n) and _in_general(n):
            fallback.extend(p for p in n.own_paragraphs() if _states_goal(p))
    targets, qualitative = extract_targets(fallback, horizon, dated_only=True)
    return targets, qualitative if targets else []


def _states_goal(p: str) -> bool:
    """ "到2025年，…达到…" or a sentence opening with its year ("2024年，城镇新增就业…")."""
    f = fold(p)
    dated = re.search(
        r"(?:到|至)\s*(?:19|20)\d\d\s*年|(?:^|[。；;])\s*(?:19|20)\d\d\s*年\s*[,，]", f
    )
    return bool(dated) and bool(NUMBER.search(f))


def _ancestors(n: Node):
    p = n.parent
    while p is not None:
        yield p
        p = p.parent


# --- Warnings -----------------------------------------------------------------------------------


def _unit_warnings(tasks: list[Task], drafts: list[Draft], warnings: list[str]) -> None:
    any_units = any(t.lead_units or t.cooperating_units for t in tasks)
    for t, d in zip(tasks, drafts, strict=True):
        for u in (*t.lead_units, *t.cooperating_units):
            if not looks_like_unit(u):
                warnings.append(f"任务{t.number}「{t.title}」中的“{u}”不像单位名称，请核对")
        flagged = any(c.empty and not c.rule_only and not c.deadline for c in d.clauses)
        if any_units and not (t.lead_units or t.cooperating_units or d.from_table or flagged):
            warnings.append(f"任务{t.number}「{t.title}」未标注责任单位")
