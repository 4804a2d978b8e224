"""Reads for the expert and laboratory databases and the draw records."""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.experts import permissions
from luoshi.experts.models import Draw, Expert, Lab, Relation
from luoshi.organisations import search


def experts(*, viewer, q: str = "", field_code: str = "") -> QuerySet[Expert]:
    rows = permissions.experts_visible_to(viewer).select_related("organisation", "region")
    if q:
        rows = search.filter_terms(rows, q)
    if field_code:
        rows = rows.filter(field_code__startswith=field_code)
    return rows.order_by("field_code", "name", "pk")


def labs(*, viewer, q: str = "", accreditation: str = "", place: str = "") -> QuerySet[Lab]:
    rows = permissions.labs_visible_to(viewer).select_related("organisation", "region")
    if q:
        rows = search.filter_terms(rows, q)
    if accreditation:
        rows = rows.filter(search_text__contains=accreditation.lower())
    if place:
        rows = rows.filter(region_name__contains=place)
    return rows.order_by("region_name", "name", "pk")


def draw_page(*, viewer, draw: Draw) -> dict:
    ids = [int(i) for i in draw.chosen] + [int(i) for i in draw.excluded]
    by_id = {e.pk: e for e in Expert.objects.filter(pk__in=ids).select_related("organisation")}
    return {
        "draw": draw,
        "chosen": [by_id.get(int(i)) for i in draw.chosen],
        "excluded": [(by_id.get(int(i)), reason) for i, reason in draw.excluded.items()],
    }


def draws(*, viewer) -> QuerySet[Draw]:
    return permissions.draws_visible_to(viewer).select_related("drawn_by")


def expert_relations(*, expert: Expert) -> list[Relation]:
    """An expert's declared relations, both those it declared and those declared towards it
    by another expert (a relation between two experts binds both)."""
    own = Relation.objects.filter(expert=expert).select_related("organisation", "related_expert")
    towards = Relation.objects.filter(related_expert=expert).select_related("expert")
    return [*own.order_by("pk"), *towards.order_by("pk")]


def panel_peers(*, expert: Expert) -> QuerySet[Expert]:
    """Experts who could sit on a panel with this one (same discipline group, the first three
    digits of the code): the choices for a relation between experts."""
    return (
        Expert.objects.filter(field_code__startswith=expert.field_code[:3])
        .exclude(pk=expert.pk)
        .order_by("name", "pk")
    )


def relation_of(*, expert: Expert, pk) -> Relation:
    """One of the expert's relations (declared by it or towards it), else 404."""
    from django.db.models import Q

    from luoshi.core.errors import NotFound

    try:
        return Relation.objects.get(Q(expert=expert) | Q(related_expert=expert), pk=pk)
    except (Relation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
