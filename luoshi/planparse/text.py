"""Character-level helpers shared by every stage: width folding, brackets, dates, numerals."""

from __future__ import annotations

import re
from datetime import date

# Full-width ASCII variants fold to ASCII one character for one, so offsets found in the folded
# text index the original text too: matching runs on the fold, output slices the original.
_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20
_FOLD[0x2002] = 0x20
_FOLD[0x2003] = 0x20
_FOLD[0x2009] = 0x20
_FOLD[0xFF5F] = 0x28  # ⦅ is sometimes typed for （
_FOLD[0xFF60] = 0x29


def fold(text: str) -> str:
    """Half-width copy of ``text`` with exactly the same length."""
    return text.translate(_FOLD)


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\ue5e5]")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009]+")


def clean_line(line: str) -> str:
    """Strip invisible characters and surrounding blanks; inner runs of blanks become one space."""
    line = _INVISIBLE.sub("", line)
    return _SPACES.sub(" ", line).strip()


_BLANKS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Remove every blank (for names and titles where spaces are layout, not content)."""
    return _BLANKS.sub("", _INVISIBLE.sub("", text).replace("\u3000", ""))


# --- Chinese numerals -------------------------------------------------------------------------

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(text: str) -> int | None:
    """二十三 -> 23, 十 -> 10, 一百零五 -> 105, 二〇二二 -> 2022 (digit by digit)."""
    if not text:
        return None
    if text.isdigit():
        return int(fold(text))
    if not any(ch in _CN_UNITS for ch in text):
        value = 0
        for ch in text:
            if ch not in _CN_DIGITS:
                return None
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def int_to_cn(n: int) -> str:
    """23 -> 二十三, 10 -> 十; from 100 on, Arabic digits (plans never number so far)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


# --- Brackets -----------------------------------------------------------------------------------

OPENERS = "(（〔【[［〖{｛"
CLOSERS = ")）〕】]］〗}｝"
_PAIR = dict(zip(OPENERS, CLOSERS, strict=True))


_BRACKET_CHARS = re.compile("[" + re.escape(OPENERS + CLOSERS) + "]")


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """Top-level bracket spans ``(start, end)`` (end exclusive, brackets included).

    Any opener nests with any closer, so a clause typed as ``(责任单位：…）`` or
    ``〔… 各县(市、区)政府〕`` still balances. An unclosed group runs to the end of the text.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for m in _BRACKET_CHARS.finditer(text):
        i = m.start()
        if text[i] in _PAIR:
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def split_top_spans(text: str, seps: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the parts of ``text`` between separators (any character of
    ``seps``) that stand outside brackets."""
    pattern = _split_pattern(seps)
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for m in pattern.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in _PAIR:
            depth += 1
        elif ch in CLOSERS and depth:
            depth -= 1
        elif depth == 0 and ch in seps:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


def split_top(text: str, seps: str) -> list[str]:
    """Split ``text`` on any character of ``seps`` that is outside brackets."""
    return [text[s:e] for s, e in split_top_spans(text, seps)]


_SPLIT_PATTERNS: dict[str, re.Pattern] = {}


def _split_pattern(seps: str) -> re.Pattern:
    pattern = _SPLIT_PATTERNS.get(seps)
    if pattern is None:
        pattern = re.compile("[" + re.escape(OPENERS + CLOSERS + seps) + "]")
        _SPLIT_PATTERNS[seps] = pattern
    return pattern


# --- Dates --------------------------------------------------------------------------------------

_CN_NUM = "零〇○Ｏ一二三四五六七八九十"
DATE_RE = re.compile(
    rf"(?P<y>(?:19|20)\d\d|[{_CN_NUM}]{{4}})\s*年\s*"
    rf"(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日"
)


def parse_date(text: str) -> str | None:
    """First full date in ``text`` as ISO ``YYYY-MM-DD`` (Arabic or Chinese numerals)."""
    m = DATE_RE.search(fold(text))
    if not m:
        return None
    y, mo, d = (cn_to_int(m.group(k)) for k in ("y", "m", "d"))
    try:
        return date(y, mo, d).isoformat() if y and mo and d else None
    except ValueError:
        return None


def is_date_line(line: str) -> bool:
    """A line that is only a date, possibly in brackets (the signature date of a document)."""
    if len(line) > 40 or "日" not in line:
        return False
    s = squeeze(fold(line)).strip("()[]〔〕")
    m = DATE_RE.fullmatch(s)
    return bool(m) and parse_date(s) is not None


# --- Common hanzi, for telling real Chinese text from mojibake -----------------------------------

COMMON_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
    "制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提"
    "直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计"
    "别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海"
    "口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身"
    "车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石"
    "记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青"
    "省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型"
    "眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞推创协措施"
    "施障励监督责落善城镇乡村服企融环境险财税贸旅游健康医疗卫养老托幼就创新"
)


def hanzi_score(text: str) -> tuple[int, float]:
    """(number of CJK ideographs, share of them that are common) — mojibake scores low."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0, 0.0
    common = sum(1 for ch in cjk if ch in COMMON_HANZI)
    return len(cjk), common / len(cjk)
