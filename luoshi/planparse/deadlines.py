"""Deadlines: "2023年底前", "2024年6月底前完成", "2025年12月31日前", "长期坚持" …"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .text import cn_to_int, fold

_Y = r"(?P<y>20\d\d)\s*年"
_MONTH = r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月(?:份)?"
_DAY = r"(?P<d>\d{1,2})\s*日"
_PERIOD = r"(?P<p>上半年|下半年|年内|年中|[第]?[一二三四1-4]\s*季度|年底|年末|底|末)"

# A deadline in free text needs a "before" word; in a clause or table cell a bare date will do.
_FREE = re.compile(
    rf"(?:(?:于|在|到|至)\s*)?{_Y}(?:{_MONTH}(?:{_DAY})?)?\s*{_PERIOD}?\s*(?:底|末)?\s*(?P<before>前|以前|之前)"
    r"(?:\s*(?:基本|全面|全部)?(?:完成|建成|实现|到位))?"
)
_LOOSE = re.compile(rf"{_Y}(?:{_MONTH}(?:{_DAY})?)?\s*{_PERIOD}?\s*(?:底|末)?\s*(?:前|以前|之前)?")
_ONGOING = re.compile(
    r"^(?:长期坚持|长期推进|长期|持续推进|持续开展|持续实施|持续|常态化推进|常态化|每年|逐年推进|分年度推进|"
    r"(?:20\d\d年起|自20\d\d年起)?(?:持续推进|长期坚持|每年)).{0,6}$"
)


def deadline_date(text: str | None) -> str | None:
    """ISO date a deadline phrase means (end of the period it names); None when open-ended."""
    if not text:
        return None
    folded = fold(text)
    m = _LOOSE.search(folded)
    if not m:
        return None
    # "2024年起持续推进", "自2023年开始": the year is when the work starts, not a deadline.
    if _STARTS.match(folded, m.end()):
        return None
    return _end_date(m)


_STARTS = re.compile(r"\s*(?:起|开始|以来|至今)")


def _end_date(m: re.Match) -> str | None:
    y = int(m.group("y"))
    month_s, day_s, period = m.group("m"), m.group("d"), (m.group("p") or "")
    month = cn_to_int(month_s) if month_s else None
    if month and not 1 <= month <= 12:
        return None
    if month and day_s:
        try:
            return date(y, month, int(day_s)).isoformat()
        except ValueError:
            return None
    if month:
        return date(y, month, calendar.monthrange(y, month)[1]).isoformat()
    period = period.replace("第", "").replace(" ", "")
    quarter = {
        "一季度": 3,
        "1季度": 3,
        "二季度": 6,
        "2季度": 6,
        "三季度": 9,
        "3季度": 9,
        "上半年": 6,
        "年中": 6,
    }
    end_month = quarter.get(period, 12)
    return date(y, end_month, calendar.monthrange(y, end_month)[1]).isoformat()


def find_free_deadline(text: str) -> str | None:
    """The latest "…前" deadline in running text, as written (e.g. "2024年6月底前")."""
    best: tuple[str, str] | None = None
    folded = fold(text)
    for m in _FREE.finditer(folded):
        iso = _end_date(m)
        if iso is None:
            continue
        phrase = text[m.start("y") : m.end("before")]
        if best is None or iso > best[0]:
            best = (iso, phrase)
    return best[1] if best else None


def normalise_deadline(text: str | None) -> str | None:
    """A deadline taken from a clause, label or table cell, trimmed; None if it is not one."""
    if not text:
        return None
    s = text.strip(" ，,；;。.：:")
    if not s:
        return None
    if _ONGOING.match(s):
        return s
    if _LOOSE.search(fold(s)):
        return s
    return s if len(s) <= 20 else None
