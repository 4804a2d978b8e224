"""Where a firm counts: its county/district from the credit code's division code (characters
3–8 of GB 32100-2015), its park from its address (parks have no division code of their own),
unless the office has set both by hand."""

from __future__ import annotations

import operator
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.org.models import Region


def clean_credit_code(value: str) -> str:
    """The code in its compact form, or ValidationFailed saying what is wrong, in plain words."""
    # NFKC: full-width letters and digits typed in a Chinese spreadsheet become ASCII.
    text = unicodedata.normalize("NFKC", value or "").strip().upper()
    text = text.replace(" ", "").replace("-", "")
    if not text:
        raise ValidationFailed(_("The unified social credit code is missing."))
    if len(text) != 18:
        raise ValidationFailed(
            _("A unified social credit code has 18 characters; “%(code)s” has %(n)s.")
            % {"code": text[:40], "n": len(text)}
        )
    if not _well_formed(text):
        raise ValidationFailed(
            _(
                "“%(code)s” is not a valid unified social credit code (its check character does not match)."
            )
            % {"code": text}
        )
    return text


# GB 32100-2015: 31 characters (no I, O, S, V, Z), the weights 3^i mod 31 of the first 17
# positions and the check character that brings their weighted sum to 0 mod 31. The same
# rule as python-stdnum's `cn.uscc.validate` (a test holds the two together over random
# and corrupted codes); written out here because stdnum re-cleans every code of Unicode
# look-alikes twice, which made checking a 10,000-row list 90 ms — most of a preview.
_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: n for n, c in enumerate(_CHARACTERS)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _well_formed(code: str) -> bool:
    """18 characters: eight digits (registration office, kind, division), then the
    organisation's ten characters of the code's alphabet, the last the check character."""
    if len(code) != 18 or not code[:8].isdigit() or not code[:8].isascii():
        return False
    try:
        total = sum(map(operator.mul, map(_VALUE.__getitem__, code[:17]), _WEIGHTS))
        return _VALUE[code[17]] == (31 - total % 31) % 31
    except KeyError:  # a character outside the alphabet
        return False


@dataclass(frozen=True)
class Place:
    city_id: int | None
    county_id: int | None
    park_id: int | None
    how: str  # Enterprise.Attribution value


class PlaceIndex:
    """Every city, county and park, read in one query, to attribute many firms."""

    def __init__(self):
        regions = list(
            Region.objects.filter(kind__in=["city", "county", "park"]).values(
                "pk", "kind", "code", "name", "short_name", "parent_id"
            )
        )
        self.by_division = {}
        self.city_of = {}
        self.parks = []
        self.counties = []  # (pk, city, names) to read a place out of an address
        self.cities = []
        for r in regions:
            code = (r["code"] or "").strip()
            if r["kind"] == "county" and len(code) == 6:
                self.by_division[code] = (r["parent_id"], r["pk"])
            elif r["kind"] == "city" and code:
                self.by_division[code.ljust(6, "0")] = (r["pk"], None)
            names = [n for n in (r["name"], r["short_name"]) if n]
            if r["kind"] == "park":
                self.parks.append((r["pk"], r["parent_id"], names))
            elif r["kind"] == "county":
                self.counties.append((r["pk"], r["parent_id"], names))
            else:
                self.cities.append((r["pk"], names))
        names = sorted({n for _pk, _parent, ns in self.parks for n in ns}, key=len, reverse=True)
        self._park_names = re.compile("|".join(map(re.escape, names))) if names else None
        self._places: dict[tuple, Place] = {}

    def attribute(self, credit_code: str, address: str = "") -> Place:
        division = credit_code[2:8]
        park = None
        # One scan for any park's name (most addresses name none), then the first park in
        # order that the address names.
        if address and self._park_names and self._park_names.search(address):
            park = next((p for p in self.parks if any(n in address for n in p[2])), None)
        key = (division, park[0] if park else None)
        place = self._places.get(key)
        if place is None:
            city_id, county_id = self.by_division.get(division, (None, None))
            park_id = None
            if park:
                park_id, city_id = park[0], city_id or park[1]
            if county_id or park_id:
                how = "code" if county_id else "address"
            elif city_id:
                how = "code"
            else:
                how = "none"
            place = self._places[key] = Place(
                city_id=city_id, county_id=county_id, park_id=park_id, how=how
            )
        return place

    def attribute_text(self, *texts: str) -> Place:
        """A holder known only by name and place (a university, an institute): its county,
        park and city read from the words given (a 所在县 column, a park column, an address),
        the first county and the first park named. "none" when no place is named."""
        text = " ".join(t for t in texts if t)
        county_id = park_id = city_id = None
        for pk, parent_id, names in self.counties:
            if any(n in text for n in names):
                county_id, city_id = pk, parent_id
                break
        for pk, parent_id, names in self.parks:
            if any(n in text for n in names):
                park_id, city_id = pk, city_id or parent_id
                break
        if city_id is None:
            for pk, names in self.cities:
                if any(n in text for n in names):
                    city_id = pk
                    break
        how = "address" if city_id else "none"
        return Place(city_id=city_id, county_id=county_id, park_id=park_id, how=how)
