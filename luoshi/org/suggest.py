"""Ranked suggestions for a unit name the directory does not know yet.

The import preview asks the person what each unknown name means. To spare them 40-option
drop-downs, every name comes with a short ranked list, strongest reason first:

1. a normalised form resolves (遂宁市X ↔ 市X, X人民政府 ↔ X政府, brackets and spaces);
2. the name abbreviates a directory name (市发改委 is read in order inside
   遂宁市发展和改革委员会, same first and last character) — also how documents abbreviate
   their own names;
3. a fuzzy match on names, short names and aliases (rapidfuzz's WRatio).

It also guesses what kind of unit a new name is, and whether a name is a fragment the
parser cut from a phrase (「单位」 from 各有关部门和单位) or a collective (各有关部门)
that names nobody in particular. Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from luoshi.org.models import Unit
from luoshi.org.resolver import Directory, name_key

# A suggestion at or above this score is taken unless the person says otherwise.
CONFIDENT = 0.9

NORMALISED, ABBREVIATION, FUZZY = "normalised", "abbreviation", "fuzzy"

# Words that are not a unit on their own.
FRAGMENTS = {
    "单位",
    "部门",
    "有关单位",
    "有关部门",
    "相关单位",
    "相关部门",
    "责任单位",
    "成员单位",
    "其他单位",
    "其他部门",
    "等",
    "等单位",
    "等部门",
}
_COLLECTIVE = re.compile(r"^(各|有关|相关|全市|其他)|(各|有关|相关)(部门|单位)")

_KIND_BY_ENDING = [
    (re.compile(r"(县|区|市)(人民)?政府$"), Unit.Kind.COUNTY),
    (re.compile(r"(管委会|管理委员会|筹委会|筹备委员会)$"), Unit.Kind.PARK),
    (re.compile(r"领导小组(办公室)?$"), Unit.Kind.LEADING_GROUP),
    (re.compile(r"(法院|检察院)$"), Unit.Kind.JUDICIAL),
    (re.compile(r"^(中共|市委|县委|区委)"), Unit.Kind.PARTY),
]


@dataclass(frozen=True)
class Suggestion:
    unit: Unit
    score: float  # 0..1
    reason: str

    @property
    def confident(self) -> bool:
        return self.score >= CONFIDENT

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def is_fragment(name: str) -> bool:
    key = name_key(name)
    return len(key) <= 1 or key in FRAGMENTS


def is_collective(name: str) -> bool:
    """各有关部门, 有关单位, 各县(市、区)… : a whole class of units, not one of them."""
    return bool(_COLLECTIVE.search(name_key(name))) and not is_fragment(name)


def guess_kind(name: str) -> str:
    key = name_key(name)
    for pattern, kind in _KIND_BY_ENDING:
        if pattern.search(key):
            return kind
    return Unit.Kind.DEPARTMENT


def full_name(name: str, directory: Directory) -> str:
    """The likely full name of a new unit: a city department written 市X is 遂宁市X."""
    city = directory.region.name
    if not city.endswith("市") or name.startswith((city, "中共")):
        return name
    if name.startswith("市委"):
        return "中共" + city + name[1:]
    if name.startswith("市"):
        return city + name[1:]
    return name


def _variants(name: str, city: str) -> list[str]:
    out = []
    short_city = city.removesuffix("市")
    if name.startswith(city):
        out.append("市" + name[len(city) :])
    elif name.startswith("市"):
        out.append(city + name[1:])
    elif short_city and name.startswith(short_city):
        out.append("市" + name[len(short_city) :])
    for found in [name, *out]:
        if found.endswith("人民政府"):
            out.append(found[: -len("人民政府")] + "政府")
        elif found.endswith("政府"):
            out.append(found[: -len("政府")] + "人民政府")
    return out


def _is_abbreviation(short: str, long: str) -> bool:
    """`short` read in order inside `long`, same first and last character, and shorter."""
    if len(short) < 2 or len(short) >= len(long) or short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def suggest(name: str, directory: Directory, *, limit: int = 5) -> list[Suggestion]:
    """Units `name` may stand for, best first (at most `limit`, one entry per unit)."""
    found: dict[int, Suggestion] = {}

    def add(unit: Unit, score: float, reason: str) -> None:
        current = found.get(unit.pk)
        if current is None or current.score < score:
            found[unit.pk] = Suggestion(unit=unit, score=round(score, 2), reason=reason)

    for variant in _variants(name, directory.region.name):
        hit = directory.get(variant)
        if hit is not None:
            add(hit.unit, 0.97, NORMALISED)
    key = name_key(name)
    names = directory.names()
    for candidate, unit in names:
        if _is_abbreviation(key, name_key(candidate)):
            add(unit, 0.9, ABBREVIATION)
    if key:
        choices = [name_key(candidate) for candidate, _unit in names]
        for _choice, score, index in process.extract(
            key, choices, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=70
        ):
            # Fuzzy alone never reaches the confident band: a person confirms it.
            add(names[index][1], min(score / 100 * 0.88, 0.88), FUZZY)
    ranked = sorted(found.values(), key=lambda s: (-s.score, s.unit.order, s.unit.pk))
    return ranked[:limit]
