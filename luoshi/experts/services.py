"""Writes on the expert and laboratory databases, and the audited expert draw."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.experts import draw as drawing
from luoshi.experts import permissions
from luoshi.experts.models import Draw, Expert, Lab, Relation
from luoshi.organisations import search


def _require(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def expert_add(
    *,
    actor,
    name: str,
    field_code: str,
    field_name: str,
    title: str = "",
    organisation=None,
    employer: str = "",
    region_name: str = "",
    phone: str = "",
    email: str = "",
    expertise: str = "",
    relations: Iterable = (),
    is_demo: bool = False,
) -> Expert:
    _require(actor, permissions.can_manage(actor), _("You may not change the expert database."))
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Required.")]
    code = (field_code or "").strip()
    if not code or len(code) > 16 or not all(c.isdigit() or c == "." for c in code):
        errors["field_code"] = [_("A discipline code such as 430.25.")]
    if errors:
        raise ValidationFailed(_("Check the expert's details."), errors=errors)
    employer = employer or (organisation.name if organisation else "")
    expert = Expert.objects.create(
        name=name.strip()[:60],
        field_code=code,
        field_name=(field_name or "").strip()[:100],
        title=(title or "")[:60],
        organisation=organisation,
        employer=employer[:200],
        region_name=(region_name or "")[:60],
        phone=(phone or "")[:30],
        email=email or "",
        expertise=expertise or "",
        is_demo=is_demo,
        search_text=search.index_text(name, field_name, title, employer, expertise, region_name),
    )
    audit(actor=actor, action="create", obj=expert)
    for organisation_related in relations:
        relation = Relation.objects.create(expert=expert, organisation=organisation_related)
        audit(actor=actor, action="create", obj=relation)
    return expert


@transaction.atomic
def relation_declare(*, actor, expert: Expert, organisation, note: str = "") -> Relation:
    _require(actor, permissions.can_manage(actor), _("You may not change the expert database."))
    relation, created = Relation.objects.get_or_create(
        expert=expert, organisation=organisation, defaults={"note": (note or "")[:200]}
    )
    if created:
        audit(actor=actor, action="create", obj=relation)
    return relation


@transaction.atomic
def lab_add(
    *,
    actor,
    name: str,
    region_name: str,
    accreditations: list[str] = (),
    scope: str = "",
    equipment: str = "",
    organisation=None,
    contact: str = "",
    is_demo: bool = False,
) -> Lab:
    _require(actor, permissions.can_manage(actor), _("You may not change the laboratory database."))
    accreditations = list(accreditations)
    if set(accreditations) - set(Lab.Accreditation.values):
        raise ValidationFailed(
            _("Unknown accreditation."), errors={"accreditations": [_("Unknown.")]}
        )
    if not (name or "").strip() or not (region_name or "").strip():
        raise ValidationFailed(_("Name and place are required."), errors={"name": [_("Required.")]})
    lab = Lab.objects.create(
        name=name.strip()[:200],
        region_name=region_name.strip()[:60],
        accreditations=accreditations,
        scope=scope or "",
        equipment=equipment or "",
        organisation=organisation,
        contact=(contact or "")[:100],
        is_demo=is_demo,
        search_text=search.index_text(
            name, region_name, " ".join(accreditations), scope, equipment
        ),
    )
    audit(actor=actor, action="create", obj=lab)
    return lab


def _matches(code: str, prefixes: list[str]) -> bool:
    return any(
        code == p or code.startswith(p.rstrip(".") + ".") or code.startswith(p) for p in prefixes
    )


@transaction.atomic
def draw_experts(
    *,
    actor,
    review_label: str,
    field_codes: list[str],
    count: int,
    exclude_organisation_ids: Iterable[int] = (),
    exclude_expert_ids: Iterable[int] = (),
    seed: str | None = None,
    is_demo: bool = False,
) -> Draw:
    """Draw `count` experts at random among the active experts of the discipline codes (a
    code matches itself and the codes under it), excluding those of the organisations under
    review and those who declared a relation with one. The record keeps the seed, the
    candidates and the reasons for each exclusion; `draw_verify` re-runs it."""
    _require(actor, permissions.can_draw(actor), _("You may not draw experts."))
    codes = [c.strip() for c in field_codes if c and c.strip()]
    if not (review_label or "").strip():
        raise ValidationFailed(_("Name the review."), errors={"review_label": [_("Required.")]})
    if not codes:
        raise ValidationFailed(
            _("Give at least one discipline code."), errors={"field_codes": [_("Required.")]}
        )
    if count < 1 or count > 50:
        raise ValidationFailed(
            _("Draw between 1 and 50 experts."), errors={"count": [_("1 to 50.")]}
        )
    org_ids = sorted({int(i) for i in exclude_organisation_ids})
    manual = {int(i) for i in exclude_expert_ids}
    pool = [
        e
        for e in Expert.objects.filter(is_active=True).order_by("pk").prefetch_related("relations")
        if _matches(e.field_code, codes)
    ]
    candidates: list[int] = []
    excluded: dict[str, str] = {}
    for expert in pool:
        if expert.organisation_id in org_ids:
            excluded[str(expert.pk)] = "same_organisation"
        elif any(r.organisation_id in org_ids for r in expert.relations.all()):
            excluded[str(expert.pk)] = "declared_relation"
        elif expert.pk in manual:
            excluded[str(expert.pk)] = "withdrawn"
        else:
            candidates.append(expert.pk)
    if len(candidates) < count:
        raise ValidationFailed(
            _(
                "Only %(n)s experts are eligible for this review; draw fewer or widen the disciplines."
            )
            % {"n": len(candidates)},
            errors={"count": [_("Too many.")]},
        )
    seed = seed or secrets.token_hex(16)
    record = Draw.objects.create(
        review_label=review_label.strip()[:200],
        field_codes=codes,
        count=count,
        exclude_organisation_ids=org_ids,
        seed=seed,
        candidates=candidates,
        excluded=excluded,
        chosen=drawing.choose(seed=seed, candidates=candidates, count=count),
        drawn_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=record, verb="draw")
    return record


def draw_verify(draw: Draw) -> bool:
    """The recorded experts are the ones the seed and the candidates give."""
    return drawing.choose(
        seed=draw.seed, candidates=list(draw.candidates), count=draw.count
    ) == list(draw.chosen)
