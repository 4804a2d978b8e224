"""Writes to the enterprise registry. Each service checks permission, then state, writes and
audits in one transaction. `actor=None` is the system itself (demo loader, commands)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, audit_created, snapshot
from luoshi.core.bulk import gc_paused, insert_rows
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.enterprises import imports, permissions, selectors
from luoshi.enterprises.attribution import PlaceIndex, clean_credit_code
from luoshi.enterprises.models import (
    Candidate,
    Comment,
    Enterprise,
    EnterpriseName,
    KeptPlan,
    Qualification,
    RegistryImport,
)
from luoshi.org.models import Region

A = AuditEvent.Action


def _require_manage(actor, enterprise: Enterprise | None = None) -> None:
    """The office manages; on one firm, only a firm of its own region."""
    if actor is None:
        return
    if not permissions.can_manage(actor):
        raise PermissionDenied(_("Only the coordinating office manages the registry."))
    if (
        enterprise is not None
        and not permissions.enterprises_visible_to(actor).filter(pk=enterprise.pk).exists()
    ):
        raise PermissionDenied(_("This firm is not in your region's registry."))


# -- firms ------------------------------------------------------------------------------


@transaction.atomic
def enterprise_save(
    *,
    actor,
    credit_code: str,
    name: str,
    address: str = "",
    industry_code: str = "",
    aliases: list[str] | None = None,
    is_demo: bool = False,
    places: PlaceIndex | None = None,
) -> Enterprise:
    """Create a firm or update it by credit code; a new name keeps the old one as former."""
    _require_manage(actor)
    code = clean_credit_code(credit_code)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("The firm's name is empty."))
    places = places or PlaceIndex()
    firm = Enterprise.objects.filter(credit_code=code).first()
    if firm is None:
        place = places.attribute(code, address)
        firm = Enterprise.objects.create(
            credit_code=code,
            name=name,
            address=address,
            industry_code=industry_code,
            city_id=place.city_id,
            county_id=place.county_id,
            park_id=place.park_id,
            attribution=place.how,
            is_demo=is_demo,
        )
        audit(actor=actor, action=A.CREATE, obj=firm)
    else:
        before = snapshot(firm)
        if firm.name != name:
            EnterpriseName.objects.get_or_create(
                enterprise=firm, name=firm.name, defaults={"kind": EnterpriseName.Kind.FORMER}
            )
            firm.name = name
        firm.address = address or firm.address
        firm.industry_code = industry_code or firm.industry_code
        if firm.attribution != Enterprise.Attribution.MANUAL:
            place = places.attribute(code, firm.address)
            firm.city_id, firm.county_id, firm.park_id = (
                place.city_id,
                place.county_id,
                place.park_id,
            )
            firm.attribution = place.how
        firm.save()
        after = snapshot(firm)
        if before != after:
            audit(actor=actor, action=A.UPDATE, obj=firm, before=before, after=after)
    for alias in aliases or []:
        alias = alias.strip()
        if alias and alias != firm.name:
            EnterpriseName.objects.get_or_create(enterprise=firm, name=alias)
    return firm


@transaction.atomic
def enterprise_attribute(
    *, actor, enterprise: Enterprise, county: Region | None, park: Region | None
) -> Enterprise:
    """The office sets a firm's county and park by hand (kept over later imports)."""
    _require_manage(actor, enterprise)
    if county is not None and county.kind != Region.Kind.COUNTY:
        raise ValidationFailed(_("Choose a county or district."))
    if park is not None and park.kind != Region.Kind.PARK:
        raise ValidationFailed(_("Choose a park."))
    before = snapshot(enterprise)
    enterprise.county = county
    enterprise.park = park
    enterprise.city_id = (county or park).parent_id if (county or park) else enterprise.city_id
    enterprise.attribution = Enterprise.Attribution.MANUAL
    enterprise.save()
    audit(
        actor=actor,
        action=A.UPDATE,
        obj=enterprise,
        before=before,
        after=snapshot(enterprise),
        verb="attributed",
    )
    _refresh_figures()
    return enterprise


