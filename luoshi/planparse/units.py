"""Responsibility clauses: who leads, who cooperates, and the rules a document states once.

A clause is a bracket ``〔责任单位：A，B、C〕`` ``（A、B负责）`` ``【牵头单位】A`` or an unbracketed
``牵头单位：A；配合单位：B`` line. Rules inside a clause ("逗号前的单位为牵头单位，下同",
"排在第一位的部门为牵头部门", "以下各项工作均涉及X，不再单独列出") are read as rules and never
as unit names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .text import bracket_groups, fold, split_top, squeeze
from .unitnames import TRAILING, looks_like_unit, split_units

_LEAD_LABELS = (
    "牵头单位|牵头部门|主办单位|主责单位|主责部门|牵头责任单位|主要责任单位|指导部门|指导单位|"
    "牵头司局|牵头处室|牵头"
)
_COOP_LABELS = (
    "配合单位|配合部门|协办单位|协同单位|协助单位|协助部门|参与单位|参与部门|支持单位|协作单位|"
    "配合司局|参与司局|配合"
)
_GENERIC_LABELS = (
    "责任单位|责任部门|责任主体|实施单位|落实单位|承办单位|责任处室|责任科室|实施主体|负责部门|"
    "负责单位|实施部门|承担单位|责任司局"
)
# Fields that may share a clause with the units but name no unit ("适用范围：全国").
_IGNORE_LABELS = (
    "责任领导|牵头领导|分管领导|牵头市领导|牵头区领导|牵头县领导|督办领导|联系领导|责任人|"
    "复制推广范围|推广范围|适用范围|实施范围|试点范围|适用地区|推广地区|适用对象|政策依据|备注"
)
_TIME_LABELS = "完成时限|完成时间|时间节点|时限要求|进度安排|时间要求|时间安排|完成期限|时限"

_LABEL_RE = re.compile(
    rf"(?P<label>{_IGNORE_LABELS}|{_TIME_LABELS}|{_LEAD_LABELS}|{_COOP_LABELS}|{_GENERIC_LABELS})"
    r"\s*[:：]\s*"
)
_LABEL_START = re.compile(
    rf"^\s*(?:{_LEAD_LABELS}|{_COOP_LABELS}|{_GENERIC_LABELS}|{_IGNORE_LABELS}|{_TIME_LABELS})\s*[:：]"
)
_BRACKET_LABEL = re.compile(
    rf"【\s*({_LEAD_LABELS}|{_COOP_LABELS}|{_GENERIC_LABELS}|{_IGNORE_LABELS}|{_TIME_LABELS})\s*】"
)

_DUTY_SUFFIX = re.compile(
    r"(?:按职责分工负责|按职责分工落实|按职能职责负责|按职能分工负责|按职责负责|按照职责分工负责|分别负责|共同负责|"
    r"牵头负责|负责落实|负责实施|负责推进|负责|按职责分工)$"
)
_LEAD_SUFFIX = re.compile(
    r"(?:牵头负责|牵头落实|牵头组织|牵头抓总|牵头推进|牵头指导|负责指导|统筹指导|牵头|指导)$"
)
_COOP_SUFFIX = re.compile(
    r"(?:配合落实|参与落实|配合实施|协助落实|配合推进|协同推进|共同参与|配合|参与|参加|协助|协同|协办)$"
)
# "X会同Y负责", "X会同有关部门负责": X leads, Y cooperates.
_HUITONG = re.compile(
    r"^(?P<lead>[^，,；;]+?)会同(?P<coop>[^，,；;]+?)"
    r"(?:按职责分工负责|按职责负责|共同负责|负责落实|组织实施|负责|落实|推进|实施)?$"
)
_LEAD_MARK = re.compile(r"[（(](?:牵头|牵头单位|牵头部门|主责|主办)[）)]$")
_ROLE_STMT = re.compile(r"^(?P<units>.+?)(?:为|是|作为)(?P<role>牵头|配合|责任|参与)(?:单位|部门)$")

RULE_COMMA = re.compile(r"(?:逗号|，|,)(?:之)?前(?:面)?的?(?:单位|部门)?(?:为|是)牵头")
RULE_SEMI = re.compile(r"(?:分号|；|;)(?:之)?前(?:面)?的?(?:单位|部门)?(?:为|是)牵头")
RULE_FIRST = re.compile(
    r"(?:第一位|首位|第一个|首个|第一家|最前面?|排名第一|第一名)(?:的|者)?(?:单位|部门)?(?:均)?(?:为|是)?牵头|"
    r"牵头(?:单位|部门)(?:排|列|放)在?(?:第一位|首位|最前)"
)
_PERSIST = re.compile(r"下同|以下同|后同|下文同|全文同|余同")
IMPLICIT_RE = re.compile(
    r"(?:以下|下列|其余|其他|各项|所有|全部|上述|本方案|本实施方案)[^。；;]{0,12}?(?:均|都|皆)"
    r"(?:需要?|要)?(?:涉及|由|包括|有|需|要求)?(?P<units>[^。；;]+?)(?:抓好|认真|负责|切实)?"
    r"(?:抓好落实|负责落实|组织实施|贯彻落实|参与|负责|落实|配合|实施)?[，,]?\s*(?:相关职责|职责|任务|工作)?(?:均)?"
    r"(?:不再|不)(?:单独|一一|逐一|另行|重复)?列出"
)
# "以下各项任务均需各省级科技管理部门结合实际推进，不再列出": the units, without what they do.
IMPLICIT_TAIL = re.compile(
    r"(?:结合(?:本地|各自)?实际|认真|切实|积极|抓好|做好|统筹|具体|按职责(?:分工)?|"
    r"推进|推动|落实|实施|负责|参与|配合|组织实施|贯彻落实|抓好落实|负责落实|执行)+$"
)


def implicit_units(text: str) -> list[str]:
    return split_units(IMPLICIT_TAIL.sub("", squeeze(text)))


IMPLICIT_RE2 = re.compile(
    r"^(?P<units>[^。；;，,]+?)(?:参与|负责|落实|涉及|配合)(?:以下|所有|全部|各项|本方案)(?:各项)?(?:工作|任务)"
)
# "各镇人民政府（街道办事处）为各项任务的责任主体，不再一一列出".
IMPLICIT_RE3 = re.compile(
    r"^(?P<units>[^。；;，,]+?)(?:为|是|作为)(?:以下|本方案|上述)?(?:各项|所有|全部)?(?:任务|工作)的?"
    r"(?:责任主体|实施主体|落实主体|责任单位|实施单位)[，,]?\s*(?:均)?(?:不再|不)(?:单独|一一|逐一|另行|重复)?列出"
)
IMPLICIT_PATTERNS = (IMPLICIT_RE, IMPLICIT_RE2, IMPLICIT_RE3)


def find_implicit(text: str) -> list[str]:
    """Units every task involves without naming them, from a note stated once."""
    for sentence in split_top(squeeze(text), "。；;"):
        for rx in IMPLICIT_PATTERNS:
            m = rx.search(sentence)
            if m:
                return implicit_units(m.group("units"))
    return []


_RULE_PART = re.compile(
    r"逗号|分号|顿号|第一位|首位|第一个|首个|第一家|下同|后同|以下同|下文同|不再.{0,4}列出|均涉及|均需|均由|各项工作|各项任务|责任主体|"
    r"以下各项|所有任务|排名第一|牵头单位(?:排|列)|为牵头(?:单位|部门)$|为配合(?:单位|部门)$"
)

_DATEISH = re.compile(
    r"^(?:(?:在|于|到|至)?(?:20\d\d|\d{2})\s*年|长期|持续|常态|每年|每季度|每月|逐年|分年度|"
    r"年底前|年内|上半年|下半年|[一二三四]季度)"
)


@dataclass
class Clause:
    raw: str
    span: tuple[int, int]  # within the paragraph
    lead: list[str] = field(default_factory=list)
    coop: list[str] = field(default_factory=list)
    deadline: str | None = None
    implicit: list[str] = field(default_factory=list)
    rule_comma: bool = False
    rule_first: bool = False
    persist: bool = False
    has_units_role: bool = False  # labelled or suffixed, so roles are explicit
    plain_groups: list[list[str]] = field(default_factory=list)  # comma groups, roles by rule
    rule: str = "none"  # how lead/coop were decided when they are already set

    @property
    def empty(self) -> bool:
        return not self.lead and not self.coop and not self.plain_groups

    @property
    def rule_only(self) -> bool:
        return self.empty and (self.rule_comma or self.rule_first or bool(self.implicit))


def _content(raw: str) -> str:
    s = raw.strip()
    if s and s[0] in "(（〔【[［":
        s = s[1:]
    if s and s[-1] in ")）〕】]］":
        s = s[:-1]
    return s.strip()


def is_clause_text(content: str) -> bool:
    """Whether a bracket's content assigns responsibility (or states a rule about it)."""
    c = squeeze(content)
    if not c or len(c) > 400:
        return False
    if _LABEL_RE.search(c):
        return True
    for part in split_top(c, "，,；;。"):
        if _RULE_PART.search(part):
            continue
        if _DUTY_SUFFIX.search(part) or _LEAD_SUFFIX.search(part) or _COOP_SUFFIX.search(part):
            units = _strip_role_words(part)
            if units and _looks_like_unit_list(units):
                return True
        if _ROLE_STMT.match(part) and _looks_like_unit_list(_ROLE_STMT.match(part).group("units")):
            return True
        m = _HUITONG.match(part)
        if m and _looks_like_unit_list(m.group("lead")) and _looks_like_unit_list(m.group("coop")):
            return True
    return False


