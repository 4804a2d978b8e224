"""The units that run a programme (settings.LUOSHI_PROGRAMME_OFFICES: finance, projects,
talent) and the city they serve: one rule for the three programmes' permission modules."""

from __future__ import annotations

from django.conf import settings

from luoshi.core.roles import Role, role_of
from luoshi.org.models import Unit


def codes(programme: str) -> list[str]:
    return list(settings.LUOSHI_PROGRAMME_OFFICES[programme])


def in_office(user, programme: str) -> bool:
    """An administrator, or a person of one of the programme's office units."""
    if role_of(user) == Role.ADMIN:
        return True
    unit = getattr(user, "unit", None)
    return unit is not None and unit.code in codes(programme)


def serves_city_of(user, programme: str, roles) -> bool:
    """A person in one of `roles` whose unit lies in a city where the programme has an office
    (a leader of that city, not of another)."""
    unit = getattr(user, "unit", None)
    if role_of(user) not in roles or unit is None:
        return False
    return Unit.objects.filter(code__in=codes(programme), region_id=unit.region_id).exists()
