"""The platform figures for indicators, registered in luoshi.indicators.computations:
innovation platforms active on 31 December per place (recognised by then and not removed by
an evaluation), all levels and each level on its own. A place is counted from the platforms
attributed to it (its host's county, park and city), never summed from its parts."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.org.models import Region

ACTIVE = "platforms_active"
LEVELS = ("national", "provincial", "city")
LABELS = {
    None: gettext_lazy("Innovation platforms active on 31 December"),
    "national": gettext_lazy("National innovation platforms active on 31 December"),
    "provincial": gettext_lazy("Provincial innovation platforms active on 31 December"),
    "city": gettext_lazy("City-level innovation platforms active on 31 December"),
}


def _counts(level: str | None, region_ids, years) -> dict[tuple[int, int], Figure]:
    from django.db.models import Q

    from luoshi.platforms.models import Platform
    from luoshi.platforms.selectors import standing

    ids = list(region_ids)
    wanted = set(ids)
    qs = Platform.objects.filter(Q(city_id__in=ids) | Q(county_id__in=ids) | Q(park_id__in=ids))
    if level:
        qs = qs.filter(level=level)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    demo: set[tuple[int, int]] = set()
    found = standing(qs, years)
    # Every place counts 0 in the years the registry speaks of, rather than nothing.
    for year in {y for s in found.values() for y in s["active"]}:
        for place in ids:
            counts[(place, year)] = 0
    for s in found.values():
        for year in s["active"]:
            for place in set(s["places"]):
                if place is not None and place in wanted:
                    counts[(place, year)] += 1
                    if s["is_demo"]:
                        demo.add((place, year))
    return {k: Figure(value=Decimal(n), is_demo=k in demo) for k, n in counts.items()}


def _rows(level: str | None, *, viewer, region_id: int, year: int) -> Drilldown:
    from luoshi.platforms.selectors import behind_figure

    region = Region.objects.get(pk=region_id)
    qs, total = behind_figure(viewer=viewer, region=region, year=year, level=level)
    rows, links = [], []
    for p in qs:
        rows.append(
            (
                p.name,
                p.get_kind_display(),
                p.get_level_display(),
                p.host_name,
                p.county.name if p.county else "",
                p.park.name if p.park else "",
                p.recognised_on,
            )
        )
        links.append(reverse("platforms:detail", args=[p.pk]))
    return Drilldown(
        columns=[
            _("Platform"),
            _("Platform category"),
            _("Platform level"),
            _("Host organisation"),
            _("County/district"),
            _("Park"),
            _("Recognised"),
        ],
        rows=rows,
        total=total,
        links=links,
    )


def _computation(level: str | None) -> Computation:
    def values(region_ids, years):
        return _counts(level, region_ids, years)

    def rows(*, viewer, region_id: int, year: int) -> Drilldown:
        return _rows(level, viewer=viewer, region_id=region_id, year=year)

    return Computation(
        key=f"{ACTIVE}_{level}" if level else ACTIVE,
        label=LABELS[level],
        unit="个",
        values=values,
        rows=rows,
        definition=gettext_lazy(
            "Platforms recognised on or before 31 December and not removed by an evaluation "
            "(不合格 or 撤销) by then, by the host's place."
        ),
    )


def register_all() -> None:
    for level in (None, *LEVELS):
        register(_computation(level))