def _strip_role_words(part: str) -> str:
    for rx in (_DUTY_SUFFIX, _LEAD_SUFFIX, _COOP_SUFFIX):
        part = rx.sub("", part)
    return part.strip()


# Task titles and measures start with a verb; unit names almost never do ("建设数字化园区" ends
# like a unit but is work).
_VERB_START = re.compile(
    r"^(?:建设|推进|推动|实施|加快|加强|完善|开展|支持|培育|打造|提升|发展|优化|深化|强化|健全|建立|促进|扩大|落实|"
    r"组织|开通|设立|引导|鼓励|探索|创新|规范|严格|全面|积极|大力|持续|着力|做好|做强|做优|做大|提高|降低|减少|"
    r"增加|保障|保持|稳定|实现|形成|构建|搭建|编制|制定|出台|修订|简化|压缩|取消|下放|清理|整合|盘活|招引|引进|"
    r"聚焦|围绕|依托|利用|统筹|协调|指导|督促|监督|检查|开发|研究|启动|举办|召开|筹办|改造|拓展|延伸|畅通|"
    r"含|包括|不含|除|以|按|对|在|由|将|把|向|为|与|和|及|其中|另|详见|参见|见)"
)


def strong_unit(name: str) -> bool:
    """A unit name that can stand without a label: ends like an organisation and does not
    start like a verb phrase."""
    name = name.strip()
    return looks_like_unit(name) and not _VERB_START.match(name) and len(name) <= 30


