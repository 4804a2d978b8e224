"""Task drafts: who is responsible for each task, under which rule, and how sure that is.

A document states its convention for who leads once, or not at all: in a clause ("…负责。排在
第一位的为牵头单位，下同"), a note ("注：…", "（说明：逗号前为牵头单位）"), the 保障措施, or a note
under an annexed table. Without a statement, units listed together are jointly responsible;
labels (牵头单位：, X牵头, Y参与, X会同Y, X指导) always win. Every task records the rule that
decided its roles (``model.RULES``) and a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .deadlines import deadline_date, find_free_deadline, normalise_deadline
from .headings import Node, split_title
from .model import CONFIDENCE, Target, Task
from .tables import TableTask
from .text import fold, squeeze
from .unitnames import dedupe, looks_like_unit
from .units import (
    RULE_COMMA,
    RULE_FIRST,
    RULE_SEMI,
    Clause,
    find_clauses,
    find_implicit,
    resolve_roles,
    strip_clauses,
)


@dataclass
class Rules:
    """The conventions in force while the tasks are read in order."""

    comma: bool = False
    first: bool = False
    implicit: list[str] = field(default_factory=list)

    def scan(self, text: str) -> None:
        """Take up the conventions a paragraph outside the tasks states."""
        s = squeeze(text)
        self.comma = self.comma or bool(RULE_COMMA.search(s) or RULE_SEMI.search(s))
        self.first = self.first or bool(RULE_FIRST.search(s))
        if not self.implicit:
            self.implicit = find_implicit(s)


@dataclass
class Draft:
    number: str
    chapter: str | None
    section: str | None
    title: str
    text: str
    clauses: list[Clause] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    implicit: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the rule of each clause or table cell
    deadline: str | None = None
    from_table: bool = False
    from_paragraph: bool = False
    targets: list[Target] = field(default_factory=list)
    node: Node | None = None  # the outline item the task was read from
    matched: bool = False  # an annexed table's row stands for this body task

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.coop)

    def rule(self) -> str:
        """The least certain of the rules that decided the task's roles."""
        rules = [r for r in self.rules if r != "none"] or ["none"]
        return min(rules, key=lambda r: CONFIDENCE[r])

    def freeze(self) -> Task:
        lead = dedupe(self.lead)
        coop = [u for u in dedupe(self.coop) if u not in lead]
        implicit = [u for u in dedupe(self.implicit) if u not in lead and u not in coop]
        deadline = normalise_deadline(self.deadline)
        rule = self.rule() if (lead or coop) else "none"
        confidence = CONFIDENCE[rule]
        if any(not looks_like_unit(u) for u in (*lead, *coop)):
            confidence = min(confidence, 0.6)
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
            rule=rule,
            confidence=round(confidence, 2),
            targets=tuple(self.targets),
        )

    def take(self, clauses: list[Clause], rules: Rules, warnings: list[str]) -> list[str]:
        """Roles from the task's clauses under ``rules``. Returns the implicit units a clause
        names for the tasks after this one."""
        pending: list[str] = []
        # A rule a clause states holds for its task, and for the tasks after it with 下同.
        comma = rules.comma or any(c.rule_comma for c in clauses)
        first = rules.first or any(c.rule_first for c in clauses)
        for c in clauses:
            if c.persist:
                rules.comma = rules.comma or c.rule_comma
                rules.first = rules.first or c.rule_first
        for c in clauses:
            lead, coop, rule = resolve_roles(c, comma, first)
            self.lead.extend(lead)
            self.coop.extend(coop)
            if lead or coop:
                self.rules.append(rule)
            if c.implicit:
                pending = c.implicit
            if c.deadline and not self.deadline:
                self.deadline = c.deadline
            if c.empty and not c.rule_only and not c.deadline:
                warnings.append(f"任务{self.number}「{self.title}」的责任条款未列出单位：{c.raw}")
        return pending


# --- Tasks written as unnumbered paragraphs ----------------------------------------------------
# "（一）强化前沿技术攻关。加强基础研究。…（省科技厅负责）\n突破关键核心技术。…（…负责）": under a
# section, each paragraph led in by a short phrase and closed by its own clause is a task.

_LEAD_IN = re.compile(r"^[^，,。；;：:、！？!?（）()“”\"\s]{2,20}。")
_NOT_LEAD_IN = re.compile(
    r"^(?:各地|各级|各有关|各部门|各单位|各市|各县|各区|地方各级|本方案|本意见)"
)


def is_lead_in(text: str) -> bool:
    s = text.strip()
    m = _LEAD_IN.match(s)
    return bool(m) and not _NOT_LEAD_IN.match(s) and not find_clauses(m.group(0))


