"""Writes on the expert and laboratory databases, and the audited expert draw."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.experts import draw as drawing
from luoshi.experts import permissions
from luoshi.experts.models import Draw, Expert, Lab, Relation
from luoshi.organisations import places, search


def _require(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def _place(region, region_name: str, organisation=None) -> tuple:
    """(region, place name): a chosen region wins; else a typed name that names one of our
    places finds it; else the organisation's county or park; a place that is not ours
    (Tongnan) keeps its name and no region."""
    region_name = (region_name or "").strip()[:60]
    if region is None and region_name:
        from luoshi.org.models import Region

        pk = places.region_named_in(
            region_name,
            places.attributable_places().values_list("pk", "name", "short_name", "kind"),
        )
        region = Region.objects.get(pk=pk) if pk else None
    if region is None and not region_name and organisation is not None:
        region = organisation.region
    if region is not None:
        region_name = region.name
    return region, region_name


def _expert_values(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    if not (data.get("name") or "").strip():
        errors["name"] = [_("Required.")]
    code = (data.get("field_code") or "").strip()
    if not code or len(code) > 16 or not all(c.isdigit() or c == "." for c in code):
        errors["field_code"] = [_("A discipline code such as 430.25.")]
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            errors["email"] = [_("Not an e-mail address.")]
    if errors:
        raise ValidationFailed(_("Check the expert's details."), errors=errors)
    organisation = data.get("organisation")
    region, region_name = _place(data.get("region"), data.get("region_name"), organisation)
    employer = (data.get("employer") or "").strip() or (organisation.name if organisation else "")
    values = {
        "name": data["name"].strip()[:60],
        "field_code": code,
        "field_name": (data.get("field_name") or "").strip()[:100],
        "title": (data.get("title") or "").strip()[:60],
        "organisation": organisation,
        "employer": employer[:200],
        "region": region,
        "region_name": region_name,
        "phone": (data.get("phone") or "").strip()[:30],
        "email": email,
        "expertise": (data.get("expertise") or "").strip(),
    }
    values["search_text"] = search.index_text(
        values["name"],
        values["field_name"],
        values["title"],
        values["employer"],
        values["expertise"],
        region_name,
    )
    return values


EXPERT_FIELDS = (
    "name",
    "field_code",
    "field_name",
    "title",
    "organisation",
    "employer",
    "region",
    "region_name",
    "phone",
    "email",
    "expertise",
)


@transaction.atomic
def expert_add(*, actor, relations: Iterable = (), is_demo: bool = False, **fields) -> Expert:
    """Enter an expert (fields as EXPERT_FIELDS); `relations` are organisations the expert
    declared a relation with."""
    _require(actor, permissions.can_manage(actor), _("You may not change the expert database."))
    _known(fields, EXPERT_FIELDS)
    expert = Expert.objects.create(is_demo=is_demo, **_expert_values(fields))
    audit(actor=actor, action="create", obj=expert)
    for organisation_related in relations:
        relation = Relation.objects.create(expert=expert, organisation=organisation_related)
        audit(actor=actor, action="create", obj=relation)
    return expert


@transaction.atomic
def expert_update(*, actor, expert: Expert, is_active: bool | None = None, **fields) -> Expert:
    """Change an expert's record; fields left out keep their value."""
    _require(actor, permissions.can_manage(actor), _("You may not change the expert database."))
    _known(fields, EXPERT_FIELDS)
    expert = Expert.objects.select_for_update().get(pk=expert.pk)
    before = snapshot(expert)
    current = {name: getattr(expert, name) for name in EXPERT_FIELDS}
    if "region" in fields and fields["region"] is None and "region_name" not in fields:
        current["region_name"] = ""
    if "region" not in fields and "region_name" in fields:
        current["region"] = None
    for name, value in _expert_values({**current, **fields}).items():
        setattr(expert, name, value)
    if is_active is not None:
        expert.is_active = is_active
    expert.save()
    audit(actor=actor, action="update", obj=expert, before=before, after=snapshot(expert))
    return expert


def _known(fields: dict, allowed: tuple) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )


@transaction.atomic
def relation_declare(
    *, actor, expert: Expert, organisation=None, related_expert: Expert | None = None, note=""
) -> Relation:
    """Record that `expert` declared a relation with an organisation (not drawn for its
    reviews) or with another expert (never on one panel with them). Declaring it again
    keeps the first record."""
    _require(actor, permissions.can_manage(actor), _("You may not change the expert database."))
    if (organisation is None) == (related_expert is None):
        raise ValidationFailed(
            _("Name either an organisation or another expert."),
            errors={"organisation": [_("One of the two.")]},
        )
    if related_expert is not None and related_expert.pk == expert.pk:
        raise ValidationFailed(
            _("An expert cannot declare a relation with themselves."),
            errors={"related_expert": [_("Another expert.")]},
        )
    if related_expert is not None:
        existing = (
            Relation.objects.filter(expert=related_expert, related_expert=expert).first()
            or Relation.objects.filter(expert=expert, related_expert=related_expert).first()
        )
        if existing:
            return existing
        relation = Relation.objects.create(
            expert=expert, related_expert=related_expert, note=(note or "").strip()[:200]
        )
    else:
        relation, created = Relation.objects.get_or_create(
            expert=expert, organisation=organisation, defaults={"note": (note or "").strip()[:200]}
        )
        if not created:
            return relation
    audit(actor=actor, action="create", obj=relation, verb="declare")
    return relation


