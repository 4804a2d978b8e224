"""What each scale holds. Everything random is drawn from generators seeded with the
seed and the position (city index, plan index…), so a scale is the same every time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from luoshi.demo.gen.names import COUNTY_SUFFIX, nation_cities, place_name


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    cities: int
    # Other action plans per city besides the Suining-structured one (min, max).
    variants: tuple[int, int]
    # Tasks of a variant plan (min, max).
    variant_tasks: tuple[int, int] = (30, 60)
    quarters: int = 16
    # Indicator series: years up to the last full year.
    indicator_years: int = 10


SCALES = {
    "city": ScaleSpec("city", cities=1, variants=(0, 0)),
    "province": ScaleSpec("province", cities=21, variants=(6, 10)),
    "nation": ScaleSpec("nation", cities=300, variants=(6, 10)),
}


@dataclass
class CitySpec:
    index: int
    name: str  # 绵阳市
    stem: str  # 绵阳
    code: str  # my: account names start with it
    counties: list[str] = field(default_factory=list)
    parks: list[tuple[str, str]] = field(default_factory=list)  # (full name, short name)
    extra_departments: int = 0
    variants: int = 0

    @property
    def is_suining(self) -> bool:
        return self.index == 0

    @property
    def partner(self) -> str:
        """What "遂潼" (Suining–Tongnan) becomes in this city's names."""
        return "遂潼" if self.is_suining else self.stem[:1] + "渝"

    def rename(self, text: str) -> str:
        if self.is_suining:
            return text
        text = text.replace("遂宁市", self.name).replace("遂宁", self.stem)
        return text.replace("遂潼", self.partner)


def rng_for(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(["luoshi-gen", str(seed), *map(str, parts)]))


def city_specs(scale: ScaleSpec, seed: int) -> list[CitySpec]:
    """The cities of a scale. The first is Suining with its real directory."""
    out = []
    for index, (name, stem, code) in enumerate(nation_cities(scale.cities)):
        rng = rng_for(seed, "city", index)
        spec = CitySpec(index=index, name=name, stem=stem, code=code)
        spec.variants = rng.randint(*scale.variants)
        if index:
            used: set[str] = set()
            for _ in range(rng.randint(3, 9)):
                while True:
                    county = place_name(rng.randrange(800)) + rng.choice(COUNTY_SUFFIX)
                    if county[:2] not in used and county[:2] != stem[:2]:
                        used.add(county[:2])
                        break
                spec.counties.append(county)
            kinds = [
                (f"{stem}经济技术开发区", f"{stem}经开区"),
                (f"{stem}高新技术产业园区", f"{stem}高新区"),
                (f"{name}{place_name(index + 400)}新区", f"{place_name(index + 400)}新区"),
            ]
            spec.parks = kinds[: rng.randint(1, 3)]
            spec.extra_departments = rng.randint(14, 24)
        out.append(spec)
    return out
