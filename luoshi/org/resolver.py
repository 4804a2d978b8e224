"""One resolver turns any unit name, short name, alias or group name into units.

A Directory loads a region's units and aliases once (two queries) and then
resolves any number of names in memory. Unknown names are returned to the
caller; nothing is ever created here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.org.models import Region, Unit, UnitAlias

_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Normalise a unit name for lookup: full-width to half-width, no spaces, brackets unified."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _SPACE.sub("", text)
    text = text.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    return text.strip("，,。.;；:：、").lower()


@dataclass(frozen=True)
class Resolution:
    """A name and what it stands for: one unit, or a group and its member units."""

    name: str
    unit: Unit

    @property
    def is_group(self) -> bool:
        return self.unit.is_group

    @property
    def members(self) -> tuple[Unit, ...]:
        if self.unit.is_group:
            return tuple(m for m in self.unit._directory_members if m.active)
        return (self.unit,)


class UnknownUnits(ValidationFailed):
    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(_("Unknown unit name(s): %(names)s") % {"names": "、".join(names)})


class Directory:
    """The units of one region, ready to resolve names."""

    def __init__(self, region: Region):
        self.region = region
        units = list(Unit.objects.filter(region=region).prefetch_related("members"))
        by_id = {u.pk: u for u in units}
        self._keys: dict[str, Unit] = {}
        for unit in units:
            unit._directory_members = [by_id.get(m.pk, m) for m in unit.members.all()]
        for unit in units:
            target = self._follow(unit, by_id)
            for name in (unit.name, unit.short_name):
                if name:
                    self._keys.setdefault(name_key(name), target)
        self._names: list[tuple[str, Unit]] = []
        for unit in units:
            if unit.merged_into_id is None and unit.active:
                self._names += [(n, unit) for n in (unit.name, unit.short_name) if n]
        for alias in UnitAlias.objects.filter(region=region).only("name", "key", "unit_id"):
            unit = by_id.get(alias.unit_id)
            if unit is not None:
                target = self._follow(unit, by_id)
                self._keys.setdefault(alias.key, target)
                self._names.append((alias.name, target))
        self.units = [u for u in units if u.merged_into_id is None]
        self._ignored: set[str] = set()

    def names(self) -> list[tuple[str, Unit]]:
        """Every name (full, short, alias) of an active unit, with the unit it stands for."""
        return self._names

    def assume(self, name: str, unit: Unit) -> None:
        """Resolve `name` to `unit` in this directory only (an import's choice that the
        person did not save as an alias)."""
        self._keys[name_key(name)] = unit
        self._ignored.discard(name_key(name))

    def ignore(self, name: str) -> None:
        """Treat `name` as naming nobody (a fragment, or a collective kept as words)."""
        self._keys.pop(name_key(name), None)
        self._ignored.add(name_key(name))

    def is_ignored(self, name: str) -> bool:
        return name_key(name) in self._ignored

    @staticmethod
    def _follow(unit: Unit, by_id: dict[int, Unit]) -> Unit:
        seen = set()
        while unit.merged_into_id and unit.merged_into_id in by_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = by_id[unit.merged_into_id]
        return unit

    def get(self, name: str) -> Resolution | None:
        key = name_key(name)
        if key in self._ignored:
            return None
        unit = self._keys.get(key)
        return Resolution(name=name, unit=unit) if unit is not None else None

    def resolve(self, name: str) -> Resolution:
        found = self.get(name)
        if found is None:
            raise UnknownUnits([name])
        return found

    def resolve_many(self, names: list[str]) -> tuple[list[Resolution], list[str]]:
        """Resolutions in input order, and the names that matched nothing."""
        found: list[Resolution] = []
        unknown: list[str] = []
        for name in names:
            hit = self.get(name)
            if hit is None:
                if name not in unknown:
                    unknown.append(name)
            else:
                found.append(hit)
        return found, unknown


def resolve_unit(name: str, *, region: Region) -> Resolution:
    return Directory(region).resolve(name)
