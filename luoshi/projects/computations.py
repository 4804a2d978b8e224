"""S&T project figures for indicators: city funding contracted in the year for projects and
揭榜挂帅 challenges (task 24), by the county or park of the organisation funded."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register

FUNDING = "st_projects_city_funding"
WAN = Decimal(10_000)


def values(region_ids, years):
    from luoshi.projects.models import Challenge, Project

    wanted = set(region_ids)
    sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    demo: set[tuple[int, int]] = set()
    projects = Project.objects.filter(application__organisation__region__isnull=False).values_list(
        "application__organisation__region_id",
        "application__organisation__region__parent_id",
        "starts_on__year",
        "city_funding",
        "is_demo",
    )
    challenges = Challenge.objects.filter(
        signed_on__isnull=False, winner__team__region__isnull=False
    ).values_list(
        "winner__team__region_id",
        "winner__team__region__parent_id",
        "signed_on__year",
        "city_funding",
        "is_demo",
    )
    for region, parent, year, amount, is_demo in [*projects, *challenges]:
        if years and year not in years:
            continue
        for place in (region, parent):
            if place in wanted:
                sums[(place, year)] += amount or 0
                if is_demo:
                    demo.add((place, year))
    return {
        key: Figure(value=(v / WAN).quantize(Decimal("0.01")), is_demo=key in demo)
        for key, v in sums.items()
    }


def rows(*, viewer, region_id: int, year: int) -> Drilldown:
    from luoshi.projects import permissions
    from luoshi.projects.models import Project

    place = Q(application__organisation__region_id=region_id) | Q(
        application__organisation__region__parent_id=region_id
    )
    behind = Project.objects.filter(place, starts_on__year=year)
    visible = list(
        permissions.projects_visible_to(viewer)
        .filter(pk__in=behind.values("pk"))
        .select_related("application", "application__organisation")
        .order_by("contract_no")
    )
    return Drilldown(
        columns=[_("Contract"), _("Project title"), _("Organisation"), _("City funding (yuan)")],
        rows=[
            (p.contract_no, p.application.title, p.application.organisation.name, p.city_funding)
            for p in visible
        ],
        total=behind.count(),
        links=[reverse("projects:project", args=[p.pk]) for p in visible],
    )


def register_all() -> None:
    register(
        Computation(
            key=FUNDING,
            label=gettext_lazy("City S&T funding contracted in the year"),
            unit="万元",
            values=values,
            rows=rows,
            definition=gettext_lazy(
                "City funding of the project contracts starting in the year and of the "
                "challenges signed in the year, by the county or park of the organisation "
                "funded. The drill-down lists the project contracts."
            ),
        )
    )
