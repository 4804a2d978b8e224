"""Technology finance figures for indicators (luoshi.indicators.computations): what the
banks lent in a year, in all and under IP-pledge loans (task 18), per county or park of the
borrower and for the city (the sum over its counties and parks, each loan once)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luoshi.indicators.computations import Computation, Drilldown, Figure, register

LENT_ALL = "tech_finance_lent"
LENT_IP = "ip_pledge_lent"
WAN = Decimal(10_000)


def _values(region_ids, years, *, kind: str | None):
    from luoshi.finance.models import Loan
    from luoshi.finance.selectors import LENT

    wanted = set(region_ids)
    rows = Loan.objects.filter(state__in=LENT, borrower__region__isnull=False)
    if years:
        rows = rows.filter(year__in=list(years))
    if kind:
        rows = rows.filter(product__kind=kind)
    sums: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    demo: set[tuple[int, int]] = set()
    for region, parent, year, is_demo, total in (
        rows.values_list("borrower__region_id", "borrower__region__parent_id", "year", "is_demo")
        .annotate(total=Sum("approved_amount"))
        .order_by()
    ):
        for place in (region, parent):
            if place in wanted:
                sums[(place, year)] += total or 0
                if is_demo:
                    demo.add((place, year))
    # In 万元, as the plan's indicators count money.
    return {
        key: Figure(value=(v / WAN).quantize(Decimal("0.01")), is_demo=key in demo)
        for key, v in sums.items()
    }


def lent_values(region_ids, years):
    return _values(region_ids, years, kind=None)


def ip_values(region_ids, years):
    return _values(region_ids, years, kind="ip_pledge")


def _rows(*, viewer, region_id: int, year: int, kind: str | None) -> Drilldown:
    from django.db.models import Q

    from luoshi.finance import permissions
    from luoshi.finance.models import Loan
    from luoshi.finance.selectors import LENT

    place = Q(borrower__region_id=region_id) | Q(borrower__region__parent_id=region_id)
    behind = Loan.objects.filter(place, state__in=LENT, year=year)
    if kind:
        behind = behind.filter(product__kind=kind)
    visible = (
        permissions.loans_visible_to(viewer)
        .filter(pk__in=behind.values("pk"))
        .select_related("borrower", "bank", "product")
        .order_by("disbursed_on", "pk")
    )
    rows = [
        (
            loan.borrower.credit_code,
            loan.borrower.name,
            loan.product.name,
            loan.bank.name,
            loan.approved_amount,
            loan.disbursed_on,
        )
        for loan in visible
    ]
    return Drilldown(
        columns=[
            _("Unified social credit code"),
            _("Borrower"),
            _("Product"),
            _("Bank"),
            _("Amount lent (yuan)"),
            _("Disbursed on"),
        ],
        rows=rows,
        total=behind.count(),
        links=[reverse("finance:loan", args=[loan.pk]) for loan in visible],
    )


def lent_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    return _rows(viewer=viewer, region_id=region_id, year=year, kind=None)


def ip_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    return _rows(viewer=viewer, region_id=region_id, year=year, kind="ip_pledge")


def register_all() -> None:
    register(
        Computation(
            key=LENT_ALL,
            label=gettext_lazy("Technology loans lent in the year"),
            unit="万元",
            values=lent_values,
            rows=lent_rows,
            definition=gettext_lazy(
                "The amounts approved of loans disbursed in the year under every technology "
                "loan product, by the borrower's county or park; each loan once."
            ),
        )
    )
    register(
        Computation(
            key=LENT_IP,
            label=gettext_lazy("IP-pledge financing in the year"),
            unit="万元",
            values=ip_values,
            rows=ip_rows,
            definition=gettext_lazy(
                "The amounts approved of IP-pledge loans disbursed in the year, by the "
                "borrower's county or park."
            ),
        )
    )
