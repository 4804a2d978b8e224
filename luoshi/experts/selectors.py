"""Reads for the expert and laboratory databases and the draw records."""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.experts import permissions
from luoshi.experts.models import Draw, Expert, Lab
from luoshi.organisations import search


def experts(*, viewer, q: str = "", field_code: str = "") -> QuerySet[Expert]:
    rows = permissions.experts_visible_to(viewer).select_related("organisation")
    if q:
        rows = search.filter_terms(rows, q)
    if field_code:
        rows = rows.filter(field_code__startswith=field_code)
    return rows.order_by("field_code", "name", "pk")


def labs(*, viewer, q: str = "", accreditation: str = "", place: str = "") -> QuerySet[Lab]:
    rows = permissions.labs_visible_to(viewer).select_related("organisation")
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
