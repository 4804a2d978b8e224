"""Who may do what with city S&T projects and 揭榜挂帅 challenges.

- The projects office (coordinators of settings.LUOSHI_PROGRAMME_OFFICES["projects"],
  市科技局 by default) and administrators run calls, formal and expert review, the approval
  list, contracts, payments and acceptance, and publish, review, sign and accept challenges.
- The office's city leaders read everything.
- A verified organisation's people apply to open calls and read their own applications and
  projects; an enterprise drafts challenges (the office publishes them) and reads the bids on
  its own; any verified organisation bids on a published challenge.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability
from luoshi.org import programme_offices
from luoshi.organisations.models import Organisation
from luoshi.organisations.selectors import organisation_of
from luoshi.projects.models import Application, Attachment, Call, Challenge, Project

VIEW = "view_projects"
MANAGE = "manage_projects"
APPLY = "apply_project"

CAPABILITIES = {
    Role.ADMIN: {VIEW, MANAGE},
    Role.COORDINATOR: {VIEW, MANAGE},
    Role.LEADER: {VIEW},
    Role.ORG_ADMIN: {VIEW, APPLY},
    Role.ORG_MEMBER: {VIEW, APPLY},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def is_office(user) -> bool:
    return _has(user, MANAGE) and programme_offices.in_office(user, "projects")


def can_read_all(user) -> bool:
    """The office, and the leaders of the office's city (not another city's)."""
    return is_office(user) or programme_offices.serves_city_of(user, "projects", (Role.LEADER,))


def org_of(user) -> Organisation | None:
    """The person's organisation, when verified."""
    if not _has(user, APPLY):
        return None
    org = organisation_of(user)
    return org if org is not None and org.is_verified else None


def _city_office_or_leader(user) -> bool:
    """A coordinator or leader of the programme's city (another office of the city opens the
    programme's pages from the shared tab bar and sees only what its role allows)."""
    return programme_offices.serves_city_of(user, "projects", (Role.COORDINATOR, Role.LEADER))


def can_view_home(user) -> bool:
    return can_read_all(user) or _city_office_or_leader(user) or _has(user, APPLY)


def can_apply(user, call: Call) -> bool:
    org = org_of(user)
    return (
        org is not None
        and call.state == Call.State.OPEN
        and (not call.org_kinds or org.kind in call.org_kinds)
    )


def can_draft_challenge(user) -> bool:
    if is_office(user):
        return True
    org = org_of(user)
    return org is not None and org.kind == Organisation.Kind.ENTERPRISE


def can_bid(user, challenge: Challenge) -> bool:
    org = org_of(user)
    return (
        org is not None
        and challenge.state == Challenge.State.PUBLISHED
        and org.pk != challenge.publisher_id
        and (not challenge.org_kinds or org.kind in challenge.org_kinds)
    )


def can_see_bids(user, challenge: Challenge) -> bool:
    if can_read_all(user):
        return True
    org = org_of(user)
    return org is not None and org.pk == challenge.publisher_id


def calls_visible_to(user) -> QuerySet[Call]:
    if can_read_all(user):
        return Call.objects.all()
    if _has(user, APPLY):
        return Call.objects.exclude(state=Call.State.DRAFT)
    return Call.objects.none()


def applications_visible_to(user) -> QuerySet[Application]:
    if can_read_all(user):
        return Application.objects.all()
    org = org_of(user)
    return Application.objects.filter(organisation=org) if org else Application.objects.none()


def projects_visible_to(user) -> QuerySet[Project]:
    if can_read_all(user):
        return Project.objects.all()
    org = org_of(user)
    return Project.objects.filter(application__organisation=org) if org else Project.objects.none()


def challenges_visible_to(user) -> QuerySet[Challenge]:
    if can_read_all(user):
        return Challenge.objects.all()
    if not _has(user, APPLY):
        return Challenge.objects.none()
    org = org_of(user)
    mine = Q(publisher=org) | Q(bids__team=org) if org else Q(pk__in=[])
    return Challenge.objects.filter(mine | ~Q(state=Challenge.State.DRAFT)).distinct()


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_call_for_user(user, pk) -> Call:
    return _get(calls_visible_to(user), pk)


def get_project_for_user(user, pk) -> Project:
    return _get(
        projects_visible_to(user).select_related("application", "application__organisation"), pk
    )


def get_challenge_for_user(user, pk) -> Challenge:
    return _get(challenges_visible_to(user).select_related("publisher", "winner"), pk)


def get_attachment_for_user(user, pk) -> Attachment:
    """Whoever reads the application reads its attachments: the office and the city's
    leaders (who run the review for the experts), and the applicant's own people."""
    return _get(
        Attachment.objects.filter(application__in=applications_visible_to(user)).exclude(file=""),
        pk,
    )
