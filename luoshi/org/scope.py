"""Where a person's work lies: the region of their unit and the places under it.

A coordinating office and a leader work for their own region (a city with its counties and
parks; a province with its cities): they supervise and read the plans, reports and figures
of that region, not another city's. They also read the plans of the regions above them —
a city breaks down the provincial plan — but not those plans' supervision, which belongs to
the provincial office. Administrators, and people of a region with nothing above it (the
nation), are not limited.

The scope is read once per person per request (two queries: the unit with its region chain,
the regions under it) and kept on the user object, so a page's query count does not grow
with the number of checks it makes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from luoshi.org.models import Region, Unit

_CACHE = "_luoshi_scope"
# Region trees are province → city → county/park: three levels under any region.
DEPTH = 3


@dataclass(frozen=True)
class Scope:
    everything: bool
    region_id: int | None = None
    within: frozenset[int] = frozenset()  # the region and every region under it
    above: frozenset[int] = frozenset()  # the regions it lies in

    def covers(self, region_id: int | None) -> bool:
        """The region lies in this person's own region."""
        return self.everything or region_id in self.within

    def reads(self, region_id: int | None) -> bool:
        """The region lies in this person's region or above it (its plans may be read)."""
        return self.everything or region_id in self.within or region_id in self.above

    def within_q(self, path: str = "region") -> Q:
        """A filter on records whose region (through `path`) lies in this person's region."""
        return Q() if self.everything else Q(**{f"{path}_id__in": sorted(self.within)})

    def reads_q(self, path: str = "region") -> Q:
        if self.everything:
            return Q()
        return Q(**{f"{path}_id__in": sorted(self.within | self.above)})


EVERYTHING = Scope(everything=True)
NOTHING = Scope(everything=False)


def scope_of(user, *, unlimited: bool = False) -> Scope:
    """The person's scope. `unlimited` (the caller knows the person administers the whole
    installation) answers EVERYTHING without reading anything."""
    if unlimited:
        return EVERYTHING
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    scope = _read(user)
    try:
        setattr(user, _CACHE, scope)
    except AttributeError:  # an object that takes no attributes (the system actor)
        pass
    return scope


def _read(user) -> Scope:
    unit_id = getattr(user, "unit_id", None)
    if not unit_id:
        return NOTHING
    unit = Unit.objects.select_related("region__parent__parent").filter(pk=unit_id).first()
    if unit is None:
        return NOTHING
    _keep_unit(user, unit)
    region = unit.region
    if region.parent_id is None:
        return EVERYTHING  # the top of the tree (a national installation's office)
    above = []
    parent = region.parent
    while parent is not None and len(above) < DEPTH:
        above.append(parent.pk)
        parent = parent.parent if parent.parent_id else None
    under = Q(pk=region.pk)
    path = "parent_id"
    for _depth in range(DEPTH):
        under |= Q(**{path: region.pk})
        path = "parent__" + path
    within = frozenset(Region.objects.filter(under).values_list("pk", flat=True))
    return Scope(everything=False, region_id=region.pk, within=within, above=frozenset(above))


def _keep_unit(user, unit: Unit) -> None:
    """The page header shows the person's unit: keep it on the user so it is not read again."""
    meta = getattr(user, "_meta", None)  # through the request's lazy user object too
    if meta is None:
        return
    field = meta.get_field("unit")
    if not field.is_cached(user):
        field.set_cached_value(user, unit)
