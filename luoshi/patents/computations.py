"""The patent figures for indicators, registered in luoshi.indicators.computations:
invention patents in force on 31 December per place, and of them the high-value ones (the
numerator of 每万人高价值发明专利拥有量), each patent counted once whatever the number of
categories it falls in. A place is counted from the patents attributed to it (its holder's
county, park and city), never summed from its parts."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.org.models import Region

HIGH_VALUE = "hv_invention_patents"
IN_FORCE = "invention_patents_in_force"


def _counts(key: str, region_ids, years) -> dict[tuple[int, int], Figure]:
    from django.db.models import Q

    from luoshi.patents.models import Patent
    from luoshi.patents.selectors import standing

    ids = list(region_ids)
    wanted = set(ids)
    qs = Patent.objects.filter(Q(city_id__in=ids) | Q(county_id__in=ids) | Q(park_id__in=ids))
    st = standing(qs, years)
    found = getattr(st, key)
    counts: dict[tuple[int, int], int] = {}
    demo: set[tuple[int, int]] = set()
    for column, year in enumerate(st.years):
        if not st.in_force[:, column].any():
            continue
        # Every place counts 0 in the years the registry speaks of, rather than nothing.
        counts.update({(place, year): 0 for place in ids})
        held = found[:, column]
        for side in range(3):
            places = st.places[held, side]
            for place, n in zip(*np.unique(places, return_counts=True), strict=True):
                if place in wanted:
                    counts[(int(place), year)] += int(n)
            for place in np.unique(st.places[held & st.demo, side]).tolist():
                if place in wanted:
                    demo.add((place, year))
    return {k: Figure(value=Decimal(n), is_demo=k in demo) for k, n in counts.items()}


def high_value_values(region_ids, years):
    return _counts("high_value", region_ids, years)


def in_force_values(region_ids, years):
    return _counts("in_force", region_ids, years)


def _drill(*, viewer, region_id: int, year: int, high_value: bool) -> Drilldown:
    from luoshi.patents.selectors import behind_figure, year_end

    region = Region.objects.get(pk=region_id)
    qs, total = behind_figure(viewer=viewer, region=region, year=year, high_value=high_value)
    labels = {
        "strategic_emerging": _("strategic emerging industries"),
        "overseas_family": _("overseas family"),
        "maintained_listed": _("maintained over 10 years"),
        "pledge_financing": _("pledge financing"),
        "award": _("award"),
    }
    rows, links = [], []
    for p in qs:
        rows.append(
            (
                p.number,
                p.title,
                p.holder_name,
                p.county.name if p.county else "",
                p.park.name if p.park else "",
                p.granted_on,
                "、".join(str(labels[c]) for c in p.categories_on(year_end(year))),
            )
        )
        links.append(reverse("patents:detail", args=[p.pk]))
    return Drilldown(
        columns=[
            _("Patent number"),
            _("Patent title"),
            _("Patent holder"),
            _("County/district"),
            _("Park"),
            _("Granted"),
            _("High-value categories"),
        ],
        rows=rows,
        total=total,
        links=links,
    )


def high_value_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    return _drill(viewer=viewer, region_id=region_id, year=year, high_value=True)


def in_force_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    return _drill(viewer=viewer, region_id=region_id, year=year, high_value=False)


def register_all() -> None:
    register(
        Computation(
            key=HIGH_VALUE,
            label=gettext_lazy("High-value invention patents in force on 31 December"),
            unit="件",
            values=high_value_values,
            rows=high_value_rows,
            definition=gettext_lazy(
                "Invention patents in force at the year's end (granted, within the 20-year "
                "term, not lapsed or invalidated) in at least one of the five categories: "
                "strategic emerging industries, overseas family, maintained over 10 years "
                "(from the application date), high pledge financing, national S&T award or "
                "China Patent Award; each patent once."
            ),
        )
    )
    register(
        Computation(
            key=IN_FORCE,
            label=gettext_lazy("Invention patents in force on 31 December"),
            unit="件",
            values=in_force_values,
            rows=in_force_rows,
            definition=gettext_lazy(
                "Invention patents granted on or before 31 December, within their 20-year "
                "term and not lapsed or invalidated by then, by the holder's place."
            ),
        )
    )
