"""From blocks to a :class:`Plan`: outline, task level, responsibility rules, targets, tables."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .deadlines import deadline_date, find_free_deadline, normalise_deadline
from .errors import PlanParseError
from .headings import Node, build_outline, split_title
from .meta import extract_meta
from .model import Chapter, Plan, QualitativeTarget, Target, Task
from .readers import Block
from .tables import TableTask, indicator_table, task_table
from .targets import NUMBER, extract_targets
from .text import fold, squeeze
from .units import (
    IMPLICIT_RE,
    RULE_COMMA,
    RULE_FIRST,
    RULE_SEMI,
    Clause,
    clause_only,
    clear_clause_cache,
    dedupe,
    ends_with_clause,
    find_clauses,
    looks_like_unit,
    resolve_roles,
    split_units,
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


@dataclass
class _Draft:
    number: str
    chapter: str | None
    section: str | None
    title: str
    text: str
    clauses: list[Clause] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    implicit: list[str] = field(default_factory=list)
    deadline: str | None = None
    from_table: bool = False

    def freeze(self) -> Task:
        lead = dedupe(self.lead)
        coop = [u for u in dedupe(self.coop) if u not in lead]
        implicit = [u for u in dedupe(self.implicit) if u not in lead and u not in coop]
        deadline = normalise_deadline(self.deadline)
        return Task(
            number=self.number,
            chapter=self.chapter,
            section=self.section,
            title=self.title,
            text=self.text,
            lead_units=tuple(lead),
            cooperating_units=tuple(coop),
            implicit_units=tuple(implicit),
            deadline=deadline,
            deadline_date=deadline_date(deadline),
        )


def parse_blocks(blocks: list[Block]) -> Plan:
    # The clause memo serves one document: outline, task marking and titles share it.
    clear_clause_cache()
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

    drafts = _task_drafts(nodes, lead_paras, clauses_of, warnings)

    # Tables: task-breakdown tables give tasks or units; indicator tables give targets.
    table_targets: list[Target] = [t for tg in target_tables.values() for t in tg]
    table_tasks: list[TableTask] = []
    for tid, tt in task_tables.items():
        chapter, section = _context_at(roots, table_at[tid] - meta.body_start)
        has_sections = any(t.section for t in tt)
        for t in tt:
            t.chapter = t.chapter or chapter
            if not has_sections:
                t.section = section
        table_tasks.extend(tt)
    if table_tasks:
        drafts = _merge_table_tasks(drafts, table_tasks, warnings)
        if drafts and drafts[0].from_table:
            # The table is the task list; the headings around it are chapters again.
            for n in nodes:
                n.is_task = False

    if not drafts and not roots:
        raise PlanParseError("no_structure")

    targets, qualitative = _targets(nodes, lead_paras, meta.horizon)
    targets = table_targets + [
        t for t in targets if t.indicator not in {x.indicator for x in table_targets}
    ]

    chapters = []
    for r in roots:
        if r.is_task or _is_final_article(r):
            continue
        sections = tuple(c.title for c in r.children if not c.is_task)
        chapters.append(Chapter(r.heading.number, r.title, sections))

    tasks = [d.freeze() for d in drafts]
    _unit_warnings(tasks, drafts, warnings)
    if not tasks:
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
    )


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


def _scan_rules(text: str) -> tuple[bool, bool, list[str]]:
    s = squeeze(text)
    implicit: list[str] = []
    m = IMPLICIT_RE.search(s)
    if m:
        implicit = split_units(m.group("units"))
    return bool(RULE_COMMA.search(s) or RULE_SEMI.search(s)), bool(RULE_FIRST.search(s)), implicit


def _task_drafts(
    nodes: list[Node],
    lead_paras: list[str],
    clauses_of: dict[int, list[Clause]],
    warnings: list[str],
) -> list[_Draft]:
    # A convention stated outside the tasks ("各项任务排在第一位的为牵头单位", a note under a
    # chapter heading or at the end) holds for the whole document.
    rule_comma = rule_first = False
    implicit: list[str] = []
    outside = list(lead_paras)
    for n in nodes:
        outside.extend(n.tail)
        if not n.is_task and not _has_task_ancestor(n):
            outside.extend(n.own_text_with_heading())
    for p in outside:
        c, f, imp = _scan_rules(p)
        rule_comma, rule_first = rule_comma or c, rule_first or f
        implicit = implicit or imp
    drafts: list[_Draft] = []
    for n in nodes:
        if _has_task_ancestor(n) or not n.is_task:
            continue
        descendants = [d for d in n.walk() if d is not n]
        clauses = list(clauses_of[id(n)])
        for d in descendants:
            clauses.extend(clauses_of[id(d)])
        # A heading line that is a whole sentence ("二、要加强…工作，设法查找…资料。") is content,
        # not just a title, even when paragraphs follow it.
        sentence = len(n.title) > 20 or "，" in n.title or "," in n.title
        parts = ([n.heading.rest] if n.heading.inline or sentence else []) + n.body
        if not parts and not descendants:
            parts = [n.heading.rest]
        for d in descendants:
            parts.append(d.line)
            parts.extend(d.body)
        text = "\n".join(parts)
        title = n.title or split_title(strip_clauses(text))[0]
        chapter = n.ancestor_at(1) if n.depth > 1 else None
        section = n.ancestor_at(2) if n.depth > 2 else None
        draft = _Draft(
            number=n.heading.number,
            chapter=chapter.title if chapter else None,
            section=section.title if section else None,
            title=title,
            text=text,
            clauses=clauses,
        )
        comma, first = rule_comma, rule_first
        for c in clauses:
            comma = comma or c.rule_comma
            first = first or c.rule_first
        pending: list[str] = []
        for c in clauses:
            lead, coop = resolve_roles(c, comma, first)
            draft.lead.extend(lead)
            draft.coop.extend(coop)
            if c.rule_comma and c.persist:
                rule_comma = True
            if c.rule_first and c.persist:
                rule_first = True
            if c.implicit:
                pending = c.implicit
            if c.deadline and not draft.deadline:
                draft.deadline = c.deadline
            if c.empty and not c.rule_only and not c.deadline:
                warnings.append(f"任务{draft.number}「{draft.title}」的责任条款未列出单位：{c.raw}")
        draft.implicit = list(implicit)
        if pending:
            implicit = pending
        if not draft.deadline:
            draft.deadline = find_free_deadline(strip_clauses(text))
        drafts.append(draft)
    return drafts


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


def _key(title: str) -> str:
    return re.sub(r"[\W_]+", "", squeeze(fold(title)))


def _merge_table_tasks(
    drafts: list[_Draft], table: list[TableTask], warnings: list[str]
) -> list[_Draft]:
    as_drafts = [
        _Draft(
            number=t.number,
            chapter=t.chapter,
            section=t.section,
            title=t.title,
            text=t.text,
            lead=list(t.lead),
            coop=list(t.coop),
            deadline=t.deadline,
            from_table=True,
        )
        for t in table
    ]
    for d in as_drafts:
        if not d.lead and not d.coop:
            warnings.append(f"任务{d.number}「{d.title}」未标注责任单位")
        if not d.deadline:
            d.deadline = find_free_deadline(d.text)
    if not drafts:
        return as_drafts
    by_key = {_key(d.title): d for d in drafts}
    matched = 0
    for t in as_drafts:
        k = _key(t.title)
        target = by_key.get(k) or next(
            (
                d
                for kk, d in by_key.items()
                if len(k) >= 4 and len(kk) >= 4 and (k in kk or kk in k)
            ),
            None,
        )
        if target is None:
            continue
        matched += 1
        if not target.lead and not target.coop:
            target.lead, target.coop = list(t.lead), list(t.coop)
        if not target.deadline or target.deadline == find_free_deadline(target.text):
            target.deadline = t.deadline or target.deadline
    if matched == 0 and not any(d.lead or d.coop for d in drafts):
        return as_drafts
    if matched < len(as_drafts):
        warnings.append(f"附表中有{len(as_drafts) - matched}项任务未能与正文任务对应")
    return drafts


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
    f = fold(p)
    return bool(re.search(r"(?:到|至)\s*(?:19|20)\d\d\s*年", f)) and bool(NUMBER.search(f))


def _ancestors(n: Node):
    p = n.parent
    while p is not None:
        yield p
        p = p.parent


# --- Warnings -----------------------------------------------------------------------------------


def _unit_warnings(tasks: list[Task], drafts: list[_Draft], warnings: list[str]) -> None:
    any_units = any(t.lead_units or t.cooperating_units for t in tasks)
    for t, d in zip(tasks, drafts, strict=True):
        for u in (*t.lead_units, *t.cooperating_units):
            if not looks_like_unit(u):
                warnings.append(f"任务{t.number}「{t.title}」中的“{u}”不像单位名称，请核对")
        flagged = any(c.empty and not c.rule_only and not c.deadline for c in d.clauses)
        if any_units and not (t.lead_units or t.cooperating_units or d.from_table or flagged):
            warnings.append(f"任务{t.number}「{t.title}」未标注责任单位")
