"""Who may do what with the talent card.

- The talent office (coordinators of settings.LUOSHI_PROGRAMME_OFFICES["talent"], 市委人才办 by
  default) and administrators set the categories and service kinds, review applications,
  issue, renew and revoke cards, read every request and the statistics.
- City leaders read the statistics and every card.
- A verified organisation's people apply for their employees, read their own applications and
  cards, file service requests for their card holders and rate the answers.
- The people (reporters and approvers) of a responsible unit read and answer the requests
  routed to their unit.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability
from luoshi.org import programme_offices
from luoshi.organisations.models import Organisation
from luoshi.organisations.selectors import organisation_of
from luoshi.talent.models import Application, Card, Category, ServiceKind, ServiceRequest

VIEW = "view_talent"
MANAGE = "manage_talent"
STATS = "talent_statistics"
APPLY = "apply_card"
ANSWER = "answer_request"

CAPABILITIES = {
    Role.ADMIN: {VIEW, MANAGE, STATS},
    Role.COORDINATOR: {VIEW, MANAGE, STATS},
    Role.LEADER: {VIEW, STATS},
    Role.APPROVER: {VIEW, ANSWER},
    Role.REPORTER: {VIEW, ANSWER},
    Role.ORG_ADMIN: {VIEW, APPLY},
    Role.ORG_MEMBER: {VIEW, APPLY},
}
# Banks, guarantors and insurers employ people too, but the card is for talent at employers
# that innovate; the category's employer kinds narrow this further.
EMPLOYERS = (
    Organisation.Kind.ENTERPRISE,
    Organisation.Kind.UNIVERSITY,
    Organisation.Kind.INSTITUTE,
    Organisation.Kind.LAB,
    Organisation.Kind.PROVIDER,
    Organisation.Kind.BANK,
    Organisation.Kind.GUARANTOR,
    Organisation.Kind.INSURER,
)


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def is_office(user) -> bool:
    return _has(user, MANAGE) and programme_offices.in_office(user, "talent")


def can_read_all(user) -> bool:
    """The office, and the leaders of the office's city (not another city's)."""
    return is_office(user) or programme_offices.serves_city_of(user, "talent", (Role.LEADER,))


def _city_office_or_leader(user) -> bool:
    """A coordinator or leader of the programme's city (another office of the city opens the
    programme's pages from the shared tab bar and sees only what its role allows)."""
    return programme_offices.serves_city_of(user, "talent", (Role.COORDINATOR, Role.LEADER))


def can_view_home(user) -> bool:
    """The office and leaders; organisations (their applications and cards); the people of
    a unit (the requests routed to it)."""
    return (
        can_read_all(user)
        or _city_office_or_leader(user)
        or _has(user, APPLY)
        or (_has(user, ANSWER) and bool(getattr(user, "unit_id", None)))
    )


def employer_of(user) -> Organisation | None:
    if not _has(user, APPLY):
        return None
    org = organisation_of(user)
    return org if org is not None and org.is_verified else None


def can_apply(user) -> bool:
    return employer_of(user) is not None


def can_answer(user, request: ServiceRequest) -> bool:
    return (
        _has(user, ANSWER)
        and getattr(user, "unit_id", None) == request.unit_id
        and request.state == ServiceRequest.State.OPEN
    )


def can_rate(user, request: ServiceRequest) -> bool:
    org = employer_of(user)
    return (
        org is not None
        and request.card.employer_id == org.pk
        and request.state == ServiceRequest.State.ANSWERED
        and request.rating is None
    )


def can_file_request(user, card: Card) -> bool:
    org = employer_of(user)
    return org is not None and card.employer_id == org.pk


def can_configure(user) -> bool:
    """Card categories with their eligibility rules, and the service kinds."""
    return is_office(user)


def can_view_statistics(user) -> bool:
    return _has(user, STATS) and can_read_all(user)


def applications_visible_to(user) -> QuerySet[Application]:
    if can_read_all(user):
        return Application.objects.all()
    org = employer_of(user)
    return Application.objects.filter(employer=org) if org else Application.objects.none()


def cards_visible_to(user) -> QuerySet[Card]:
    if can_read_all(user):
        return Card.objects.all()
    org = employer_of(user)
    return Card.objects.filter(employer=org) if org else Card.objects.none()


def requests_visible_to(user) -> QuerySet[ServiceRequest]:
    if can_read_all(user):
        return ServiceRequest.objects.all()
    org = employer_of(user)
    if org is not None:
        return ServiceRequest.objects.filter(card__employer=org)
    if _has(user, ANSWER) and getattr(user, "unit_id", None):
        return ServiceRequest.objects.filter(unit_id=user.unit_id)
    return ServiceRequest.objects.none()


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_application_for_user(user, pk) -> Application:
    return _get(applications_visible_to(user).select_related("category", "employer"), pk)


def get_card_for_user(user, pk) -> Card:
    return _get(cards_visible_to(user).select_related("category", "employer", "application"), pk)


def get_request_for_user(user, pk) -> ServiceRequest:
    return _get(
        requests_visible_to(user).select_related("card", "card__employer", "kind", "unit"), pk
    )


def get_category_to_configure(user, pk) -> Category:
    if not can_configure(user):
        raise NotFound()
    return _get(Category.objects.all(), pk)


def get_service_kind_to_configure(user, pk) -> ServiceKind:
    if not can_configure(user):
        raise NotFound()
    return _get(ServiceKind.objects.select_related("unit"), pk)