@transaction.atomic
def comment_add(*, actor, enterprise: Enterprise, text: str) -> Comment:
    if not permissions.can_comment(actor, enterprise):
        raise PermissionDenied(_("You may not comment on this firm."))
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(
            _("Write the comment first."), {"text": [_("This field is required.")]}
        )
    if len(text) > 2000:
        raise ValidationFailed(_("A comment holds at most 2,000 characters."))
    comment = Comment.objects.create(
        enterprise=enterprise,
        author=actor,
        author_unit_id=getattr(actor, "unit_id", None),
        text=text,
    )
    audit(actor=actor, action=A.CREATE, obj=comment)
    return comment


def _refresh_figures() -> None:
    """Recompute the registry's figures for every city, in the same transaction as the
    change, so the dashboard never shows figures the registry no longer supports."""
    from luoshi.indicators.services import computed_values_refresh

    for city in Region.objects.filter(kind=Region.Kind.CITY):
        computed_values_refresh(region=city)


# -- imports ----------------------------------------------------------------------------


def _keys_of(model, field: str, values) -> dict:
    """{value of `field`: primary key} for rows just inserted set-based (one query)."""
    return dict(
        model.objects.filter(**{f"{field}__among": values}).order_by().values_list(field, "pk")
    )


@gc_paused()
@transaction.atomic
def registry_import_preview(
    *, actor, kind: str, file_name: str, data: bytes, options: dict | None = None
) -> RegistryImport:
    """Read a list, match its rows and keep what committing it would do (nothing is changed
    in the registry). Raises ValidationFailed when the file cannot be read at all."""
    _require_manage(actor)
    if kind not in RegistryImport.Kind.values:
        raise ValidationFailed(_("Choose which list this is."))
    options = dict(options or {})
    rows = imports.parse_rows(kind, imports.read_table(data, file_name), options)
    matcher = selectors.FirmMatcher(rows)
    places = PlaceIndex()
    qkind = {
        "high_tech": Qualification.Kind.HIGH_TECH,
        "tech_sme": Qualification.Kind.TECH_SME,
    }.get(kind)
    existing = {}
    if qkind:
        numbers = {r.number for r in rows if r.number}
        years = {r.year for r in rows if r.year}
        qs = Qualification.objects.filter(kind=qkind)
        qs = (
            qs.filter(number__among=numbers)
            if qkind == Qualification.Kind.HIGH_TECH
            else qs.filter(year__in=years)
        )
        for q in qs.values(
            "pk", "enterprise_id", "number", "year", "issued_on", "batch", "revoked_on"
        ):
            key = (
                q["number"]
                if qkind == Qualification.Kind.HIGH_TECH
                else (q["enterprise_id"], q["year"])
            )
            existing[key] = q
    out = []
    seen_keys = set()
    matched_qualifications = set()
    for row in rows:
        item = {
            **vars(row),
            "status": "",
            "enterprise_id": None,
            "how": "",
            "suggestions": [],
            "changes": [],
            # the certificate it matched; where a new firm will count (city, county, park, how)
            "qualification_id": None,
            "place": None,
        }
        firm, item["how"] = matcher.match(row.credit_code, row.name)
        if firm:
            item["enterprise_id"] = firm["pk"]
            if firm["name"] != row.name and item["how"] == "code":
                item["changes"].append(
                    _("name: %(old)s → %(new)s") % {"old": firm["name"], "new": row.name}
                )
        if row.errors:
            item["status"] = "error"
        elif firm is None and not row.credit_code:
            item["suggestions"] = matcher.suggest(row.name)
            item["status"] = "ask" if item["suggestions"] else "error"
            if not item["suggestions"]:
                item["errors"].append(
                    _(
                        "No firm in the registry is called “%(name)s” and the row has no credit code: add the code."
                    )
                    % {"name": row.name}
                )
        if qkind and not item["status"]:
            key = (
                row.number
                if qkind == Qualification.Kind.HIGH_TECH
                else ((firm["pk"], row.year) if firm else None)
            )
            if key in seen_keys and key is not None:
                item["status"] = "error"
                item["errors"].append(_("The same firm or number appears twice in the list."))
            seen_keys.add(key)
            old = existing.get(key) if key is not None else None
            if old is not None and firm is not None and old["enterprise_id"] != firm["pk"]:
                item["status"] = "error"
                item["errors"].append(
                    _("Certificate %(number)s is held by another firm in the registry.")
                    % {"number": row.number}
                )
            elif old is not None:
                matched_qualifications.add(old["pk"])
                diffs = []
                if qkind == Qualification.Kind.HIGH_TECH:
                    if str(old["issued_on"] or "") != row.issued_on:
                        diffs.append(
                            _("issued: %(old)s → %(new)s")
                            % {"old": old["issued_on"], "new": row.issued_on}
                        )
                    if row.batch and old["batch"] != row.batch:
                        diffs.append(
                            _("batch: %(old)s → %(new)s") % {"old": old["batch"], "new": row.batch}
                        )
                elif old["number"] != row.number:
                    diffs.append(
                        _("number: %(old)s → %(new)s") % {"old": old["number"], "new": row.number}
                    )
                if old["revoked_on"]:
                    diffs.append(_("listed again after being withdrawn"))
                item["changes"] += diffs
                item["qualification_id"] = old["pk"]
                item["status"] = "changed" if item["changes"] else "matched"
            else:
                item["status"] = "new"
        elif not item["status"]:
            item["status"] = "changed" if item["changes"] else ("matched" if firm else "new")
        if firm is None and row.credit_code and item["status"] not in ("error", "ask"):
            # where the new firm will count, shown in the preview and applied by the commit
            place = places.attribute(row.credit_code, row.address)
            item["place"] = [place.city_id, place.county_id, place.park_id, place.how]
        out.append(item)
    withdrawn = []
    if qkind and options.get("complete"):
        scope = Qualification.objects.filter(kind=qkind, revoked_on__isnull=True)
        if qkind == Qualification.Kind.HIGH_TECH:
            batches = {r.batch for r in rows if r.batch}
            scope = (
                scope.filter(batch__in=batches)
                if batches
                else scope.filter(issued_on__in={r.issued_on for r in rows if r.issued_on})
            )
        else:
            scope = scope.filter(year__in={r.year for r in rows if r.year})
        withdrawn = [
            {"id": q["pk"], "name": q["enterprise__name"], "number": q["number"], "year": q["year"]}
            for q in scope.exclude(pk__among=matched_qualifications).values(
                "pk", "enterprise__name", "number", "year"
            )
        ]
    counts = Counter(item["status"] for item in out)
    summary = {
        "rows": len(out),
        "new": counts["new"],
        "matched": counts["matched"],
        "changed": counts["changed"],
        "ask": counts["ask"],
        "errors": counts["error"],
        "withdrawn": len(withdrawn),
    }
    batch = RegistryImport.objects.create(
        kind=kind,
        file_name=file_name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        options=options,
        summary=summary,
        created_by=actor_or_none(actor),
    )
    # by key, not instance: the two instances would hold each other and the plan (see
    # RegistryImport.plan)
    KeptPlan.objects.create(batch_id=batch.pk, plan={"rows": out, "withdrawn": withdrawn})
    return batch


