"""Reads for vouchers: the office's queues, a firm's own vouchers, statistics."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from luoshi.vouchers import permissions
from luoshi.vouchers.models import Application, Batch, Redemption, ServiceType, Voucher


def batches(*, viewer) -> QuerySet[Batch]:
    return permissions.batches_visible_to(viewer).annotate(
        voucher_count=Count("vouchers", distinct=True)
    )


def applications(*, viewer, state: str = "") -> QuerySet[Application]:
    rows = permissions.applications_visible_to(viewer).select_related("batch", "organisation")
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-created_at", "-pk")


def vouchers(*, viewer) -> QuerySet[Voucher]:
    return (
        permissions.vouchers_visible_to(viewer)
        .select_related("batch", "organisation")
        .order_by("-issued_on", "-pk")
    )


def redemptions(*, viewer, states=None) -> QuerySet[Redemption]:
    rows = permissions.redemptions_visible_to(viewer).select_related(
        "voucher", "voucher__organisation", "contract", "contract__provider"
    )
    if states:
        rows = rows.filter(state__in=list(states))
    return rows.order_by("-created_at", "-pk")


def voucher_page(*, viewer, voucher: Voucher) -> dict:
    contracts = list(
        voucher.contracts.select_related(
            "provider", "booking", "booking__instrument"
        ).prefetch_related("redemptions")
    )
    return {
        "voucher": voucher,
        "contracts": contracts,
        "providers": list(voucher.batch.providers.order_by("name")),
    }


def statistics(*, viewer, year: int | None = None) -> dict:
    """Issued and redeemed (settled) amounts: totals, by county, by service type, by provider.
    Each figure is a sum over its own rows (never an average of ratios)."""
    vouchers_q = permissions.vouchers_visible_to(viewer)
    redemptions_q = permissions.redemptions_visible_to(viewer).filter(
        state=Redemption.State.SETTLED
    )
    if year:
        vouchers_q = vouchers_q.filter(batch__year=year)
        redemptions_q = redemptions_q.filter(voucher__batch__year=year)
    totals = vouchers_q.aggregate(
        vouchers=Count("pk", distinct=True),
        issued=Sum("amount"),
        firms=Count("organisation", distinct=True),
    )
    totals["redeemed"] = redemptions_q.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    totals["issued"] = totals["issued"] or Decimal(0)
    by_county = {}
    for row in vouchers_q.values("organisation__region__name").annotate(
        issued=Sum("amount"), n=Count("pk")
    ):
        by_county[row["organisation__region__name"] or ""] = {
            "label": row["organisation__region__name"] or "—",
            "issued": row["issued"],
            "vouchers": row["n"],
            "redeemed": Decimal(0),
        }
    for row in redemptions_q.values("voucher__organisation__region__name").annotate(
        s=Sum("amount")
    ):
        key = row["voucher__organisation__region__name"] or ""
        by_county.setdefault(
            key, {"label": key or "—", "issued": Decimal(0), "vouchers": 0, "redeemed": 0}
        )
        by_county[key]["redeemed"] = row["s"]
    labels = dict(ServiceType.choices)
    by_service = [
        {
            "label": str(labels.get(row["contract__service_type"], row["contract__service_type"])),
            "redeemed": row["s"],
            "n": row["n"],
        }
        for row in redemptions_q.values("contract__service_type")
        .annotate(s=Sum("amount"), n=Count("pk"))
        .order_by("-s")
    ]
    by_provider = [
        {"label": row["contract__provider__name"], "redeemed": row["s"], "n": row["n"]}
        for row in redemptions_q.values("contract__provider__name")
        .annotate(s=Sum("amount"), n=Count("pk"))
        .order_by("-s")
    ]
    pending = permissions.redemptions_visible_to(viewer).filter(
        Q(state=Redemption.State.REQUESTED) | Q(state=Redemption.State.CHECKED)
    )
    if year:
        pending = pending.filter(voucher__batch__year=year)
    totals["pending"] = pending.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return {
        "totals": totals,
        "by_county": sorted(by_county.values(), key=lambda r: -r["issued"]),
        "by_service": by_service,
        "by_provider": by_provider,
    }
