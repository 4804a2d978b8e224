"""Innovation-voucher figures for the plan (task 7), registered in
luoshi.indicators.computations: the amount issued in the year and the amount settled in the
year (万元), by the holder's county or park and the city."""

from __future__ import annotations

from decimal import Decimal

from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from luoshi.indicators.computations import Computation, Drilldown, Figure, register
from luoshi.organisations import places
from luoshi.vouchers import permissions
from luoshi.vouchers.models import Redemption, Voucher

ISSUED = "vouchers_issued"
SETTLED = "vouchers_settled"
WAN = Decimal(10000)


def _figures(totals) -> dict[tuple[int, int], Figure]:
    # Summed in yuan, shown in 万元 once: the sum is divided, never the parts.
    return {key: Figure(value=value / WAN, is_demo=demo) for key, (value, demo) in totals.items()}


def issued_values(region_ids, years):
    rows = Voucher.objects.annotate(year=ExtractYear("issued_on")).values_list(
        "organisation__region_id", "year", "amount", "is_demo"
    )
    return _figures(places.tally(rows, region_ids, years))


def settled_values(region_ids, years):
    rows = Redemption.objects.filter(state=Redemption.State.SETTLED).values_list(
        "voucher__organisation__region_id", "settled_at", "amount", "is_demo"
    )
    # The year of a moment is taken in the local time zone here, not by the database (MariaDB
    # needs its time zone tables for that).
    return _figures(
        places.tally(
            ((p, timezone.localtime(at).year, a, d) for p, at, a, d in rows), region_ids, years
        )
    )


def issued_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    qs = Voucher.objects.filter(
        issued_on__year=year, organisation__region_id__in=places.under(region_id)
    ).select_related("organisation")
    total = qs.count()
    visible = list(qs.filter(pk__in=permissions.vouchers_visible_to(viewer).values("pk"))[:500])
    return Drilldown(
        columns=[
            _("Voucher number"),
            _("Firm"),
            _("Amount (yuan)"),
            pgettext("voucher date", "Issued"),
        ],
        rows=[(v.number, v.organisation.name, v.amount, v.issued_on) for v in visible],
        total=total,
        links=[reverse("vouchers:voucher", args=[v.pk]) for v in visible],
    )


def settled_rows(*, viewer, region_id: int, year: int) -> Drilldown:
    qs = Redemption.objects.filter(
        state=Redemption.State.SETTLED,
        settled_at__year=year,
        voucher__organisation__region_id__in=places.under(region_id),
    ).select_related("voucher", "voucher__organisation", "contract", "contract__provider")
    total = qs.count()
    visible = list(qs.filter(pk__in=permissions.redemptions_visible_to(viewer).values("pk"))[:500])
    return Drilldown(
        columns=[_("Voucher number"), _("Firm"), _("Provider"), _("Amount (yuan)")],
        rows=[
            (r.voucher.number, r.voucher.organisation.name, r.contract.provider.name, r.amount)
            for r in visible
        ],
        total=total,
        links=[reverse("vouchers:voucher", args=[r.voucher_id]) for r in visible],
    )


def register_all() -> None:
    register(
        Computation(
            key=ISSUED,
            label=gettext_lazy("Innovation vouchers issued"),
            unit="万元",
            values=issued_values,
            rows=issued_rows,
            definition=gettext_lazy(
                "Amounts of the vouchers issued in the year, by the holder's county or park."
            ),
        )
    )
    register(
        Computation(
            key=SETTLED,
            label=gettext_lazy("Innovation vouchers redeemed (settled)"),
            unit="万元",
            values=settled_values,
            rows=settled_rows,
            definition=gettext_lazy(
                "Redemptions settled in the year, by the voucher holder's county or park."
            ),
        )
    )
