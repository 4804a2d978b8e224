"""Numbered headings (一、 （一） 1. （1） ① 第一章 …) and the outline tree they form.

A heading's style is its numbering pattern, not its depth: depth comes from the order in
which styles open, with a stack, so "1." may sit under "一、" in one chapter and under
"（一）" in the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import CIRCLED, cn_to_int, fold

_CN = "一二三四五六七八九十百零〇两"

# Each pattern runs on the folded (half-width) line; group 1 is the ordinal.
_STYLES: tuple[tuple[str, re.Pattern], ...] = (
    ("part", re.compile(rf"^\s*第\s*([{_CN}\d]+)\s*(?:章|部分|篇)\s*[、.:]?\s*")),
    ("part_sec", re.compile(rf"^\s*第\s*([{_CN}\d]+)\s*节\s*[、.:]?\s*")),
    ("cn", re.compile(rf"^\s*([{_CN}]{{1,3}})\s*[、.,](?!\d)\s*")),
    ("cn_paren", re.compile(rf"^\s*\(\s*([{_CN}]{{1,3}})\s*\)\s*[、.]?\s*")),
    ("num", re.compile(r"^\s*(\d{1,3})\s*(?:[、.](?![\d%])|,(?![\d%]))\s*")),
    ("num_paren", re.compile(r"^\s*\(\s*(\d{1,3})\s*\)\s*[、.]?\s*")),
    ("num_half", re.compile(r"^\s*(\d{1,3})\s*\)\s*")),
    ("circled", re.compile(rf"^\s*([{CIRCLED}])\s*[、.]?\s*")),
)

_TITLE_END = re.compile(r"[。!?！？]")
_COLON = re.compile(r"[:：]")


@dataclass(frozen=True)
class Heading:
    style: str
    ordinal: int
    number: str  # as written, minus trailing separators: "一", "（一）", "1", "（1）", "①"
    rest: str  # text after the number, original characters
    title: str  # rest up to the first 。 (or a short "：" lead-in), unpunctuated
    inline: bool  # True when the paragraph carries body text after the title
    tail: str  # the text after the title


def match_heading(line: str) -> Heading | None:
    folded = fold(line[:24])  # numbering sits at the start; folding the whole line is waste
    for style, pattern in _STYLES:
        m = pattern.match(folded)
        if not m:
            continue
        token = m.group(1)
        ordinal = CIRCLED.index(token) + 1 if style == "circled" else cn_to_int(token)
        if not ordinal:
            continue
        rest = line[m.end() :].strip()
        if not rest:
            continue
        number = _number_text(line[: m.end()], style)
        title, inline, tail = _split(rest)
        return Heading(style, ordinal, number, rest, title, inline, tail)
    return None


def _number_text(prefix: str, style: str) -> str:
    s = fold(prefix).strip()
    original = prefix.strip()
    if style in ("cn", "num"):
        return re.sub(r"[、.,\s]+$", "", s)
    # Keep the brackets as the document wrote them; digits become ASCII.
    out = re.sub(r"[、.．\s]+$", "", original)
    return re.sub(r"\s+", "", out.translate({0xFF10 + i: 0x30 + i for i in range(10)}))


def split_title(rest: str) -> tuple[str, bool]:
    """Title of a heading: up to the first 。, or up to an early colon ("发展目标：到2025年…").
    Returns (title, whether more text follows the title)."""
    title, inline, _ = _split(rest)
    return title, inline


def _split(rest: str) -> tuple[str, bool, str]:
    from .units import strip_clauses

    end = _TITLE_END.search(rest)
    colon = _COLON.search(rest)
    cut = end.start() if end else len(rest)
    if colon and colon.start() < cut and colon.start() <= 24:
        cut = colon.start()
    title = rest[:cut]
    tail = rest[cut + 1 :].strip() if cut < len(rest) else ""
    clean = strip_clauses(title).strip(" 　,，;；:：、.")
    return (clean or title.strip()), bool(strip_clauses(tail).strip(" 。")), tail


@dataclass
class Node:
    heading: Heading
    line: str  # the heading paragraph as written
    index: int  # position of the heading paragraph among body paragraphs
    depth: int
    parent: Node | None = None
    body: list[str] = field(default_factory=list)
    clause_lines: list[str] = field(default_factory=list)  # paragraphs that only assign units
    tail: list[str] = field(default_factory=list)  # plain paragraphs after a closing clause
    children: list[Node] = field(default_factory=list)
    is_task: bool = False
    holds_paragraph_tasks: bool = False  # a heading over tasks written as plain paragraphs

    @property
    def style(self) -> str:
        return self.heading.style

    @property
    def title(self) -> str:
        return self.heading.title

    def own_paragraphs(self) -> list[str]:
        """Text that belongs to this node alone: an inline heading's text plus body."""
        return ([self.heading.rest] if self.heading.inline else []) + self.body

    def own_text_with_heading(self) -> list[str]:
        """Everything that may hold this node's responsibility clauses."""
        return [self.heading.rest, *self.body, *self.clause_lines]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestor_at(self, depth: int) -> Node | None:
        node: Node | None = self
        while node is not None and node.depth > depth:
            node = node.parent
        return node if node is not None and node.depth == depth else None


