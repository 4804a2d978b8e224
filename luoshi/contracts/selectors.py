"""Reads of the contract registry."""

from __future__ import annotations

from django.db.models import Count, Sum

from luoshi.contracts import permissions
from luoshi.contracts.models import Contract, ContractImport
from luoshi.core.errors import NotFound


def contract_list(*, viewer, year: int | None = None, query: str = ""):
    qs = permissions.contracts_visible_to(viewer).select_related(
        "seller_county", "seller_park", "buyer_county", "buyer_park"
    )
    if year:
        qs = qs.filter(registered_on__year=year)
    if query:
        qs = qs.filter(seller_name__contains=query) | qs.filter(buyer_name__contains=query)
    return qs.order_by("-registered_on", "number")


def contract_totals(qs) -> dict:
    return qs.order_by().aggregate(n=Count("pk"), total=Sum("amount"))


def get_import_for_user(viewer, pk: int) -> ContractImport:
    if not permissions.can_manage(viewer):
        raise NotFound()
    found = ContractImport.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def imports_recent(*, viewer, limit: int = 5) -> list[ContractImport]:
    if not permissions.can_manage(viewer):
        return []
    return list(ContractImport.objects.all()[:limit])


def years(*, viewer) -> list[int]:
    return sorted(
        {d.year for d in permissions.contracts_visible_to(viewer).dates("registered_on", "year")},
        reverse=True,
    )


__all__ = ["Contract", "contract_list", "contract_totals", "get_import_for_user", "years"]


def import_rows_shown(batch) -> tuple[list[dict], int]:
    """The rows of a list's preview worth reading (not the matched and unchanged), the first
    500, and how many are not shown (enterprises.importers.rows_shown)."""
    from luoshi.enterprises.importers import rows_shown

    return rows_shown(batch, lambda r: r["status"] != "matched")