@transaction.atomic
def relation_withdraw(*, actor, relation: Relation) -> None:
    _require(actor, permissions.can_manage(actor), _("You may not change the expert database."))
    audit(actor=actor, action="delete", obj=relation, before=snapshot(relation), verb="withdraw")
    relation.delete()


LAB_FIELDS = (
    "name",
    "region",
    "region_name",
    "accreditations",
    "scope",
    "equipment",
    "organisation",
    "contact",
)


def _lab_values(data: dict) -> dict:
    accreditations = list(data.get("accreditations") or [])
    errors: dict[str, list[str]] = {}
    if set(accreditations) - set(Lab.Accreditation.values):
        errors["accreditations"] = [_("Unknown accreditation.")]
    if not (data.get("name") or "").strip():
        errors["name"] = [_("Required.")]
    if data.get("region") is None and not (data.get("region_name") or "").strip():
        errors["region_name"] = [
            _("Choose the county or park, or name the place outside the city.")
        ]
    if errors:
        raise ValidationFailed(_("Check the laboratory's details."), errors=errors)
    region, region_name = _place(data.get("region"), data.get("region_name"))
    values = {
        "name": data["name"].strip()[:200],
        "region": region,
        "region_name": region_name,
        "accreditations": accreditations,
        "scope": (data.get("scope") or "").strip(),
        "equipment": (data.get("equipment") or "").strip(),
        "organisation": data.get("organisation"),
        "contact": (data.get("contact") or "").strip()[:100],
    }
    values["search_text"] = search.index_text(
        values["name"], region_name, " ".join(accreditations), values["scope"], values["equipment"]
    )
    return values


@transaction.atomic
def lab_add(*, actor, is_demo: bool = False, **fields) -> Lab:
    _require(actor, permissions.can_manage(actor), _("You may not change the laboratory database."))
    _known(fields, LAB_FIELDS)
    lab = Lab.objects.create(is_demo=is_demo, **_lab_values(fields))
    audit(actor=actor, action="create", obj=lab)
    return lab


@transaction.atomic
def lab_update(*, actor, lab: Lab, **fields) -> Lab:
    _require(actor, permissions.can_manage(actor), _("You may not change the laboratory database."))
    _known(fields, LAB_FIELDS)
    lab = Lab.objects.select_for_update().get(pk=lab.pk)
    before = snapshot(lab)
    current = {name: getattr(lab, name) for name in LAB_FIELDS}
    if "region" not in fields and "region_name" in fields:
        current["region"] = None
    for name, value in _lab_values({**current, **fields}).items():
        setattr(lab, name, value)
    lab.save()
    audit(actor=actor, action="update", obj=lab, before=before, after=snapshot(lab))
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
    # Each expert's relations were loaded with the pool: no query per expert.
    candidates: list[int] = []
    excluded: dict[str, str] = {}
    for expert in pool:
        if expert.organisation_id in org_ids:
            excluded[str(expert.pk)] = "same_organisation"
        elif any(
            r.organisation_id is not None and r.organisation_id in org_ids
            for r in expert.relations.all()
        ):
            excluded[str(expert.pk)] = "declared_relation"
        elif expert.pk in manual:
            excluded[str(expert.pk)] = "withdrawn"
        else:
            candidates.append(expert.pk)
    eligible = set(candidates)
    pairs = sorted(
        {
            tuple(sorted((e.pk, r.related_expert_id)))
            for e in pool
            for r in e.relations.all()
            if e.pk in eligible and r.related_expert_id in eligible
        }
    )
    seed = seed or secrets.token_hex(16)
    chosen = drawing.choose(seed=seed, candidates=candidates, count=count, pairs=pairs)
    if len(chosen) < count:
        raise ValidationFailed(
            _(
                "Only %(n)s experts are eligible for this review; draw fewer or widen the disciplines."
            )
            % {"n": len(chosen)},
            errors={"count": [_("Too many.")]},
        )
    record = Draw.objects.create(
        review_label=review_label.strip()[:200],
        field_codes=codes,
        count=count,
        exclude_organisation_ids=org_ids,
        seed=seed,
        candidates=candidates,
        excluded=excluded,
        conflict_pairs=[list(p) for p in pairs],
        chosen=chosen,
        drawn_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=record, verb="draw")
    return record


def draw_verify(draw: Draw) -> bool:
    """The recorded experts are the ones the seed and the candidates give."""
    return drawing.choose(
        seed=draw.seed,
        candidates=list(draw.candidates),
        count=draw.count,
        pairs=draw.conflict_pairs or (),
    ) == list(draw.chosen)
