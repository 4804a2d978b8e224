"""Writes to the patent registry: a list previewed, then committed all at once, audited;
re-importing the same list changes nothing. Holders are matched to the registry's firms
(credit code, exact name, alias); a holder not in it (a university, an institute) keeps its
name and the place the list gives. The computed figures are refreshed in the same
transaction."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, audit_created, snapshot
from luoshi.core.bulk import gc_paused, insert_rows
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.enterprises import importers
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import PlaceIndex
from luoshi.enterprises.models import Enterprise
from luoshi.enterprises.selectors import FirmMatcher
from luoshi.org.models import Region
from luoshi.patents import imports, permissions
from luoshi.patents.models import KeptPlan, Patent, PatentImport, StatusChange

A = AuditEvent.Action
S = Patent.Status
FIELDS = (
    "title",
    "holder_id",
    "holder_name",
    "holder_code",
    "applied_on",
    "granted_on",
    "ipc",
    *imports.FLAGS,
    "city_id",
    "county_id",
    "park_id",
)
DATES = ("applied_on", "granted_on")
PLAIN = tuple(n for n in FIELDS if n not in DATES)  # kept in the plan as they are written


def _value(row: dict, name: str):
    value = row[name]
    if name in DATES:
        return dt.date.fromisoformat(value)
    return value


def _require_manage(actor) -> None:
    if actor is not None and not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the coordinating office manages the registry."))


def _current(changes: list[tuple[dt.date, str]]) -> tuple[str, dt.date | None]:
    return (changes[-1][1], changes[-1][0]) if changes else (S.IN_FORCE, None)


@gc_paused()
@transaction.atomic
def patent_import_preview(*, actor, file_name: str, data: bytes) -> PatentImport:
    """Read a list and keep what committing it would do; nothing in the registry changes."""
    _require_manage(actor)
    rows = imports.parse(registry_imports.read_table(data, file_name))
    existing = {p.number: p for p in Patent.objects.filter(number__among={r.number for r in rows})}
    history: dict[int, list] = {}
    for pid, on, status in StatusChange.objects.filter(
        patent_id__among={x.pk for x in existing.values()}
    ).values_list("patent_id", "changed_on", "status"):
        history.setdefault(pid, []).append((on, status))
    matcher = FirmMatcher(rows)
    found = {r.line: matcher.match(r.holder_code, r.holder_name)[0] for r in rows}
    firm_places = {
        e["pk"]: e
        for e in Enterprise.objects.filter(pk__among={f["pk"] for f in found.values() if f}).values(
            "pk", "city_id", "county_id", "park_id"
        )
    }
    places = PlaceIndex()
    labels = {n: str(Patent._meta.get_field(n.removesuffix("_id")).verbose_name) for n in FIELDS}
    out = []
    for row in rows:
        item = {
            **vars(row),
            "outcome": "error" if row.errors else "new",
            "changes": [],
            "suggestions": [],
        }
        firm = found[row.line]
        if firm:
            place = firm_places[firm["pk"]]
            item.update(
                holder_id=firm["pk"],
                city_id=place["city_id"],
                county_id=place["county_id"],
                park_id=place["park_id"],
            )
        else:
            place = (
                places.attribute(row.holder_code, row.address)
                if row.holder_code
                else places.attribute_text(row.address)
            )
            if place.city_id is None and place.county_id is None:
                place = places.attribute_text(row.address)
            item.update(
                holder_id=None,
                city_id=place.city_id,
                county_id=place.county_id,
                park_id=place.park_id,
            )
            if not row.holder_code and not row.errors:
                # a close name in the registry, offered to the person (never taken alone)
                item["suggestions"] = matcher.suggest(row.holder_name)
            if place.city_id is None and not row.errors:
                item["errors"].append(
                    _(
                        "The holder “%(name)s” is not in the registry and the row names no county, park or city: add 所在县(市、区) or an address."
                    )
                    % {"name": row.holder_name}
                )
                item["outcome"] = "error"
        old = existing.get(row.number)
        if old is not None and item["outcome"] != "error":
            item["changes"] = [labels[n] for n in FIELDS if getattr(old, n) != _value(item, n)]
            status, since = _current(history.get(old.pk, []))
            if status != row.status:
                item["changes"].append(
                    _("status: %(old)s → %(new)s")
                    % {"old": S(status).label, "new": S(row.status).label}
                )
            elif status != S.IN_FORCE and row.status_on and since.isoformat() != row.status_on:
                item["changes"].append(_("date of the status change"))
            if status != row.status and not row.status_on:
                item["errors"].append(
                    _("The legal status changes: give the date of the change (法律状态日期).")
                )
                item["outcome"] = "error"
            elif status == S.IN_FORCE and row.status != S.IN_FORCE:
                item["outcome"] = "withdrawn"
            else:
                item["outcome"] = "changed" if item["changes"] else "matched"
        out.append(item)
    counts = Counter(i["outcome"] for i in out)
    batch = PatentImport.objects.create(
        file_name=file_name[:200],
        summary={
            "rows": len(out),
            "new": counts["new"],
            "matched": counts["matched"],
            "changed": counts["changed"],
            "withdrawn": counts["withdrawn"],
            "errors": counts["error"],
            "unmatched_holders": sum(
                1 for i in out if i["outcome"] != "error" and i["holder_id"] is None
            ),
        },
        created_by=actor_or_none(actor),
    )
    # by key, not instance: the batch returned does not keep the rows alive (for the cycle
    # collector to walk once it resumes); batch.plan reads them back when asked for
    KeptPlan.objects.create(batch_id=batch.pk, plan={"rows": out})
    return batch


def _status_change(patent: Patent, row: dict, batch, actor) -> bool:
    """Record the row's legal status when it differs from the patent's latest; True when a
    change was written."""
    changes = list(patent.changes.order_by("changed_on", "id"))
    status, _since = _current([(c.changed_on, c.status) for c in changes])
    on = dt.date.fromisoformat(row["status_on"]) if row["status_on"] else None
    if status == row["status"]:
        last = changes[-1] if changes else None
        if last is None or on is None or last.changed_on == on:
            return False
        before = snapshot(last)
        last.changed_on = on
        last.source = batch
        last.save()
        audit(actor=actor, action=A.UPDATE, obj=last, before=before, after=snapshot(last))
        return True
    if on is None:
        raise ValidationFailed(
            _("Row %(line)s: patent %(number)s is restored to force: give the date (法律状态日期).")
            % {"line": row["line"], "number": row["number"]}
        )
    change = StatusChange.objects.create(
        patent=patent, status=row["status"], changed_on=on, source=batch
    )
    audit(actor=actor, action=A.CREATE, obj=change, verb="legal status")
    return True


@gc_paused()
@transaction.atomic
def patent_import_commit(
    *, actor, batch: PatentImport, choices: dict[int, int] | None = None, is_demo: bool = False
) -> dict:
    """Apply a previewed list all at once; refused, with nothing changed, while a row has an
    error. `choices` maps a row's line to the firm a person picked among its suggestions
    (rows not in it keep the holder's name, outside the registry). Committing the same list
    again changes nothing."""
    _require_manage(actor)
    batch, rows, confirmed = importers.begin_commit(
        PatentImport, batch, actor, choices, role="holder"
    )
    # new patents written set-based, each audited as created from the kept list; so are the
    # legal-status changes of those a list gives as no longer in force
    fresh = [r for r in rows if r["outcome"] == "new"]
    insert_rows(
        Patent,
        [
            {
                "number": r["number"],
                **{n: r[n] for n in PLAIN},
                "applied_on": dt.date.fromisoformat(r["applied_on"]),
                "granted_on": dt.date.fromisoformat(r["granted_on"]),
                "is_demo": is_demo,
                "source_id": batch.pk,
            }
            for r in fresh
        ],
    )
    audit_created(
        actor=actor,
        queryset=Patent.objects.filter(source=batch),
        verb="imported",
        describe="number",
        source={"import": batch.pk},
    )
    ended = [r for r in fresh if r["status"] != S.IN_FORCE]
    if ended:
        ids = dict(Patent.objects.filter(source=batch).values_list("number", "pk"))
        insert_rows(
            StatusChange,
            [
                {
                    "patent_id": ids[r["number"]],
                    "status": r["status"],
                    "changed_on": dt.date.fromisoformat(r["status_on"]),
                    "source_id": batch.pk,
                }
                for r in ended
            ],
        )
        audit_created(
            actor=actor,
            queryset=StatusChange.objects.filter(source=batch),
            verb="legal status",
            describe=Concat(F("patent__number"), Value(" "), F("status")),
            source={"import": batch.pk, "status": F("status")},
        )
    updated = statuses = 0
    for r in rows:
        if r["outcome"] not in ("changed", "withdrawn"):
            continue
        patent = Patent.objects.get(number=r["number"])
        before = snapshot(patent)
        for n in FIELDS:
            setattr(patent, n, _value(r, n))
        after = snapshot(patent)
        if before != after:
            patent.save()
            audit(
                actor=actor,
                action=A.UPDATE,
                obj=patent,
                before=before,
                after=after,
                verb="changed by import",
            )
            updated += 1
        statuses += _status_change(patent, r, batch, actor)
    summary = {
        **batch.summary,
        "added": len(fresh),
        "updated": updated,
        "status_changes": statuses + len(ended),
        "holders_confirmed": confirmed,
    }
    batch.state = PatentImport.State.COMMITTED
    batch.summary = summary
    batch.save(update_fields=["state", "summary"])
    audit(actor=actor, action=A.ACTION, obj=batch, verb="list imported", extra=summary)
    if fresh or updated or statuses:
        from luoshi.indicators.services import computed_values_refresh

        for city in Region.objects.filter(kind=Region.Kind.CITY):
            computed_values_refresh(region=city)
    return summary


def _describe(summary: dict) -> str:
    return (
        f"{summary['added']} patents added, {summary['updated']} updated, "
        f"{summary['status_changes']} status changes"
    )


def register_importer() -> None:
    importers.register(
        importers.ListImporter(
            kind="patents",
            preview=patent_import_preview,
            commit=patent_import_commit,
            describe=_describe,
        )
    )