def build_outline(
    paragraphs: list[str], ends_with_clause, clause_only
) -> tuple[list[Node], list[str]]:
    """Outline tree of ``paragraphs``.

    Unnumbered paragraphs join the open node, with two exceptions. A paragraph that only
    assigns units (``〔责任单位：…〕`` or ``牵头单位：…``) is kept apart as a clause line. Once a
    node's content has closed with a clause, further plain paragraphs are closing remarks
    (``tail``), not part of that node — unless they close with a clause of their own.

    Returns (top-level nodes, paragraphs before the first heading)."""
    roots: list[Node] = []
    stack: list[Node] = []
    lead: list[str] = []
    last_ordinal: dict[str, int] = {}
    for i, para in enumerate(paragraphs):
        heading = match_heading(para)
        if heading and not _plausible(heading, stack, last_ordinal):
            heading = None
        if heading:
            pos = next((k for k, n in enumerate(stack) if n.style == heading.style), None)
            if pos is not None:
                del stack[pos:]
            parent = stack[-1] if stack else None
            node = Node(heading, para, i, len(stack) + 1, parent)
            (parent.children if parent else roots).append(node)
            stack.append(node)
            last_ordinal[heading.style] = heading.ordinal
            continue
        if not stack:
            lead.append(para)
            continue
        node = stack[-1]
        if node.tail:
            node.tail.append(para)
        elif clause_only(para):
            node.clause_lines.append(para)
        elif _closed(node, ends_with_clause) and not ends_with_clause(para):
            node.tail.append(para)
        else:
            # A paragraph closing with its own clause goes on with the item's work.
            node.body.append(para)
    for root in roots:
        for node in root.walk():
            _lift_shared_clause(node)
    return roots, lead


def _closed(node: Node, ends_with_clause) -> bool:
    if node.body:
        return bool(node.clause_lines) or ends_with_clause(node.body[-1])
    if node.heading.inline:
        return bool(node.clause_lines) or ends_with_clause(node.heading.rest)
    return False


def _lift_shared_clause(node: Node) -> None:
    """A clause line after the last of several sub-items ("①… ②… 〔责任单位：…〕") belongs to
    the item that holds them, unless every sub-item carries its own."""
    kids = node.children
    if len(kids) >= 2 and kids[-1].clause_lines and not any(k.clause_lines for k in kids[:-1]):
        if not kids[-1].body:
            node.clause_lines.extend(kids[-1].clause_lines)
            kids[-1].clause_lines = []


def _plausible(heading: Heading, stack: list[Node], last: dict[str, int]) -> bool:
    """Reject a numbered line that breaks its style's sequence badly (a body paragraph that
    merely starts with a number). Restarting at 1 and continuing are both fine."""
    if heading.ordinal == 1:
        return True
    prev = last.get(heading.style)
    if prev is None:
        # A style that first appears at a high ordinal is only trusted for Chinese numerals
        # in brackets, which body text never starts with.
        return heading.style in ("cn_paren", "cn", "part", "part_sec") or heading.ordinal <= 3
    in_stack = any(n.style == heading.style for n in stack)
    if in_stack:
        return heading.ordinal <= prev + 2
    return heading.ordinal <= prev + 2 or heading.ordinal <= 3
