"""An instrument's declared open hours, read from the words owners write ("工作日 8:30–17:30",
"周一至周六 9:00–12:00, 14:00–18:00", "每天 8:00–22:00", "7×24小时", "Mon–Fri 9:00–17:00"),
and whether a booking lies within them. Pure Python, no database.

Reading: day words and time ranges are taken in the order written; time ranges belong to the
days named before them (every day when none is named), and a day word after a time range
starts a new group. Empty text means "by arrangement": no restriction. Text with no time
range is not understood (`parse` answers None and the instrument's form says how to write
it). Public holidays are not known here: an owner declines a request on a holiday."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DAY = "一二三四五六日天"
_EN = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_DASH = r"\s*(?:-|–|—|~|～|至|到|to)\s*"

_TOKEN = re.compile(
    r"(?P<allday>7\s*[×xX*]\s*24|24\s*(?:小时|h\b|hours)|全天候?)"
    r"|(?P<time>(?P<h1>\d{1,2})[:：](?P<m1>\d{2})" + _DASH + r"(?P<h2>\d{1,2})[:：](?P<m2>\d{2}))"
    r"|(?P<weekdays>工作日|weekdays?)"
    r"|(?P<weekend>周末|双休日|weekends?)"
    r"|(?P<everyday>每天|每日|全年|daily|every\s*day)"
    r"|(?P<cnrange>(?:周|星期|礼拜)(?P<c1>["
    + _DAY
    + r"])"
    + _DASH
    + r"(?:周|星期|礼拜)?(?P<c2>["
    + _DAY
    + r"]))"
    r"|(?P<cnday>(?:周|星期|礼拜)(?P<c0>[" + _DAY + r"](?:[、,，和及]?[" + _DAY + r"])*))"
    r"|(?P<enrange>\b(?P<e1>mon|tue|wed|thu|fri|sat|sun)[a-z]*"
    + _DASH
    + r"(?P<e2>mon|tue|wed|thu|fri|sat|sun)[a-z]*)"
    r"|(?P<enday>\b(?P<e0>mon|tue|wed|thu|fri|sat|sun)[a-z]*\b)",
    re.IGNORECASE,
)

ALL_DAYS = frozenset(range(7))


def _cn(ch: str) -> int:
    return 6 if ch in "日天" else _DAY.index(ch)


def _span(a: int, b: int) -> set[int]:
    return {d % 7 for d in range(a, b + 1 if b >= a else b + 8)}


@dataclass(frozen=True)
class Window:
    days: frozenset[int]  # 0 = Monday
    opens: dt.time
    # Minutes after midnight the window closes; past 1440 it runs into the next day.
    closes_minute: int


def parse(text: str) -> list[Window] | None:
    """The windows the text declares; [] for empty text (no restriction); None when the
    text names no time range."""
    text = (text or "").strip()
    if not text:
        return []
    groups: list[tuple[set[int] | None, list[tuple[int, int]]]] = []
    days: set[int] | None = None
    times: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        named = None
        if m.group("allday"):
            times.append((0, 24 * 60))
            if m.group("allday").startswith("7"):
                named = set(ALL_DAYS)
        elif m.group("time"):
            start = int(m.group("h1")) * 60 + int(m.group("m1"))
            end = int(m.group("h2")) * 60 + int(m.group("m2"))
            minutes_ok = int(m.group("m1")) < 60 and int(m.group("m2")) < 60
            if not minutes_ok or start >= 24 * 60 or end > 24 * 60:
                return None
            if end <= start:
                end += 24 * 60  # past midnight
            times.append((start, end))
        elif m.group("weekdays"):
            named = set(range(5))
        elif m.group("weekend"):
            named = {5, 6}
        elif m.group("everyday"):
            named = set(ALL_DAYS)
        elif m.group("cnrange"):
            named = _span(_cn(m.group("c1")), _cn(m.group("c2")))
        elif m.group("cnday"):
            named = {_cn(c) for c in m.group("c0") if c in _DAY}
        elif m.group("enrange"):
            named = _span(_EN.index(m.group("e1").lower()), _EN.index(m.group("e2").lower()))
        elif m.group("enday"):
            named = {_EN.index(m.group("e0").lower())}
        if named is not None:
            if times:
                groups.append((days, times))
                days, times = None, []
            days = (days or set()) | named
    if times:
        groups.append((days, times))
    if not groups:
        return None
    return [
        Window(
            days=frozenset(ALL_DAYS if group_days is None else group_days),
            opens=dt.time(start // 60, start % 60),
            closes_minute=end,
        )
        for group_days, spans in groups
        for start, end in spans
    ]


def within(windows: list[Window], starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
    """Whether [starts_at, ends_at) lies inside the open windows (in the time zone of
    starts_at; a booking may run over several days only through windows that meet)."""
    if not windows:
        return True
    tz = starts_at.tzinfo
    ends_at = ends_at.astimezone(tz) if tz else ends_at
    first = starts_at.date() - dt.timedelta(days=1)
    spans: list[tuple[dt.datetime, dt.datetime]] = []
    day = first
    while day <= ends_at.date():
        for w in windows:
            if day.weekday() in w.days:
                opens = dt.datetime.combine(day, w.opens, tzinfo=tz)
                minutes = w.closes_minute - (w.opens.hour * 60 + w.opens.minute)
                spans.append((opens, opens + dt.timedelta(minutes=minutes)))
        day += dt.timedelta(days=1)
    cursor = starts_at
    for opens, closes in sorted(spans):
        if opens > cursor:
            if opens >= ends_at:
                break
            return False
        if closes > cursor:
            cursor = closes
        if cursor >= ends_at:
            return True
    return cursor >= ends_at
