"""Where a firm counts: its county/district from the credit code's division code (characters
3–8 of GB 32100-2015), its park from its address (parks have no division code of their own),
unless the office has set both by hand."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError

from luoshi.core.errors import ValidationFailed
from luoshi.org.models import Region


def clean_credit_code(value: str) -> str:
    """The code in its compact form, or ValidationFailed saying what is wrong, in plain words."""
    text = (value or "").strip().upper().replace(" ", "").replace("-", "")
    if not text:
        raise ValidationFailed(_("The unified social credit code is missing."))
    if len(text) != 18:
        raise ValidationFailed(
            _("A unified social credit code has 18 characters; “%(code)s” has %(n)s.")
            % {"code": text[:40], "n": len(text)}
        )
    try:
        return uscc.validate(text)
    except StdnumError as exc:
        raise ValidationFailed(
            _(
                "“%(code)s” is not a valid unified social credit code (its check character does not match)."
            )
            % {"code": text}
        ) from exc


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

    def attribute(self, credit_code: str, address: str = "") -> Place:
        city_id, county_id = self.by_division.get(credit_code[2:8], (None, None))
        park_id = None
        for pk, parent_id, names in self.parks:
            if address and any(n in address for n in names):
                park_id = pk
                city_id = city_id or parent_id
                break
        if county_id or park_id:
            how = "code" if county_id else "address"
        elif city_id:
            how = "code"
        else:
            how = "none"
        return Place(city_id=city_id, county_id=county_id, park_id=park_id, how=how)

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
