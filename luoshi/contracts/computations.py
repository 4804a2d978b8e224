"""The contract figures for indicators, registered in luoshi.indicators.computations:
成交额 of contracts registered in the year, in 亿元, by the seller's place (输出) and by
the buyer's place (吸纳). Each place is summed from the contracts, never from its parts, and
rounded once to 0.0001亿元 (one 万元, half up), the precision indicator figures keep."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.org.models import Region

OUT = "contract_turnover_out"
IN = "contract_turnover_in"
YI = Decimal(100_000_000)


def _sums(side: str, region_ids, years) -> dict[tuple[int, int], Figure]:
    """One grouped query: turnover per (city, county, park, year, demo) of the side."""
    from luoshi.contracts.models import Contract

    ids = list(region_ids)
    wanted = set(ids)
    qs = Contract.objects.filter(
        Q(**{f"{side}_city_id__in": ids})
        | Q(**{f"{side}_county_id__in": ids})
        | Q(**{f"{side}_park_id__in": ids})
    ).annotate(year=ExtractYear("registered_on"))
    if years is not None:
        qs = qs.filter(year__in=list(years))
    rows = qs.values_list(
        f"{side}_city_id", f"{side}_county_id", f"{side}_park_id", "year", "is_demo"
    ).annotate(total=Sum("amount"))
    sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    demo: set[tuple[int, int]] = set()
    for city, county, park, year, is_demo, total in rows:
        for place in {city, county, park}:
            if place is not None and place in wanted:
                sums[(place, year)] += total or Decimal(0)
                if is_demo:
                    demo.add((place, year))
    return {
        key: Figure(
            value=(value / YI).quantize(Decimal("0.0001"), ROUND_HALF_UP), is_demo=key in demo
        )
        for key, value in sums.items()
    }


def out_values(region_ids, years):
    return _sums("seller", region_ids, years)


def in_values(region_ids, years):
    return _sums("buyer", region_ids, years)


def _rows(side: str, *, viewer, region_id: int, year: int) -> Drilldown:
    from luoshi.contracts.models import Contract
    from luoshi.contracts.permissions import contracts_visible_to

    region = Region.objects.get(pk=region_id)
    if region.kind == Region.Kind.PARK:
        q = Q(**{f"{side}_park_id": region.pk})
    elif region.kind == Region.Kind.COUNTY:
        q = Q(**{f"{side}_county_id": region.pk})
    else:
        q = Q(**{f"{side}_city_id": region.pk})
    every = Contract.objects.filter(q, registered_on__year=year)
    qs = contracts_visible_to(viewer).filter(q, registered_on__year=year).order_by("-amount")
    rows = [
        (
            c.number,
            c.get_kind_display(),
            c.seller_name,
            c.buyer_name,
            c.amount,
            c.registered_on,
        )
        for c in qs
    ]
    return Drilldown(
        columns=[
            _("Contract registration no."),
            _("Type"),
            _("Seller"),
            _("Buyer"),
            _("Turnover (yuan)"),
            _("Registered"),
        ],
        rows=rows,
        total=every.count(),
        links=[None] * len(rows),
    )


def out_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    return _rows("seller", viewer=viewer, region_id=region_id, year=year)


def in_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    return _rows("buyer", viewer=viewer, region_id=region_id, year=year)


def register_all() -> None:
    register(
        Computation(
            key=OUT,
            label=gettext_lazy("Technology contract turnover registered, by seller (输出)"),
            unit="亿元",
            values=out_values,
            rows=out_rows,
            definition=gettext_lazy(
                "Sum of the turnover (成交额) of contracts registered in the year whose seller "
                "is attributed to the place."
            ),
        )
    )
    register(
        Computation(
            key=IN,
            label=gettext_lazy("Technology contract turnover registered, by buyer (吸纳)"),
            unit="亿元",
            values=in_values,
            rows=in_rows,
            definition=gettext_lazy(
                "Sum of the turnover (成交额) of contracts registered in the year whose buyer "
                "is attributed to the place."
            ),
        )
    )
