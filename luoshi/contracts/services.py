"""Writes to the contract registry: a list previewed, then committed all at once, audited;
re-importing the same list changes nothing. The computed figures are refreshed in the same
transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.contracts import imports, permissions
from luoshi.contracts.models import Contract, ContractImport, KeptPlan
from luoshi.core.audit import actor_or_none, audit, audit_created, snapshot
from luoshi.core.bulk import gc_paused, insert_rows
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import PlaceIndex
from luoshi.org.models import Region

A = AuditEvent.Action
FIELDS = ("name", "kind", "amount", "tech_amount", "registered_on", "seller_name", "buyer_name")


def _value(row: dict, name: str):
    value = row[name]
    if name in ("amount", "tech_amount"):
        return Decimal(value) if value else None
    if name == "registered_on":
        return dt.date.fromisoformat(value)
    return value


def _columns(row: dict, places: PlaceIndex) -> dict:
    """A contract's columns from its kept row (FIELDS as _value reads them), the seller and
    the buyer placed by credit code, else by name."""
    seller = places.attribute(row["seller_code"], row["seller_name"])
    buyer = places.attribute(row["buyer_code"], row["buyer_name"])
    return {
        "name": row["name"],
        "kind": row["kind"],
        "amount": Decimal(row["amount"]) if row["amount"] else None,
        "tech_amount": Decimal(row["tech_amount"]) if row["tech_amount"] else None,
        "registered_on": dt.date.fromisoformat(row["registered_on"]),
        "seller_name": row["seller_name"],
        "seller_code": row["seller_code"],
        "seller_city_id": seller.city_id,
        "seller_county_id": seller.county_id,
        "seller_park_id": seller.park_id,
        "buyer_name": row["buyer_name"],
        "buyer_code": row["buyer_code"],
        "buyer_city_id": buyer.city_id,
        "buyer_county_id": buyer.county_id,
        "buyer_park_id": buyer.park_id,
    }


@gc_paused()
@transaction.atomic
def contract_import_preview(*, actor, file_name: str, data: bytes) -> ContractImport:
    if actor is not None and not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the coordinating office manages the contract registry."))
    rows = imports.parse(registry_imports.read_table(data, file_name))
    existing = {
        c.number: c for c in Contract.objects.filter(number__among=[r.number for r in rows])
    }
    out = []
    for row in rows:
        item = {**vars(row), "status": "error" if row.errors else "new", "changes": []}
        old = existing.get(row.number)
        if old is not None and not row.errors:
            item["changes"] = [
                str(Contract._meta.get_field(n).verbose_name)
                for n in FIELDS
                if getattr(old, n) != _value(item, n)
            ]
            item["status"] = "changed" if item["changes"] else "matched"
        out.append(item)
    counts = Counter(i["status"] for i in out)
    batch = ContractImport.objects.create(
        file_name=file_name[:200],
        summary={
            "rows": len(out),
            "new": counts["new"],
            "matched": counts["matched"],
            "changed": counts["changed"],
            "errors": counts["error"],
        },
        created_by=actor_or_none(actor),
    )
    # by key, not instance: the batch returned does not keep the rows alive (for the cycle
    # collector to walk once it resumes); batch.plan reads them back when asked for
    KeptPlan.objects.create(batch_id=batch.pk, plan={"rows": out})
    return batch


@gc_paused()
@transaction.atomic
def contract_import_commit(*, actor, batch: ContractImport, is_demo: bool = False) -> dict:
    if actor is not None and not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the coordinating office manages the contract registry."))
    batch = ContractImport.objects.select_for_update().get(pk=batch.pk)
    if batch.state != ContractImport.State.PREVIEW:
        raise ValidationFailed(_("This list has already been imported."))
    rows = batch.plan["rows"]
    errors = sum(1 for r in rows if r["status"] == "error")
    if errors:
        raise ValidationFailed(
            _("%(n)s rows have errors; correct the file and upload it again. Nothing was imported.")
            % {"n": errors}
        )
    places = PlaceIndex()
    # new contracts written set-based, each audited as created from the kept list
    new = [
        {"number": r["number"], **_columns(r, places), "is_demo": is_demo, "source_id": batch.pk}
        for r in rows
        if r["status"] == "new"
    ]
    insert_rows(Contract, new)
    audit_created(
        actor=actor,
        queryset=Contract.objects.filter(source=batch),
        verb="imported",
        describe="number",
        source={"import": batch.pk},
    )
    changed = [r for r in rows if r["status"] == "changed"]
    for r in changed:
        contract = Contract.objects.get(number=r["number"])
        before = snapshot(contract)
        for k, v in _columns(r, places).items():
            setattr(contract, k, v)
        contract.save()
        audit(
            actor=actor,
            action=A.UPDATE,
            obj=contract,
            before=before,
            after=snapshot(contract),
            verb="changed by import",
        )
    summary = {**batch.summary, "added": len(new), "updated": len(changed)}
    batch.state = ContractImport.State.COMMITTED
    batch.summary = summary
    batch.save(update_fields=["state", "summary"])
    audit(actor=actor, action=A.ACTION, obj=batch, verb="list imported", extra=summary)
    if new or changed:
        from luoshi.indicators.services import computed_values_refresh

        for city in Region.objects.filter(kind=Region.Kind.CITY):
            computed_values_refresh(region=city)
    return summary
