"""Document metadata: the plan's own title, issuer, signature date and document number,
and where the plan body starts and ends (a 通知 may wrap the plan; a signature may close it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .headings import match_heading
from .text import fold, is_date_line, parse_date, squeeze

_GENRE = (
    r"(?:方案|意见|措施|通知|规划|计划|办法|要点|细则|纲要|决定|政策|规定|清单|分工|分解表|行动|指南|条例|"
    r"通告|公告|决议|举措|安排|若干条|二十条|十条)"
)
_TITLE_END = re.compile(_GENRE + r"(?:[(（][^()（）]{1,20}[)）])?$")
_NOTICE = re.compile(r"(?:关于)?(?:印发|转发|下发|公布)(?P<name>.+?)的(?:通知|函|通告)$")
_QUOTED = re.compile(r"《(?P<name>[^《》]{4,80})》")
_DOCNO = re.compile(
    r"^(?P<org>[\u4e00-\u9fffA-Za-z]{1,14})\s*[〔\[(（【［]\s*(?P<y>(?:19|20)\d\d)\s*[〕\])）】］]\s*(?P<n>\d{1,5})\s*号$"
)
# A web page's metadata: "发文字号：鄂政办发〔2023〕27号".
_DOCNO_LABEL = re.compile(r"^(?:发文字号|文号|发文号|文件编号)[:：]")
_DOCNO_IN_LINE = re.compile(
    r"(?P<org>[\u4e00-\u9fffA-Za-z]{1,14})\s*[〔\[(（【［]\s*(?P<y>(?:19|20)\d\d)\s*[〕\])）】］]\s*(?P<n>\d{1,5})\s*号"
)
_ORG_END = re.compile(
    r"(?:人民政府|政府|办公室|办公厅|委员会|国务院|局|厅|部|委|院|会|中心|党委|党组|办|署|总局|公司|集团|"
    r"小组|指挥部|领导小组)$"
)
_ATTACHMENT = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[:：]?$")
_ATTACHMENT_LINE = re.compile(r"^附件\s*[\d一二三四五六七八九十]*\s*[:：].{2,}")
# A line that can only continue the title above it ("…工作" / "的通知").
_CONTINUES = re.compile(r"^(?:的|和|与|及|暨|之)")
_SUBTITLE = re.compile(
    r"^[(（](?:(?:19|20)\d\d|[二〇零一]{4}|试行|征求意见稿|修订|暂行|草案)[^()（）]{0,20}[)）]$"
)
_END_MATTER = re.compile(
    r"^(?:[(（]此件[^()（）]*[)）]|[(（](?:本文|正文)?有删减[)）]|[(（]信息公开[^()（）]*[)）]|"
    r"[(（](?:联系人|联系电话)[^()（）]*[)）]?|抄送[:：].*|主送[:：].*|"
    r".{0,30}\d{4}年\d{1,2}月\d{1,2}日印发|附件\s*[\d一二三四五六七八九十]*\s*[:：]?.{0,60}|信息公开选项.*|公开方式.*)$"
)


_PROSE_START = re.compile(r"^(?:为|根据|按照|依据|贯彻|落实|经|现|近年来|当前|对|在)|[，,。；;]")


@dataclass
class Meta:
    title: str | None
    issuer: str | None
    date: str | None
    doc_number: str | None
    body_start: int
    body_end: int
    horizon: int | None  # end year named in the title, e.g. 2025 from （2023—2025年）
    # A notice that names its plan but does not hold it (the plan is an attachment not given).
    notice_only: bool = False
    parent_reference: str | None = None  # the document number the plan cites as its basis


def _title_like(line: str) -> bool:
    if len(line) > 120:
        return False
    s = squeeze(line)
    if _END_MATTER.match(s) or s.endswith("文件"):  # 文件: the red header, not a title
        return False
    return (
        2 <= len(s) <= 70
        and s[-1] not in "。；;：:，,、"
        and not is_date_line(s)
        and not _DOCNO.match(fold(s))
        and not s.startswith(("为", "根据", "按照", "现将", "经"))
        and "。" not in s
    )


def _is_org(line: str) -> bool:
    s = squeeze(line)
    return 2 <= len(s) <= 40 and bool(_ORG_END.search(s)) and s[-1] not in "。；;：:，,"


def _org_names(line: str) -> list[str]:
    """A signature line may name several issuers side by side ("国务院办公厅　中央军委办公厅")."""
    parts = [p for p in re.split(r"\s+", line.strip()) if p]
    if len(parts) > 1 and all(_is_org(p) for p in parts):
        return parts
    return [squeeze(line)]


def _join_title_lines(lines: list[str], i: int) -> tuple[str, int]:
    """A title may be split over lines; join while the joined text still lacks its genre word."""
    title = squeeze(lines[i])
    j = i + 1
    while (
        j < len(lines)
        and (not _TITLE_END.search(title) or _CONTINUES.match(squeeze(lines[j])))
        and _title_like(lines[j])
        and not match_heading(lines[j])
        and not _DOCNO.match(squeeze(fold(lines[j])))
        and len(title) + len(squeeze(lines[j])) <= 90
    ):
        title += squeeze(lines[j])
        j += 1
    if j < len(lines) and _SUBTITLE.match(squeeze(lines[j])):
        title += squeeze(lines[j])
        j += 1
    return title, j


def extract_meta(lines: list[str]) -> Meta:
    n = len(lines)
    first_heading = next((i for i, ln in enumerate(lines) if match_heading(ln)), n)
    top = lines[: min(first_heading, 40)]

    doc_number = None
    for ln in lines[: min(n, 25)]:
        m = _DOCNO.match(_DOCNO_LABEL.sub("", squeeze(fold(ln))))
        if m:
            doc_number = f"{m.group('org')}〔{m.group('y')}〕{m.group('n')}号"
            break

    # A wrapping notice names the plan: "关于印发《X》的通知" or "《X》已经…同意，现印发给你们".
    plan_name = None
    notice_line = None
    notice_title = None
    for i, ln in enumerate(top):
        if not _title_like(ln):
            continue
        joined, _ = _join_title_lines(lines, i)
        m = _NOTICE.search(joined)
        if m:
            notice_line, notice_title = i, joined
            q = _QUOTED.search(m.group("name"))
            plan_name = q.group("name") if q else m.group("name")
            break
    if plan_name is None:
        for ln in top:
            q = _QUOTED.search(squeeze(ln))
            if q and re.search(r"印发|已经|同意|现将", ln):
                plan_name = q.group("name")
                break

    title = None
    body_start = None
    if plan_name:
        # The plan's own title line, wherever the notice ends (it may carry its own 一、二、).
        key = squeeze(plan_name)
        for i, ln in enumerate(lines[:400]):
            if i == notice_line or not _title_like(ln) or match_heading(ln):
                continue
            joined, j = _join_title_lines(lines, i)
            if len(joined) < 6 or (joined.endswith("通知") and not key.endswith("通知")):
                continue
            subtitle = joined.startswith(key) and re.fullmatch(
                r"[(（][^()（）]*[)）]", joined[len(key) :]
            )
            if joined.endswith(key) or key.endswith(joined) or subtitle:
                title, body_start = joined, j
                break
    notice_only = False
    if title is None and notice_title and any(_ATTACHMENT_LINE.match(squeeze(ln)) for ln in lines):
        # "关于印发…的通知" whose plan is only named in an attachment line: the document is
        # the notice itself.
        title, notice_only = notice_title, True
        body_start = (notice_line or 0) + 1
    if title is None:
        candidates: list[tuple[str, int, int]] = []
        i = 0
        while i < len(top):
            ln = top[i]
            if _title_like(ln) and not is_date_line(ln) and not squeeze(ln).endswith("文件"):
                joined, j = _join_title_lines(lines, i)
                if _TITLE_END.search(joined) and not (
                    j < len(lines) and is_date_line(lines[j]) and _is_org(joined)
                ):
                    candidates.append((joined, i, j))
                    i = j
                    continue
            i += 1
        non_notice = [c for c in candidates if not _NOTICE.search(c[0])]
        if non_notice:
            title, _, body_start = non_notice[-1]
        elif plan_name:
            title = squeeze(plan_name)
        elif candidates:
            title, _, body_start = candidates[0]
        elif top and _title_like(top[0]):
            title, body_start = squeeze(top[0]), 1

    if body_start is None:
        body_start = first_heading if first_heading < n else 0

    # Signature: an organisation line followed by a date line (or both on one line).
    issuer = None
    date = None
    end_sig = None
    for i, ln in enumerate(lines):
        if is_date_line(ln):
            j = i - 1
            orgs: list[str] = []
            while j >= 0 and _is_org(lines[j]) and len(orgs) < 3 and not match_heading(lines[j]):
                orgs[:0] = _org_names(lines[j])
                j -= 1
            if orgs:
                if issuer is None:
                    issuer, date = "、".join(orgs), parse_date(ln)
                if i > body_start:
                    end_sig = j + 1
                    break
            elif date is None and i > body_start and i >= n - 6:
                date = parse_date(ln)
                end_sig = i
        else:
            m = re.match(r"^(?P<org>\S{2,30}?)\s+(?P<date>\S+年\S+月\S+日)$", ln.strip())
            if m and _is_org(m.group("org")) and parse_date(m.group("date")):
                if issuer is None:
                    issuer, date = squeeze(m.group("org")), parse_date(m.group("date"))
                if i > body_start:
                    end_sig = i
                    break
    if issuer is None:
        for source in [notice_title, title] + [squeeze(x) for x in top[:5]]:
            m = re.match(r"^(?P<org>.{2,40}?)关于", source or "")
            # "为贯彻落实省委、省政府关于…" is the preamble, not an issuer.
            if m and _is_org(m.group("org")) and not _PROSE_START.match(m.group("org")):
                issuer = m.group("org")
                break
    if issuer is None:
        # The red header of a printed document: "XX市人民政府办公室文件".
        for ln in top[:3]:
            s = squeeze(ln)
            if s.endswith("文件") and _is_org(s[:-2]):
                issuer = s[:-2]
                break
    if date is None:
        # A notice published without its issuer's name still dates itself.
        for ln in lines[:body_start]:
            if is_date_line(ln):
                date = parse_date(ln)
                break
    if date is None:
        for ln in top:
            s = squeeze(ln)
            if len(s) <= 40 and parse_date(s) and re.match(r"^[(（]", s):
                date = parse_date(s)
                break

    body_end = end_sig if end_sig is not None else n
    # An attachment ("附件" / "附件2" on its own line) ends the plan body.
    for i in range(max(body_start, first_heading), body_end):
        if _ATTACHMENT.match(squeeze(lines[i])):
            body_end = i
            break
    while body_end > body_start and _END_MATTER.match(squeeze(lines[body_end - 1])):
        body_end -= 1
    horizon = None
    if title:
        years = re.findall(r"(20\d\d)\s*年?[)）]", fold(title))
        ranged = re.search(r"(?:19|20)\d\d\s*[-—–~至到]+\s*((?:19|20)\d\d)", fold(title))
        if ranged:
            horizon = int(ranged.group(1))
        elif years:
            horizon = int(years[-1])
    return Meta(
        title,
        issuer,
        date,
        doc_number,
        body_start,
        body_end,
        horizon,
        notice_only,
        find_parent_reference(lines, doc_number),
    )


# --- The document the plan implements -------------------------------------------------------------
# "根据《四川省人民政府办公厅关于印发〈…〉的通知》（川办发〔2022〕13号）精神": the first document
# number cited after 根据/按照/贯彻落实 in the opening paragraphs (never the plan's own number).
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号)"
)
CITATION = re.compile(
    r"(?:根据|按照|贯彻落实|落实|依据)[^。]{0,200}?《[^》]{2,120}》\s*[(（]?\s*"
    + DOC_NUMBER.pattern
)


def normalise_doc_number(value: str | None) -> str:
    """川办发[2022]13号 and 川办发〔2022〕13号 are the same document."""
    value = re.sub(r"\s+", "", value or "")
    return re.sub(r"[\[［(（【]((?:19|20)\d{2})[\]］)）】]", r"〔\1〕", value)


def find_parent_reference(
    lines: list[str], own_number: str | None = None, limit: int = 20000
) -> str | None:
    """The document number cited in a "根据《…》(文号)" phrase near the start, or None."""
    own = normalise_doc_number(own_number)
    text, size = [], 0
    for line in lines:
        text.append(line)
        size += len(line)
        if size > limit:
            break
    for match in CITATION.finditer("\n".join(text)):
        number = normalise_doc_number(match.group(1))
        if number != own:
            return number
    return None


def is_end_matter(line: str) -> bool:
    return bool(_END_MATTER.match(squeeze(line)))
