"""Who may do what with innovation platforms: the registry's rules (luoshi.enterprises.permissions) — the
office imports; leaders read all of their region; a county or park reads the platforms whose
host is attributed to it; other units see none."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, role_of
from luoshi.enterprises import permissions as registry
from luoshi.platforms.models import Platform


def can_view(user) -> bool:
    return registry.can_view_registry(user)


def can_manage(user) -> bool:
    return registry.can_manage(user)


def platforms_visible_to(user) -> QuerySet[Platform]:
    if not can_view(user):
        return Platform.objects.none()
    if role_of(user) == Role.ADMIN:
        return Platform.objects.all()
    places = list(registry.places_visible_to(user).values_list("pk", flat=True))
    return Platform.objects.filter(
        Q(city_id__in=places) | Q(county_id__in=places) | Q(park_id__in=places)
    )


def get_platform_for_user(user, pk: int) -> Platform:
    """The platform, or 404 alike for missing and not visible."""
    found = platforms_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