def _split_at_clauses(para: str) -> list[str]:
    """A paragraph holding several tasks ("A。…（X负责）B。…（Y负责）") comes apart after each
    clause that a lead-in follows."""
    pieces: list[str] = []
    start = 0
    for c in find_clauses(para):
        rest = para[c.span[1] :].lstrip("。. ")
        if rest and is_lead_in(rest):
            cut = len(para) - len(rest)
            pieces.append(para[start:cut].strip())
            start = cut
    pieces.append(para[start:].strip())
    return [p for p in pieces if p]


def paragraph_segments(node: Node) -> list[str] | None:
    """The tasks a node holds as unnumbered paragraphs, or None when it does not: at least
    two segments, each led in by a short phrase and closed by a responsibility clause.
    Trailing paragraphs without a clause (closing remarks) are left out."""
    if node.children or node.clause_lines:
        return None
    paragraphs = ([node.heading.tail] if node.heading.inline else []) + node.body + node.tail
    segments: list[str] = []
    for para in paragraphs:
        for piece in _split_at_clauses(para):
            if segments and not is_lead_in(piece):
                segments[-1] = f"{segments[-1]}\n{piece}"
            else:
                segments.append(piece)
    while segments and not find_clauses(segments[-1]):
        segments.pop()
    if len(segments) < 2 or not all(is_lead_in(s) and find_clauses(s) for s in segments):
        return None
    return segments


# --- Tasks from an annexed table ---------------------------------------------------------------


def table_drafts(table: list[TableTask], rules: Rules) -> list[Draft]:
    drafts = []
    for t in table:
        d = Draft(
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
        if t.lead or t.coop:
            d.rules.append("table")
        for c in t.clauses:
            lead, coop, rule = resolve_roles(c, rules.comma, rules.first)
            d.lead.extend(u for u in lead if u not in d.lead)
            d.coop.extend(u for u in coop if u not in d.coop)
            if lead or coop:
                d.rules.append(rule)
        if not d.deadline:
            d.deadline = find_free_deadline(d.text)
        drafts.append(d)
    return drafts


def _key(title: str) -> str:
    return re.sub(r"[\W_]+", "", squeeze(fold(title)))


def _match(drafts: list[Draft], title: str) -> Draft | None:
    k = _key(title)
    by_key = {_key(d.title): d for d in drafts}
    return by_key.get(k) or next(
        (d for kk, d in by_key.items() if len(k) >= 4 and len(kk) >= 4 and (k in kk or kk in k)),
        None,
    )


def merge_table(drafts: list[Draft], table: list[Draft], warnings: list[str]) -> list[Draft]:
    """An annexed task table with units is the task list: the body may list the same measures
    in prose (their text and place fill what the table lacks). Body tasks that assign units
    themselves stay when the table does not cover them."""
    for t in table:
        if not t.has_units:
            warnings.append(f"任务{t.number}「{t.title}」未标注责任单位")
    if not drafts:
        return table
    pairs = [(t, _match(drafts, t.title)) for t in table]
    matched = sum(1 for _, d in pairs if d is not None)
    if any(t.has_units for t in table):
        if any(d.has_units for d in drafts) and matched * 2 < len(table):
            return drafts
        for t, d in pairs:
            if d is None:
                continue
            d.matched = True
            if squeeze(t.text) in ("", squeeze(t.title)):
                t.text = d.text
            t.chapter = t.chapter or d.chapter
            t.section = t.section or d.section
            t.deadline = t.deadline or d.deadline
        return table
    # A table without units only dates the body's tasks.
    for t, d in pairs:
        if d is not None and (not d.deadline or d.deadline == find_free_deadline(d.text)):
            d.deadline = t.deadline or d.deadline
    if matched < len(table):
        warnings.append(f"附表中有{len(table) - matched}项任务未能与正文任务对应")
    return drafts


def node_text(node: Node, descendants: list[Node]) -> str:
    # A heading line that is a whole sentence ("二、要加强…工作，设法查找…资料。") is content,
    # not just a title, even when paragraphs follow it.
    sentence = len(node.title) > 20 or "，" in node.title or "," in node.title
    parts = ([node.heading.rest] if node.heading.inline or sentence else []) + node.body
    if not parts and not descendants:
        parts = [node.heading.rest]
    for d in descendants:
        parts.append(d.line)
        parts.extend(d.body)
    return "\n".join(parts)


def title_of(node: Node, text: str) -> str:
    return node.title or split_title(strip_clauses(text))[0]
