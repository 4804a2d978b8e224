"""Talent card figures for indicators: cards valid on 31 December, by the county or park of
the holder's employer (task 23)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register

CARDS_VALID = "talent_cards_valid"


def _valid_on(day: dt.date) -> Q:
    return Q(state="active", issued_on__lte=day, valid_until__gte=day)


def values(region_ids, years):
    from luoshi.talent.models import Card

    wanted = set(region_ids)
    if not years:  # every year from the first card to this one
        first = Card.objects.order_by("issued_on").values_list("issued_on", flat=True).first()
        years = range(first.year, dt.date.today().year + 1) if first else []
    cards = list(
        Card.objects.filter(employer__region__isnull=False).values_list(
            "employer__region_id",
            "employer__region__parent_id",
            "issued_on",
            "valid_until",
            "state",
            "is_demo",
        )
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    demo: set[tuple[int, int]] = set()
    for region, parent, issued, until, state, is_demo in cards:
        for year in years:
            end = dt.date(year, 12, 31)
            if state == "active" and issued <= end <= until:
                for place in (region, parent):
                    if place in wanted:
                        counts[(place, year)] += 1
                        if is_demo:
                            demo.add((place, year))
    return {key: Figure(value=Decimal(n), is_demo=key in demo) for key, n in counts.items()}


def rows(*, viewer, region_id: int, year: int) -> Drilldown:
    from luoshi.talent import permissions
    from luoshi.talent.models import Card

    place = Q(employer__region_id=region_id) | Q(employer__region__parent_id=region_id)
    behind = Card.objects.filter(place, _valid_on(dt.date(year, 12, 31)))
    visible = list(
        permissions.cards_visible_to(viewer)
        .filter(pk__in=behind.values("pk"))
        .select_related("category", "employer")
        .order_by("number")
    )
    return Drilldown(
        columns=[
            _("Card number"),
            _("Holder"),
            _("Card category"),
            _("Employer"),
            _("Valid until"),
        ],
        rows=[
            (c.number, c.holder_name, c.category.name, c.employer.name, c.valid_until)
            for c in visible
        ],
        total=behind.count(),
        links=[reverse("talent:card", args=[c.pk]) for c in visible],
    )


def register_all() -> None:
    register(
        Computation(
            key=CARDS_VALID,
            label=gettext_lazy("Suizhou talent cards valid on 31 December"),
            unit="张",
            values=values,
            rows=rows,
            definition=gettext_lazy(
                "Cards issued on or before 31 December, valid then and not revoked, by the "
                "county or park of the holder's employer."
            ),
        )
    )
