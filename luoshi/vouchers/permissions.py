"""Who may do what with innovation vouchers.

- The office (coordinator, administrator) sets up batches, approves applications (which
  issues the voucher), checks and settles redemptions, and reads everything.
- Leaders read everything and the statistics.
- A verified organisation's people apply, register contracts with registered providers and
  ask for redemption, for their own organisation's vouchers only (real-name, not
  transferable). A provider reads the contracts and redemptions it is the provider of.
- Government units' reporters and approvers have no business here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability
from luoshi.organisations import permissions as org_permissions
from luoshi.vouchers.models import Application, Batch, Redemption, Voucher

MANAGE = "manage_vouchers"
VIEW_ALL = "view_all_vouchers"
APPLY = "apply_voucher"

CAPABILITIES = {
    Role.ADMIN: {MANAGE, VIEW_ALL},
    Role.COORDINATOR: {MANAGE, VIEW_ALL},
    Role.LEADER: {VIEW_ALL},
    Role.APPROVER: set(),
    Role.REPORTER: set(),
    Role.ORG_ADMIN: {APPLY},
    Role.ORG_MEMBER: {APPLY},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def can_use(user) -> bool:
    return _has(user, MANAGE) or _has(user, VIEW_ALL) or _has(user, APPLY)


def can_manage(user) -> bool:
    return _has(user, MANAGE)


def can_view_all(user) -> bool:
    return _has(user, VIEW_ALL)


def can_apply(user) -> bool:
    return _has(user, APPLY) and org_permissions.is_verified_org_person(user)


def _own(user, organisation_id: int) -> bool:
    return can_apply(user) and org_permissions.organisation_id_of(user) == organisation_id


def can_use_voucher(user, voucher: Voucher) -> bool:
    """Register contracts and ask for redemption: the voucher's own organisation only."""
    return _own(user, voucher.organisation_id)


def batches_visible_to(user) -> QuerySet[Batch]:
    if can_view_all(user):
        return Batch.objects.all()
    if _has(user, APPLY):
        return Batch.objects.filter(state=Batch.State.OPEN)
    return Batch.objects.none()


def applications_visible_to(user) -> QuerySet[Application]:
    if can_view_all(user):
        return Application.objects.all()
    org_id = org_permissions.organisation_id_of(user)
    if _has(user, APPLY) and org_id:
        return Application.objects.filter(organisation_id=org_id)
    return Application.objects.none()


def vouchers_visible_to(user) -> QuerySet[Voucher]:
    if can_view_all(user):
        return Voucher.objects.all()
    org_id = org_permissions.organisation_id_of(user)
    if _has(user, APPLY) and org_id:
        return Voucher.objects.filter(
            Q(organisation_id=org_id) | Q(contracts__provider_id=org_id)
        ).distinct()
    return Voucher.objects.none()


def get_voucher_for_user(user, pk) -> Voucher:
    try:
        return vouchers_visible_to(user).select_related("batch", "organisation").get(pk=pk)
    except (Voucher.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def get_application_for_user(user, pk) -> Application:
    try:
        return applications_visible_to(user).select_related("batch", "organisation").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def redemptions_visible_to(user) -> QuerySet[Redemption]:
    if can_view_all(user):
        return Redemption.objects.all()
    org_id = org_permissions.organisation_id_of(user)
    if _has(user, APPLY) and org_id:
        return Redemption.objects.filter(
            Q(voucher__organisation_id=org_id) | Q(contract__provider_id=org_id)
        )
    return Redemption.objects.none()


def get_redemption_for_user(user, pk) -> Redemption:
    try:
        return redemptions_visible_to(user).select_related("voucher", "contract").get(pk=pk)
    except (Redemption.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
