"""Who may do what in the enterprise registry.

- The coordinating office (and an administrator) manages the registry: imports lists,
  corrects firms and their attribution, keeps the cultivation pool, runs subsidy rounds.
- Leaders read every firm of their region and write nothing.
- A county/district government or a park committee (its reporters and approvers) reads the
  firms attributed to its own place and comments on them.
- Other units see no firm.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability, role_of
from luoshi.enterprises.models import Enterprise
from luoshi.org.models import Region
from luoshi.org.scope import scope_of

VIEW = "view_registry"
MANAGE = "manage_registry"
COMMENT = "comment_registry"
EXPORT = "export_registry"

CAPABILITIES = {
    Role.ADMIN: {VIEW, MANAGE, COMMENT, EXPORT},
    Role.COORDINATOR: {VIEW, MANAGE, COMMENT, EXPORT},
    Role.LEADER: {VIEW, EXPORT},
    Role.APPROVER: {VIEW, COMMENT, EXPORT},
    Role.REPORTER: {VIEW, COMMENT, EXPORT},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def own_place_id(user) -> int | None:
    """The county or park a county/park unit's person works for (None otherwise)."""
    if role_of(user) not in (Role.REPORTER, Role.APPROVER):
        return None
    scope_of(user)  # keeps the unit on the user, read once per request
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    if unit is None or unit.place_id is None:
        return None
    if unit.kind not in ("county", "park"):
        return None
    return unit.place_id


def _region_q(user) -> Q | None:
    """The firms a person reads, as a filter; None for none at all."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Q()
    if role in (Role.COORDINATOR, Role.LEADER):
        scope = scope_of(user)
        if scope.everything:
            return Q()
        within = sorted(scope.within)
        return Q(city_id__in=within) | Q(county_id__in=within) | Q(park_id__in=within)
    place = own_place_id(user)
    if place is None:
        return None
    return Q(county_id=place) | Q(park_id=place)


def can_view_registry(user) -> bool:
    return _has(user, VIEW) and _region_q(user) is not None


def can_manage(user) -> bool:
    return _has(user, MANAGE)


def can_export(user) -> bool:
    return _has(user, EXPORT) and _region_q(user) is not None


def can_comment(user, enterprise: Enterprise) -> bool:
    if not _has(user, COMMENT):
        return False
    return enterprises_visible_to(user).filter(pk=enterprise.pk).exists()


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    q = _region_q(user) if _has(user, VIEW) else None
    if q is None:
        return Enterprise.objects.none()
    return Enterprise.objects.filter(q)


def get_enterprise_for_user(user, pk: int) -> Enterprise:
    """The firm, or 404 alike for missing and not visible."""
    found = enterprises_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def places_visible_to(user) -> QuerySet[Region]:
    """The places (city, counties, parks) whose figures and lists the person reads."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Region.objects.filter(kind__in=["city", "county", "park"])
    if role in (Role.COORDINATOR, Role.LEADER):
        scope = scope_of(user)
        qs = Region.objects.filter(kind__in=["city", "county", "park"])
        return qs if scope.everything else qs.filter(pk__in=scope.within)
    place = own_place_id(user)
    if place is None:
        return Region.objects.none()
    return Region.objects.filter(pk=place)
