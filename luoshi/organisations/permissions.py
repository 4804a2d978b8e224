"""Who may see and decide on organisations.

- The coordinating office (and administrators) reads every organisation, verifies, rejects,
  suspends and reinstates them. City leaders read the list.
- An organisation's people read their own organisation only; its administrator adds and
  removes members.
- Government unit reporters and approvers have no business here: they see nothing.
- The public catalogue of verified organisations (name, kind, county or park: what the
  instrument catalogue and the voucher batches show of owners and providers) is read by
  everyone signed in with a role.
"""

from __future__ import annotations

from django.db.models import QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import ORGANISATION_ROLES, Role, has_capability, role_of
from luoshi.organisations.models import Membership, Organisation

VIEW_ALL = "view_all_organisations"
DECIDE = "verify_organisations"
VIEW_OWN = "view_own_organisation"
MANAGE_MEMBERS = "manage_members"

CAPABILITIES = {
    Role.ADMIN: {VIEW_ALL, DECIDE},
    Role.COORDINATOR: {VIEW_ALL, DECIDE},
    Role.LEADER: {VIEW_ALL},
    Role.APPROVER: set(),
    Role.REPORTER: set(),
    Role.ORG_ADMIN: {VIEW_OWN, MANAGE_MEMBERS},
    Role.ORG_MEMBER: {VIEW_OWN},
}


def membership_of(user) -> Membership | None:
    """The person's membership (cached on the user object by Django's one-to-one)."""
    if role_of(user) not in ORGANISATION_ROLES:
        return None
    try:
        return user.org_membership
    except Membership.DoesNotExist:
        return None


def organisation_id_of(user) -> int | None:
    membership = membership_of(user)
    return membership.organisation_id if membership else None


def is_org_person(user) -> bool:
    return membership_of(user) is not None


def is_verified_org_person(user) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.organisation.state == Organisation.State.VERIFIED


def can_view_all(user) -> bool:
    return has_capability(user, CAPABILITIES, VIEW_ALL)


def can_decide(user, organisation: Organisation | None = None) -> bool:
    return has_capability(user, CAPABILITIES, DECIDE)


def can_manage_members(user, organisation: Organisation) -> bool:
    membership = membership_of(user)
    return (
        has_capability(user, CAPABILITIES, MANAGE_MEMBERS)
        and membership is not None
        and membership.role == Membership.Role.ADMIN
        and membership.organisation_id == organisation.pk
        and organisation.state == Organisation.State.VERIFIED
    )


def can_view_public(user) -> bool:
    return role_of(user) is not None


def public_organisations(user) -> QuerySet[Organisation]:
    """Verified organisations, for their public fields only."""
    if not can_view_public(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(state=Organisation.State.VERIFIED)


def organisations_visible_to(user) -> QuerySet[Organisation]:
    if can_view_all(user):
        return Organisation.objects.all()
    if has_capability(user, CAPABILITIES, VIEW_OWN):
        org_id = organisation_id_of(user)
        if org_id is not None:
            return Organisation.objects.filter(pk=org_id)
    return Organisation.objects.none()


def get_organisation_for_user(user, pk) -> Organisation:
    """The organisation, or NotFound alike for a missing one and one the user may not see."""
    try:
        return organisations_visible_to(user).select_related("region").get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
