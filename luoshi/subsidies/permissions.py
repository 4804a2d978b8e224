"""Who may do what in a post-subsidy round.

- The coordinating office (and an administrator) runs rounds: rules, expenses, review,
  notice, objections, payment list, payment.
- Leaders read every line of their region and download the payment list.
- A county/district or park (its reporters and approvers) reads the lines of the firms
  attributed to it, and passes on a firm's objection during the notice.
- Other units see no line.
Which firms a person sees is the registry's answer (luoshi.enterprises.permissions).
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability
from luoshi.enterprises import permissions as registry
from luoshi.subsidies.models import Line, Objection, Round

VIEW = "view_subsidy"
MANAGE = "manage_subsidy"
OBJECT = "raise_objection"
EXPORT = "export_payment_list"

CAPABILITIES = {
    Role.ADMIN: {VIEW, MANAGE, OBJECT, EXPORT},
    Role.COORDINATOR: {VIEW, MANAGE, OBJECT, EXPORT},
    Role.LEADER: {VIEW, EXPORT},
    Role.APPROVER: {VIEW, OBJECT},
    Role.REPORTER: {VIEW, OBJECT},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def can_view(user) -> bool:
    return _has(user, VIEW) and registry.can_view_registry(user)


def can_manage(user) -> bool:
    return _has(user, MANAGE)


def can_export(user) -> bool:
    return _has(user, EXPORT) and registry.can_view_registry(user)


def may_object(user) -> bool:
    """Whether the person's role passes on objections at all (the round and line decide)."""
    return _has(user, OBJECT)


def lines_visible_to(user) -> QuerySet[Line]:
    if not can_view(user):
        return Line.objects.none()
    return Line.objects.filter(enterprise__in=registry.enterprises_visible_to(user))


def rounds_visible_to(user) -> QuerySet[Round]:
    return Round.objects.all() if can_view(user) else Round.objects.none()


def get_round_for_user(user, pk: int) -> Round:
    found = rounds_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def get_line_for_user(user, pk: int) -> Line:
    found = lines_visible_to(user).select_related("round", "enterprise").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def can_object(user, line: Line) -> bool:
    return (
        _has(user, OBJECT)
        and line.round.state == Round.State.PUBLICISED
        and lines_visible_to(user).filter(pk=line.pk).exists()
    )


def can_answer(user, objection: Objection) -> bool:
    return can_manage(user) and objection.state == Objection.State.OPEN
