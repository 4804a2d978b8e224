"""Reads for technology finance pages: a person's loans, the pools with their balances, one
pool's ledger, and the figures by bank, product, county and year."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from luoshi.finance import permissions, rules
from luoshi.finance.models import Claim, Loan, PoolEntry, Product, Recovery, RiskPool
from luoshi.organisations.models import Organisation

LENT = (Loan.State.DISBURSED, Loan.State.REPAID, Loan.State.DEFAULTED, Loan.State.COMPENSATED)


def loans(*, viewer, state: str = "") -> QuerySet[Loan]:
    """One query: each loan with its product, borrower (and county), bank and guarantor."""
    rows = permissions.loans_visible_to(viewer).select_related(
        "product", "borrower", "borrower__region", "bank", "guarantor"
    )
    if state in Loan.State.values:
        rows = rows.filter(state=state)
    return rows


def loan_page(*, viewer, loan: Loan) -> dict:
    """The loan, its claim, and the money recovered after compensation with what may still
    be recovered (two queries past the loan: the claim and its recoveries)."""
    claim = Claim.objects.filter(loan=loan).first()
    recoveries = list(Recovery.objects.filter(claim=claim)) if claim else []
    before = sum((r.amount for r in recoveries), Decimal(0))
    return {
        "loan": loan,
        "claim": claim,
        "recoveries": recoveries,
        "recovered": before,
        "recovery_room": rules.recovery_room(loss=claim.loss, recovered_before=before)
        if claim and claim.state == Claim.State.PAID
        else None,
    }


def pools(*, viewer) -> list[RiskPool]:
    """Each pool with its balance (one query)."""
    if not permissions.can_read_all(viewer):
        return []
    return list(RiskPool.objects.annotate(balance=Sum("entries__amount")).order_by("name"))


def pool_figures(*, viewer) -> list[dict]:
    """Each pool with its balance and its money in (contributions, recoveries) and out
    (compensation), one query."""
    if not permissions.can_read_all(viewer):
        return []
    kind = PoolEntry.Kind
    rows = RiskPool.objects.annotate(
        balance=Sum("entries__amount"),
        contributions=Sum("entries__amount", filter=Q(entries__kind=kind.CONTRIBUTION)),
        compensations=Sum("entries__amount", filter=Q(entries__kind=kind.COMPENSATION)),
        recoveries=Sum("entries__amount", filter=Q(entries__kind=kind.RECOVERY)),
    ).order_by("name")
    zero = Decimal(0)
    return [
        {
            "id": p.pk,
            "name": p.name,
            "pool_share": p.pool_share,
            "bank_share": p.bank_share,
            "guarantor_share": p.guarantor_share,
            "balance": p.balance or zero,
            "contributions": p.contributions or zero,
            "compensations": -(p.compensations or zero),
            "recoveries": p.recoveries or zero,
            "is_demo": p.is_demo,
        }
        for p in rows
    ]


def pool_page(*, viewer, pool: RiskPool) -> dict:
    entries = list(PoolEntry.objects.filter(pool=pool).select_related("loan", "loan__borrower"))
    totals = {kind: Decimal(0) for kind in PoolEntry.Kind.values}
    for entry in entries:
        totals[entry.kind] += entry.amount
    return {
        "pool": pool,
        "entries": entries,
        "totals": totals,
        "balance": sum((e.amount for e in entries), Decimal(0)),
        "claims": list(
            Claim.objects.filter(pool=pool).select_related("loan", "loan__borrower", "loan__bank")
        ),
        "can_manage": permissions.is_office(viewer),
    }


def open_claims(*, viewer) -> list[Claim]:
    if not permissions.can_decide_claim(viewer):
        return []
    return list(
        Claim.objects.filter(state=Claim.State.FILED).select_related(
            "loan", "loan__borrower", "loan__bank", "pool"
        )
    )


def all_pools() -> QuerySet[RiskPool]:
    return RiskPool.objects.order_by("name")


def products(*, active_only: bool = True) -> QuerySet[Product]:
    rows = Product.objects.select_related("pool").prefetch_related("caps")
    return rows.filter(active=True) if active_only else rows


def lenders() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        state=Organisation.State.VERIFIED, kind=Organisation.Kind.BANK
    ).order_by("name")


def backers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        state=Organisation.State.VERIFIED, kind__in=permissions.BACKERS
    ).order_by("name")


DIMENSIONS = {
    "bank": ("bank__name",),
    "product": ("product__name",),
    "county": ("borrower__region__name",),
    "year": ("year",),
}


def figures(*, viewer, year: int | None = None) -> dict[str, list[dict]]:
    """Per dimension, one grouped query: loans lent, amount lent, outstanding, defaults and
    what the pool paid. Amounts in yuan."""
    if not permissions.can_view_figures(viewer):
        return {}
    base = Loan.objects.filter(state__in=LENT)
    if year:
        base = base.filter(year=year)
    result = {}
    for name, keys in DIMENSIONS.items():
        rows = (
            base.values(*keys)
            .annotate(
                count=Count("pk"),
                lent=Sum("approved_amount"),
                repaid=Sum("repaid"),
                defaults=Count(
                    "pk", filter=Q(state__in=(Loan.State.DEFAULTED, Loan.State.COMPENSATED))
                ),
                compensated=Sum("claim__paid"),
            )
            .order_by(*keys)
        )
        result[name] = [
            {
                "key": row[keys[0]],
                "count": row["count"],
                "lent": row["lent"] or Decimal(0),
                "outstanding": (row["lent"] or 0) - (row["repaid"] or 0),
                "defaults": row["defaults"],
                "compensated": row["compensated"] or Decimal(0),
            }
            for row in rows
        ]
    return result


def amount_lent(*, kind: str | None = None, year: int, region_ids=None) -> Decimal:
    """What the banks lent in a year (optionally one product kind, some places): the
    programme figure the plan's indicators read (e.g. IP-pledge financing)."""
    rows = Loan.objects.filter(state__in=LENT, year=year)
    if kind:
        rows = rows.filter(product__kind=kind)
    if region_ids is not None:
        rows = rows.filter(borrower__region_id__in=region_ids)
    return rows.aggregate(total=Sum("approved_amount"))["total"] or Decimal(0)
