"""Writes to the platform registry: a list previewed, then committed all at once, audited;
re-importing the same list changes nothing. Hosts are matched to the registry's firms
(credit code, exact name, alias); a host not in it keeps its name and the place the list
gives. An evaluation is kept once per platform and date; a result that removes the platform
(不合格, 撤销) ends it from that date. The computed figures are refreshed in the same
transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, audit_created, snapshot
from luoshi.core.bulk import gc_paused, insert_rows
from luoshi.core.errors import PermissionDenied
from luoshi.core.models import AuditEvent
from luoshi.enterprises import importers
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import Place, PlaceIndex
from luoshi.enterprises.models import Enterprise
from luoshi.enterprises.selectors import FirmMatcher
from luoshi.org.models import Region
from luoshi.platforms import imports, permissions
from luoshi.platforms.models import Evaluation, KeptPlan, Platform, PlatformImport

A = AuditEvent.Action
FIELDS = (
    "host_id",
    "host_name",
    "host_code",
    "recognised_on",
    "city_id",
    "county_id",
    "park_id",
)


def _value(row: dict, name: str):
    if name == "recognised_on":
        return dt.date.fromisoformat(row[name])
    return row[name]


def _require_manage(actor) -> None:
    if actor is not None and not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the coordinating office manages the registry."))


@gc_paused()
@transaction.atomic
def platform_import_preview(*, actor, file_name: str, data: bytes) -> PlatformImport:
    """Read a list and keep what committing it would do; nothing in the registry changes."""
    _require_manage(actor)
    rows = imports.parse(registry_imports.read_table(data, file_name))
    # The platforms the list names. A registry no larger than the list (a first import) is
    # read whole: cheaper than unpacking thousands of names in the database (9 ms for
    # 10,000, even against an empty table). Sets, not lists, for __among: Django walks a
    # list value by value.
    names = {r.name for r in rows}
    held = Platform.objects.order_by().values("pk", "name", "kind", "level", *FIELDS)
    if Platform.objects.count() > len(names):
        held = held.filter(name__among=names)
    existing = {(p["name"], p["kind"], p["level"]): p for p in held if p["name"] in names}
    evaluations: dict[int, dict] = {}
    for pid, on, result in (
        Evaluation.objects.filter(platform_id__among={x["pk"] for x in existing.values()})
        .order_by()
        .values_list("platform_id", "evaluated_on", "result")
    ):
        evaluations.setdefault(pid, {})[on.isoformat()] = result
    matcher = FirmMatcher(imports.hosts(rows))
    found = {r.line: matcher.match(r.host_code, r.host_name)[0] for r in rows}
    firm_places = {
        e["pk"]: e
        for e in Enterprise.objects.filter(pk__among={f["pk"] for f in found.values() if f})
        .order_by()
        .values("pk", "city_id", "county_id", "park_id")
    }
    places = PlaceIndex()
    named: dict[str, Place] = {}  # the place an address names, read once per address
    labels = {n: str(Platform._meta.get_field(n.removesuffix("_id")).verbose_name) for n in FIELDS}
    out = []
    for row in rows:
        item = {**vars(row), "outcome": "error" if row.errors else "new", "changes": []}
        item["suggestions"] = []
        firm = found[row.line]
        if firm:
            place = firm_places[firm["pk"]]
            item.update(
                host_id=firm["pk"], **{k: place[k] for k in ("city_id", "county_id", "park_id")}
            )
        else:
            place = places.attribute(row.host_code, row.address) if row.host_code else None
            if place is None or place.city_id is None:
                place = named.get(row.address)
                if place is None:
                    place = named[row.address] = places.attribute_text(row.address)
            item.update(
                host_id=None,
                city_id=place.city_id,
                county_id=place.county_id,
                park_id=place.park_id,
            )
            if not row.host_code and not row.errors:
                # a close name in the registry, offered to the person (never taken alone)
                item["suggestions"] = matcher.suggest(row.host_name)
            if place.city_id is None and not row.errors:
                item["errors"].append(
                    _(
                        "The host “%(name)s” is not in the registry and the row names no county, park or city: add 所在县(市、区) or an address."
                    )
                    % {"name": row.host_name}
                )
                item["outcome"] = "error"
        removes = row.result in Evaluation.REMOVES
        old = existing.get((row.name, row.kind, row.level))
        if old is not None and item["outcome"] != "error":
            item["changes"] = [labels[n] for n in FIELDS if old[n] != _value(item, n)]
            held = evaluations.get(old["pk"], {})
            if row.evaluated_on and held.get(row.evaluated_on) != row.result:
                item["changes"].append(
                    _("evaluation %(date)s: %(result)s")
                    % {"date": row.evaluated_on, "result": Evaluation.Result(row.result).label}
                )
            already_removed = any(r in Evaluation.REMOVES for r in held.values())
            if removes and not already_removed:
                item["outcome"] = "withdrawn"
            else:
                item["outcome"] = "changed" if item["changes"] else "matched"
        out.append(item)
    counts = Counter(i["outcome"] for i in out)
    batch = PlatformImport.objects.create(
        file_name=file_name[:200],
        summary={
            "rows": len(out),
            "new": counts["new"],
            "matched": counts["matched"],
            "changed": counts["changed"],
            "withdrawn": counts["withdrawn"],
            "errors": counts["error"],
            "unmatched_hosts": sum(
                1 for i in out if i["outcome"] != "error" and i["host_id"] is None
            ),
        },
        created_by=actor_or_none(actor),
    )
    # by key, not instance: the batch returned does not keep the 10,000 rows alive (for the
    # cycle collector to walk once it resumes); batch.plan reads them back when asked for
    KeptPlan.objects.create(batch_id=batch.pk, plan={"rows": out})
    return batch


def _evaluate(platform: Platform, row: dict, batch, actor) -> bool:
    if not row["evaluated_on"]:
        return False
    on = dt.date.fromisoformat(row["evaluated_on"])
    found = Evaluation.objects.filter(platform=platform, evaluated_on=on).first()
    if found is not None and found.result == row["result"]:
        return False
    if found is None:
        found = Evaluation.objects.create(
            platform=platform, evaluated_on=on, result=row["result"], source=batch
        )
        audit(actor=actor, action=A.CREATE, obj=found, verb="evaluated")
        return True
    before = snapshot(found)
    found.result, found.source = row["result"], batch
    found.save()
    audit(actor=actor, action=A.UPDATE, obj=found, before=before, after=snapshot(found))
    return True


def _evaluate_new(fresh: list[dict], batch, actor) -> int:
    """The evaluations of the platforms just inserted (none can be held yet): written
    set-based, each audited as created, pointing at the kept list. Returns how many."""
    evaluated = [r for r in fresh if r["evaluated_on"]]
    if not evaluated:
        return 0
    keys = {
        (name, kind, level): pk
        for name, kind, level, pk in Platform.objects.filter(source=batch)
        .order_by()
        .values_list("name", "kind", "level", "pk")
    }
    count = insert_rows(
        Evaluation,
        [
            {
                "platform_id": keys[(r["name"], r["kind"], r["level"])],
                "evaluated_on": dt.date.fromisoformat(r["evaluated_on"]),
                "result": r["result"],
                "source_id": batch.pk,
            }
            for r in evaluated
        ],
    )
    # described as Evaluation.__str__ does: "<platform id> <date> <result>"
    audit_created(
        actor=actor,
        queryset=Evaluation.objects.filter(source=batch, platform__source=batch),
        verb="evaluated",
        describe=Concat(
            Cast("platform_id", CharField()),
            Value(" "),
            Cast("evaluated_on", CharField()),
            Value(" "),
            "result",
            output_field=CharField(),
        ),
        source={"import": batch.pk},
    )
    return count


@gc_paused()
@transaction.atomic
def platform_import_commit(
    *, actor, batch: PlatformImport, choices: dict[int, int] | None = None, is_demo: bool = False
) -> dict:
    """Apply a previewed list all at once; refused, with nothing changed, while a row has an
    error. `choices` maps a row's line to the firm a person picked among its suggestions
    (rows not in it keep the host's name, outside the registry). Committing the same list
    again changes nothing."""
    _require_manage(actor)
    batch, rows, confirmed = importers.begin_commit(
        PlatformImport, batch, actor, choices, role="host"
    )
    # 1. new platforms, and their evaluations, written set-based; each audited by the
    # database, the event pointing at the kept list (which holds its row and values)
    fresh = [r for r in rows if r["outcome"] == "new"]
    day, source = dt.date.fromisoformat, batch.pk
    added = insert_rows(  # FIELDS written out: a row is read 10,000 times
        Platform,
        [
            {
                "name": r["name"],
                "kind": r["kind"],
                "level": r["level"],
                "host_id": r["host_id"],
                "host_name": r["host_name"],
                "host_code": r["host_code"],
                "recognised_on": day(r["recognised_on"]),
                "city_id": r["city_id"],
                "county_id": r["county_id"],
                "park_id": r["park_id"],
                "is_demo": is_demo,
                "source_id": source,
            }
            for r in fresh
        ],
    )
    audit_created(
        actor=actor,
        queryset=Platform.objects.filter(source=batch),
        verb="imported",
        describe="name",
        source={"import": batch.pk},
    )
    evaluated = _evaluate_new(fresh, batch, actor)
    # 2. changed and withdrawn platforms (few), one by one
    updated = 0
    for r in rows:
        if r["outcome"] not in ("changed", "withdrawn"):
            continue
        platform = Platform.objects.get(name=r["name"], kind=r["kind"], level=r["level"])
        before = snapshot(platform)
        for n in FIELDS:
            setattr(platform, n, _value(r, n))
        after = snapshot(platform)
        if before != after:
            platform.save()
            audit(
                actor=actor,
                action=A.UPDATE,
                obj=platform,
                before=before,
                after=after,
                verb="changed by import",
            )
            updated += 1
        evaluated += _evaluate(platform, r, batch, actor)
    summary = {
        **batch.summary,
        "added": added,
        "updated": updated,
        "evaluations": evaluated,
        "hosts_confirmed": confirmed,
    }
    batch.state = PlatformImport.State.COMMITTED
    batch.summary = summary
    batch.save(update_fields=["state", "summary"])
    audit(actor=actor, action=A.ACTION, obj=batch, verb="list imported", extra=summary)
    if added or updated or evaluated:
        from luoshi.indicators.services import computed_values_refresh

        for city in Region.objects.filter(kind=Region.Kind.CITY):
            computed_values_refresh(region=city)
    return summary


def _describe(summary: dict) -> str:
    return (
        f"{summary['added']} platforms added, {summary['updated']} updated, "
        f"{summary['evaluations']} evaluations recorded"
    )


def register_importer() -> None:
    importers.register(
        importers.ListImporter(
            kind="platforms",
            preview=platform_import_preview,
            commit=platform_import_commit,
            describe=_describe,
        )
    )