def bare_unit_list(content: str) -> bool:
    """A bracket holding nothing but unit names ("（省商务厅，省发展改革委、省财政厅）")."""
    c = squeeze(content).strip("。.；;")
    if not c or len(c) > 200 or _LABEL_RE.search(c):
        return False
    # A rule may share the bracket: "（A、B，C，列第一位者为牵头单位，下同）".
    parts = [p for p in split_top(c, "，,；;。") if p and not _is_rule_text(p)]
    items = [i for p in parts for i in split_top(p, "、") if i]
    if not items:
        return False
    for item in items:
        item = TRAILING.sub("", item)
        head = (
            item.split("等", 1)[0]
            if "等" in item and looks_like_unit(item.split("等", 1)[0])
            else item
        )
        if not strong_unit(head):
            return False
    return True


def _is_rule_text(part: str) -> bool:
    return bool(
        RULE_COMMA.search(part)
        or RULE_SEMI.search(part)
        or RULE_FIRST.search(part)
        or _PERSIST.fullmatch(part)
        or IMPLICIT_RE.search(part)
        or _RULE_PART.search(part)
    )


def _looks_like_unit_list(text: str) -> bool:
    items = [i for i in re.split(r"[、，,；;和及与]", text) if i]
    if not items:
        return False
    good = sum(1 for i in items if looks_like_unit(re.sub(r"等.*$", "", i) or i))
    return good >= max(1, len(items) // 2) and all(len(i) <= 40 for i in items)


def find_clauses(para: str) -> list[Clause]:
    """Every responsibility clause in a paragraph, in order (treat them as read-only)."""
    return list(_find_clauses(para))


def clear_clause_cache() -> None:
    _find_clauses.cache_clear()


@lru_cache(maxsize=8192)
def _find_clauses(para: str) -> tuple[Clause, ...]:
    # Outline building, task marking and title cleaning all ask about the same paragraphs.
    clauses: list[Clause] = []
    covered: list[tuple[int, int]] = []
    # 【责任单位】A【配合单位】B: a label in lenticular brackets introduces the text after it.
    labels = list(_BRACKET_LABEL.finditer(para))
    if labels:
        start = labels[0].start()
        end = len(para)
        text = _BRACKET_LABEL.sub(lambda m: "；" + m.group(1) + "：", para[start:end]).lstrip("；")
        clauses.append(_parse(text.rstrip("。. "), (start, end)))
        covered.append((start, end))
        para_scan = para[:start]
    else:
        para_scan = para
    for s, e in bracket_groups(para_scan):
        content = _content(para_scan[s:e])
        if is_clause_text(content) or (_closes_sentence(para_scan, s) and bare_unit_list(content)):
            clauses.append(_parse(content, (s, e)))
            covered.append((s, e))
    # Unbracketed "责任单位：A，B" runs from the label to the end of the paragraph.
    masked = _mask(para_scan, covered)
    for m in _LABEL_RE.finditer(masked):
        label = m.group("label")
        if label in ("牵头", "配合"):
            continue
        start = m.start()
        # Only at the start of the paragraph or after a sentence end: not "…的责任单位：" prose.
        before = masked[:start].rstrip()
        if before and before[-1] not in "。；;！!？?\n ":
            continue
        text = para_scan[start:].rstrip("。. ")
        clauses.append(_parse(text, (start, len(para_scan))))
        break
    clauses.sort(key=lambda c: c.span[0])
    return tuple(clauses)


_SENTENCE_END = "。；;！!？?"


def _closes_sentence(para: str, start: int) -> bool:
    """A bracket that follows a finished sentence: where a bare unit list assigns work, unlike
    "市发展改革委（市能源局）负责" or "各乡镇人民政府（街道办事处）", which are names."""
    before = para[:start].rstrip()
    return not before or before[-1] in _SENTENCE_END


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for i in range(s, min(e, len(chars))):
            chars[i] = "□"
    return "".join(chars)


def is_label_line(para: str) -> bool:
    return bool(_LABEL_START.match(fold(para))) or bool(_BRACKET_LABEL.match(para.strip()))


def ends_with_clause(para: str) -> bool:
    """The paragraph closes with a responsibility clause (so plain text after it is not the task)."""
    if is_label_line(para):
        return True
    s = para.rstrip(" 。.;；")
    groups = bracket_groups(s)
    if groups and groups[-1][1] >= len(s):
        return is_clause_text(_content(s[groups[-1][0] :]))
    clauses = find_clauses(para)
    return bool(clauses) and clauses[-1].span[1] >= len(s)


def clause_only(para: str) -> bool:
    """The paragraph does nothing but assign units (or a deadline)."""
    return bool(find_clauses(para)) and not strip_clauses(para).strip(" 。.；;，,")


def strip_clauses(text: str) -> str:
    """``text`` without its responsibility clauses (for titles and display)."""
    clauses = find_clauses(text)
    for c in reversed(clauses):
        text = text[: c.span[0]] + text[c.span[1] :]
    return text.strip()


# --- Parsing one clause -------------------------------------------------------------------------


def _parse(content: str, span: tuple[int, int]) -> Clause:
    clause = Clause(raw=content, span=span)
    # Blanks may separate units ("配合单位：区司法局 区发改局"), so they survive until the unit
    # lists are split; runs of them shrink to one.
    text = re.sub(r"\s+", " ", content).strip()
    unit_text_parts: list[str] = []
    # Sentences first: a rule may fill a whole sentence or share it with the unit list.
    for sentence in split_top(text, "。"):
        if not sentence:
            continue
        for rx in IMPLICIT_PATTERNS:
            m = rx.search(sentence)
            if m:
                clause.implicit = implicit_units(m.group("units"))
                sentence = (sentence[: m.start()] + sentence[m.end() :]).strip("，,；; ")
                break
        kept: list[str] = []
        for part in split_top(sentence, "，,"):
            if RULE_COMMA.search(part) or RULE_SEMI.search(part):
                clause.rule_comma = True
            elif RULE_FIRST.search(part):
                clause.rule_first = True
            elif _PERSIST.fullmatch(part.strip("；;")):
                clause.persist = True
            elif _RULE_PART.search(part) and not _LABEL_RE.search(part):
                if _PERSIST.search(part):
                    clause.persist = True
            else:
                if _PERSIST.search(part) and _PERSIST.sub("", part).strip("，,；;") == "":
                    clause.persist = True
                    continue
                kept.append(part)
        if kept:
            unit_text_parts.append("，".join(kept))
    units_text = "；".join(unit_text_parts)
    _assign(clause, units_text)
    return clause


def _assign(clause: Clause, text: str) -> None:
    """Split labelled segments and give each unit its role."""
    segments: list[tuple[str, str]] = []  # (kind, text)
    pos = 0
    kind = "plain"
    for m in _LABEL_RE.finditer(text):
        if m.start() > pos:
            segments.append((kind, text[pos : m.start()]))
        label = m.group("label")
        kind = _label_kind(label)
        pos = m.end()
    segments.append((kind, text[pos:]))

    lead: list[str] = []
    coop: list[str] = []
    plain_groups: list[list[str]] = []
    duty_groups: list[bool] = []  # whether each plain part ends in its own 负责
    labelled_roles = any(k in ("lead", "coop") for k, _ in segments)
    for kind, seg in segments:
        seg = seg.strip("，,；;。 ")
        if not seg or kind == "ignore":
            continue
        if kind == "time":
            clause.deadline = clause.deadline or seg.strip("，,；;。 ")
            continue
        for part in split_top(seg, "，,；;"):
            part = part.strip()
            if not part:
                continue
            if _DATEISH.match(part) and not looks_like_unit(part):
                clause.deadline = clause.deadline or part
                continue
            role = kind
            stmt = _ROLE_STMT.match(part)
            huitong = _HUITONG.match(part) if kind in ("plain", "generic") else None
            if huitong and looks_like_unit(
                TRAILING.sub("", split_top(huitong.group("lead"), "、")[-1])
            ):
                lead.extend(split_units(huitong.group("lead")))
                coop.extend(split_units(huitong.group("coop")))
                labelled_roles = True
                continue
            if stmt:
                part = stmt.group("units")
                role = {"牵头": "lead", "配合": "coop", "参与": "coop"}.get(
                    stmt.group("role"), role
                )
            elif _LEAD_SUFFIX.search(part):
                role, part = "lead", _LEAD_SUFFIX.sub("", part)
                labelled_roles = True
            elif _COOP_SUFFIX.search(part) and not _DUTY_SUFFIX.search(part):
                role, part = "coop", _COOP_SUFFIX.sub("", part)
                labelled_roles = True
            units = split_units(part)
            if not units:
                continue
            marked = [u for u in units if _LEAD_MARK.search(u)]
            if marked and role not in ("lead", "coop"):
                # "市发改委（牵头）、市财政局": the marked unit leads, the others cooperate.
                lead.extend(_LEAD_MARK.sub("", u) for u in marked)
                coop.extend(u for u in units if u not in marked)
                labelled_roles = True
                continue
            if role == "lead":
                lead.extend(units)
            elif role == "coop":
                coop.extend(units)
            else:
                plain_groups.append(units)
                duty_groups.append(bool(_DUTY_SUFFIX.search(part)))
    if plain_groups:
        if labelled_roles:
            # Beside an explicit lead, a generic 责任单位 list names the units that carry it out;
            # without one, "A负责，B、C配合" and "负责部门：A；配合部门：B" make A the lead.
            for group in plain_groups:
                (coop if lead else lead).extend(group)
        elif sum(duty_groups) > 1:
            # "A、B按职责分工负责，地方各级人民政府负责落实": separate duties, all responsible.
            lead.extend(u for g in plain_groups for u in g)
            clause.rule = "joint"
        else:
            clause.plain_groups = plain_groups
    clause.lead = lead
    clause.coop = coop
    clause.has_units_role = labelled_roles
    if labelled_roles and (lead or coop):
        clause.rule = "label"


def resolve_roles(
    clause: Clause, rule_comma: bool, rule_first: bool
) -> tuple[list[str], list[str], str]:
    """Lead and cooperating units of a clause under the conventions in force, and the rule
    that decided them (a code of ``model.RULES``)."""
    lead = list(clause.lead)
    coop = list(clause.coop)
    rule = clause.rule
    groups = clause.plain_groups
    if groups:
        flat = [u for g in groups for u in g]
        if len(flat) == 1 and not lead and not coop:
            return flat, [], "single"
        if rule_first and not rule_comma:
            # A stated first-is-lead rule holds across a comma: "A、B，C" has one lead.
            lead.extend(flat[:1])
            coop.extend(flat[1:])
            rule = "rule_first"
        elif rule_comma:
            lead.extend(groups[0])
            coop.extend(u for g in groups[1:] for u in g)
            rule = "rule_comma"
        elif len(groups) > 1:
            # "A，B、C" with no rule stated: the comma is taken to separate the lead from the
            # cooperating units, the usual convention of these plans (a guess, so flagged).
            lead.extend(groups[0])
            coop.extend(u for g in groups[1:] for u in g)
            rule = "comma"
        else:
            # Units listed together with no rule stated are jointly responsible.
            lead.extend(groups[0])
            rule = "joint"
    elif rule == "none" and (lead or coop):
        rule = "label"
    if rule == "label" and len(lead) + len(coop) == 1:
        rule = "single"
    return lead, coop, rule


def _label_kind(label: str) -> str:
    if re.fullmatch(_IGNORE_LABELS, label):
        return "ignore"
    if re.fullmatch(_TIME_LABELS, label):
        return "time"
    if re.fullmatch(_LEAD_LABELS, label):
        return "lead"
    if re.fullmatch(_COOP_LABELS, label):
        return "coop"
    return "generic"