@gc_paused()
@transaction.atomic
def registry_import_commit(
    *,
    actor,
    batch: RegistryImport,
    choices: dict[int, int | None] | None = None,
    is_demo: bool = False,
) -> dict:
    """Apply a previewed list all at once: new firms, new and changed qualifications,
    withdrawals. Refused, with nothing changed, while a row has an error or a fuzzy match
    is unconfirmed. `choices` maps a row's line to the firm a person confirmed (None: leave
    the row out). Re-committing the same list changes nothing."""
    _require_manage(actor)
    batch = RegistryImport.objects.select_for_update().get(pk=batch.pk)
    if batch.state != RegistryImport.State.PREVIEW:
        raise ValidationFailed(_("This list has already been imported."))
    choices = choices or {}
    if batch.summary["errors"]:  # counted by the preview from the kept rows
        raise ValidationFailed(
            _("%(n)s rows have errors; correct the file and upload it again. Nothing was imported.")
            % {"n": batch.summary["errors"]}
        )
    rows = batch.plan["rows"]
    asked = [r for r in rows if r["status"] == "ask"] if batch.summary["ask"] else []
    unanswered = [r["line"] for r in asked if r["line"] not in choices]
    if unanswered:
        raise ValidationFailed(
            _("Confirm or leave out the suggested firm on rows %(lines)s. Nothing was imported.")
            % {"lines": ", ".join(str(n) for n in unanswered[:20])}
        )
    allowed = {r["line"]: {s["id"] for s in r["suggestions"]} for r in asked}
    for line, chosen in choices.items():
        if line in allowed and chosen is not None and chosen not in allowed[line]:
            raise ValidationFailed(
                _("Row %(line)s: choose one of the suggested firms.") % {"line": line}
            )
    places = None  # read only for a plan kept before previews placed the new firms
    kind = batch.kind
    qkind = {
        "high_tech": Qualification.Kind.HIGH_TECH,
        "tech_sme": Qualification.Kind.TECH_SME,
    }.get(kind)
    # 1. firms: new ones written set-based and audited likewise, renamed ones updated
    new_firms = {}
    for r in rows:
        if r["status"] == "ask":
            r["enterprise_id"] = choices.get(r["line"])
        if r["enterprise_id"] is None and r["status"] != "ask" and r["credit_code"]:
            if r["credit_code"] not in new_firms:
                place = r.get("place")
                if place is None:
                    places = places or PlaceIndex()
                    found = places.attribute(r["credit_code"], r["address"])
                    place = [found.city_id, found.county_id, found.park_id, found.how]
                new_firms[r["credit_code"]] = {
                    "credit_code": r["credit_code"],
                    "name": r["name"],
                    "address": r["address"],
                    "industry_code": r["industry_code"],
                    "city_id": place[0],
                    "county_id": place[1],
                    "park_id": place[2],
                    "attribution": place[3],
                    "is_demo": is_demo,
                }
    created = list(new_firms.values())
    insert_rows(Enterprise, created)
    # Each new firm's event points at the kept list, which holds its row and values.
    audit_created(
        actor=actor,
        queryset=Enterprise.objects.filter(credit_code__among=new_firms.keys()),
        verb="imported",
        describe="name",
        source={"import": batch.pk},
    )
    # The new firms' keys, for their certificates or registrations.
    ids = _keys_of(Enterprise, "credit_code", new_firms.keys()) if qkind and new_firms else {}
    renamed = 0
    for r in rows:
        if r["enterprise_id"] is None and r["credit_code"] in ids:
            r["enterprise_id"] = ids[r["credit_code"]]
        elif r["enterprise_id"] and r["how"] == "code" and r["changes"]:
            firm = Enterprise.objects.get(pk=r["enterprise_id"])
            if firm.name != r["name"]:
                before = snapshot(firm)
                EnterpriseName.objects.get_or_create(
                    enterprise=firm, name=firm.name, defaults={"kind": EnterpriseName.Kind.FORMER}
                )
                firm.name = r["name"]
                firm.save(update_fields=["name", "updated_at"])
                audit(
                    actor=actor,
                    action=A.UPDATE,
                    obj=firm,
                    before=before,
                    after=snapshot(firm),
                    verb="renamed by import",
                )
                renamed += 1
    # 2. qualifications
    added, changed, withdrawn = [], 0, 0
    if qkind:
        previous = {}
        if qkind == Qualification.Kind.HIGH_TECH:
            for q in Qualification.objects.filter(
                kind=qkind,
                enterprise_id__among=[r["enterprise_id"] for r in rows if r["enterprise_id"]],
            ).order_by("issued_on"):
                previous[q.enterprise_id] = q
        for r in rows:
            if r["enterprise_id"] is None or r["status"] == "error":
                continue
            if r.get("qualification_id"):
                if r["status"] != "changed":
                    continue
                q = Qualification.objects.get(pk=r["qualification_id"])
                before = snapshot(q)
                if qkind == Qualification.Kind.HIGH_TECH:
                    q.issued_on = dt.date.fromisoformat(r["issued_on"])
                    q.valid_until = Qualification.high_tech_end(q.issued_on)
                    q.batch = r["batch"] or q.batch
                else:
                    q.number = r["number"]
                q.revoked_on = None
                q.source = batch
                q.save()
                audit(
                    actor=actor,
                    action=A.UPDATE,
                    obj=q,
                    before=before,
                    after=snapshot(q),
                    verb="changed by import",
                )
                changed += 1
                continue
            fields = {
                "enterprise_id": r["enterprise_id"],
                "kind": qkind,
                "number": r["number"],
                "source_id": batch.pk,
                "is_demo": is_demo,
            }
            if qkind == Qualification.Kind.HIGH_TECH:
                issued = dt.date.fromisoformat(r["issued_on"])
                prior = previous.get(r["enterprise_id"])
                fields |= {
                    "issued_on": issued,
                    "valid_until": Qualification.high_tech_end(issued),
                    "batch": r["batch"],
                    "renewal_of_id": prior.pk if prior and prior.issued_on < issued else None,
                }
            else:
                fields["year"] = r["year"]
            added.append(fields)
        insert_rows(Qualification, added)
        audit_created(
            actor=actor,
            queryset=Qualification.objects.filter(source=batch).exclude(
                pk__among=[r["qualification_id"] for r in rows if r.get("qualification_id")]
            ),
            verb="imported",
            describe=Concat(Value(f"{str(qkind.label)} "), "number"),
            source={"import": batch.pk, "number": F("number"), "year": F("year")},
        )
        gone = [w["id"] for w in batch.plan.get("withdrawn", [])]
        if gone:
            today = timezone.localdate()
            for q in Qualification.objects.filter(pk__among=gone, revoked_on__isnull=True):
                before = snapshot(q)
                q.revoked_on = today
                q.save(update_fields=["revoked_on"])
                audit(
                    actor=actor,
                    action=A.UPDATE,
                    obj=q,
                    before=before,
                    after=snapshot(q),
                    verb="withdrawn by import",
                )
                withdrawn += 1
    summary = {
        **batch.summary,
        "firms_created": len(created),
        "firms_renamed": renamed,
        "qualifications_added": len(added),
        "qualifications_changed": changed,
        "qualifications_withdrawn": withdrawn,
        "left_out": sum(1 for r in asked if r["enterprise_id"] is None),
    }
    batch.state = RegistryImport.State.COMMITTED
    batch.committed_at = timezone.now()
    batch.summary = summary
    batch.save(update_fields=["state", "committed_at", "summary"])
    audit(actor=actor, action=A.ACTION, obj=batch, verb="list imported", extra=summary)
    if created or added or changed or withdrawn:
        _refresh_figures()
    return summary


