"""Unit names in a clause's list: what looks like an organisation, and splitting the list on
the document's separators while collective names (各有关部门和单位, 各省级人民政府), names
that contain 和 (文化和旅游部) and a trailing 等 are kept whole or dropped as the genre
writes them."""

from __future__ import annotations

import re

from .text import split_top, squeeze

_NOT_UNIT = re.compile(r"^(?:等|有关|相关|其他|其它|各)$")


_UNIT_END = re.compile(
    r"(?:局|委|办|部|厅|院|会|府|中心|公司|组|室|处|署|所|队|行|校|站|馆|团|社|联|协|区|县|市|州|盟|旗|司|科|股|"
    r"台|网|园|基地|港|场|镇|乡|街道|单位|部门|机关|机构|集团|企业|银行|法院|党校|大学|学院|医院|报社|军分区|支队|"
    r"大队|总队|分局|监狱|海关|口岸|办事处|筹委会|管委会|指挥部|专班|小组|成员单位|协会|商会|学会|联合会|"
    r"政府|党委|党组|纪委|监委|人大|政协|人武部|工会|团委|妇联|科协|残联|侨联|文联|工商联|红十字会|组委会|"
    r"各地|地区|各级|地方|高校|院校|医疗机构|市场主体|平台企业|公安机关|金融机构)$"
)


_TRAILING_NOTE = re.compile(r"[（(][^（()）]*[）)]$")


def looks_like_unit(name: str) -> bool:
    """Ends like an organisation: 局, 委, 政府, 管委会 … ("市发展改革委（市能源局）" too)."""
    base = _TRAILING_NOTE.sub("", name)
    return 1 < len(name) <= 40 and bool(_UNIT_END.search(base))


TRAILING = re.compile(
    r"(?:按职责分工负责|按职责分工落实|按职能职责负责|按职能分工负责|按照职责分工负责|按职责负责|分别负责|共同负责|"
    r"牵头负责|负责落实|负责实施|负责推进|负责|按职责分工|牵头|配合落实|参与落实|配合|参与|落实)+$"
)


def split_units(text: str) -> list[str]:
    """``A、B等有关部门`` -> ``["A", "B", "有关部门"]``; brackets inside names are respected."""
    # "市发改委 市财政局" (a table cell, a label line): blanks separate units only when every
    # piece is a unit name by itself; otherwise they are layout inside one name.
    pieces = text.split()
    if len(pieces) > 1 and all(
        looks_like_unit(TRAILING.sub("", p.strip("，,；;。、"))) for p in pieces
    ):
        text = "、".join(pieces)
    text = squeeze(text).strip("，,；;。.：: ")
    text = re.sub(r"^(?:由|请|均由|由各)", lambda m: "各" if m.group(0) == "由各" else "", text)
    out: list[str] = []
    for item in _join_levels(split_top(text, "、，,；;/")):
        item = TRAILING.sub("", item.strip()).strip("“”\"'‘’ ")
        if not item:
            continue
        for unit in _split_etc(item):
            if unit and not _NOT_UNIT.match(unit):
                out.extend(_split_conjunction(unit))
    return out


_COUNT = re.compile(r"^[\d一二三四五六七八九十]+个")
# A generic noun after 等 ("…等部门") says "and others": it names nobody.
_GENERIC = re.compile(r"^(?:部门|单位|机构|方面|部门和单位|部门单位|单位和部门)$")
_COLLECTIVE = re.compile(r"^(?:有关|相关|其他|其它|各)")
_GENERIC_JOIN = re.compile(r"^(?:部门|单位|机构)(?:和|及|与|以及)")


def _split_etc(item: str) -> list[str]:
    """ "商务部等有关部门" -> 商务部, 有关部门; "X等部门" -> X; "X等各有关部门" -> X, 各有关部门;
    "X等部门和各县市区人民政府" -> X, 各县市区人民政府; a trailing 等 goes. 等 inside a name
    ("高等学校") stays: only a 等 after a unit name separates."""
    for m in re.finditer("等", item):
        left, right = item[: m.start()], item[m.end() :]
        if not looks_like_unit(left):
            continue
        right = _COUNT.sub("", right)
        if not right or _GENERIC.match(right):
            return [left]
        if _COLLECTIVE.match(right):
            return [left, right]
        joined = _GENERIC_JOIN.match(right)
        if joined:
            return [left, right[joined.end() :]]
        return [left]
    return [item[:-1] if item.endswith("等") else item]


_CONJ = re.compile(r"[及和与]")
# "各市、县（市、区）人民政府", "各省、自治区、直辖市人民政府", "各区、县（市）政府": a bare
# administrative level is the first part of one name spread over a 、, not a unit of its own.
_LEVELS = r"(?:省|自治区|直辖市|计划单列市|新疆生产建设兵团|市|州|盟|地|县|区|旗|乡|镇|街道)"
_BARE_LEVEL = re.compile(rf"^各?{_LEVELS}(?:[（(][^（()）]{{1,8}}[）)])?$")
_LEVEL_START = re.compile(rf"^{_LEVELS}")


def _join_levels(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        s = item.strip()
        if out and _BARE_LEVEL.match(out[-1].rsplit("、", 1)[-1]) and _LEVEL_START.match(s):
            out[-1] = f"{out[-1]}、{s}"
        else:
            out.append(s)
    return out


def _split_conjunction(item: str) -> list[str]:
    """ "市级各有关部门及各县市区政府" is two units; "市发展和改革委员会" and "各有关部门和单位"
    are one: split on 及/和/与 only where every side is a unit name by itself."""
    if not _CONJ.search(item):
        return [item]
    for m in _CONJ.finditer(item):
        left, right = item[: m.start()], item[m.end() :]
        if _GENERIC.match(right):
            return [item]
        if looks_like_unit(left) and (looks_like_unit(right) or _CONJ.search(right)):
            rest = _split_conjunction(right)
            if all(looks_like_unit(r) and not _GENERIC.match(r) for r in rest):
                return [left, *rest]
    return [item]


_ORGAN_END = re.compile(
    r"(?:局|委|办|部|厅|院|会|府|中心|公司|组|室|处|署|所|队|银行|支行|分行|校|站|馆|团|社|联|协|司|科|集团|单位|部门|机构|"
    r"海关|办事处|管委会|筹委会|指挥部|专班|政府|党委|党组)$"
)
_MEMBERS = re.compile(r"^各?(?:成员|所属|下属|有关|相关|直属)")
_UNIT_START = re.compile(r"^(?:市|县|区|省|各|国家|中共|中国|共青团|团|自治区|州|盟|旗)")


def split_glued(units: list[str]) -> list[str]:
    """Unit names run together by a table cell that lost its line breaks
    ("市委组织部市科技局") come apart where an organ name ends and another begins; a place
    name ("各县市区政府") or a sub-office ("市政府办公室") is left whole."""
    out: list[str] = []
    for unit in units:
        out.extend(_unglue(unit) if len(unit) >= 8 else [unit])
    return out


def _unglue(name: str) -> list[str]:
    for i in range(3, len(name) - 2):
        left, right = name[:i], name[i:]
        if (
            _ORGAN_END.search(_TRAILING_NOTE.sub("", left))
            and _UNIT_START.match(right)
            and not _MEMBERS.match(right)  # "领导小组各成员单位" is one body
        ):
            rest = _unglue(right) if len(right) >= 8 else [right]
            if all(looks_like_unit(r) for r in rest):
                return [left, *rest]
    return [name]


def dedupe(items) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out
