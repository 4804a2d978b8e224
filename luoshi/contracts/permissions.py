"""Who may do what with technology contracts: the registry's rules (luoshi.enterprises.
permissions) — the office imports; leaders read all of their region; a county or park reads
the contracts whose seller or buyer is attributed to it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.contracts.models import Contract
from luoshi.core.roles import Role, role_of
from luoshi.enterprises import permissions as registry


def can_view(user) -> bool:
    return registry.can_view_registry(user)


def can_manage(user) -> bool:
    return registry.can_manage(user)


def contracts_visible_to(user) -> QuerySet[Contract]:
    if not can_view(user):
        return Contract.objects.none()
    if role_of(user) == Role.ADMIN:
        return Contract.objects.all()
    places = list(registry.places_visible_to(user).values_list("pk", flat=True))
    q = Q()
    for side in ("seller", "buyer"):
        q |= (
            Q(**{f"{side}_city_id__in": places})
            | Q(**{f"{side}_county_id__in": places})
            | Q(**{f"{side}_park_id__in": places})
        )
    return Contract.objects.filter(q)