# -- the cultivation pool ----------------------------------------------------------------


@transaction.atomic
def candidate_add(
    *,
    actor,
    enterprise: Enterprise,
    year: int,
    reason: str = "",
    renewal: bool = False,
    is_demo: bool = False,
) -> Candidate:
    _require_manage(actor, enterprise)
    if Candidate.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationFailed(_("This firm is already in the %(year)s pool.") % {"year": year})
    candidate = Candidate.objects.create(
        enterprise=enterprise, year=year, reason=reason[:200], renewal=renewal, is_demo=is_demo
    )
    audit(actor=actor, action=A.CREATE, obj=candidate)
    return candidate


@transaction.atomic
def candidate_move(*, actor, candidate: Candidate, stage: str, note: str = "") -> Candidate:
    _require_manage(actor, candidate.enterprise)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if stage not in Candidate.TRANSITIONS.get(candidate.stage, set()):
        raise ValidationFailed(
            _("A candidate cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": candidate.get_stage_display(),
                "new": Candidate.Stage(stage).label if stage in Candidate.Stage.values else stage,
            }
        )
    before = snapshot(candidate)
    candidate.stage = stage
    if note:
        candidate.note = note[:2000]
    candidate.save()
    audit(
        actor=actor,
        action=A.UPDATE,
        obj=candidate,
        before=before,
        after=snapshot(candidate),
        verb="stage",
    )
    return candidate
