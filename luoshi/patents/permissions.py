"""Who may do what with patents: the registry's rules (luoshi.enterprises.permissions) — the
office imports; leaders read all of their region; a county or park reads the patents whose
holder is attributed to it; other units see none."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, role_of
from luoshi.enterprises import permissions as registry
from luoshi.patents.models import Patent


def can_view(user) -> bool:
    return registry.can_view_registry(user)


def can_manage(user) -> bool:
    return registry.can_manage(user)


def patents_visible_to(user) -> QuerySet[Patent]:
    if not can_view(user):
        return Patent.objects.none()
    if role_of(user) == Role.ADMIN:
        return Patent.objects.all()
    places = list(registry.places_visible_to(user).values_list("pk", flat=True))
    return Patent.objects.filter(
        Q(city_id__in=places) | Q(county_id__in=places) | Q(park_id__in=places)
    )


def get_patent_for_user(user, pk: int) -> Patent:
    """The patent, or 404 alike for missing and not visible."""
    found = patents_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
