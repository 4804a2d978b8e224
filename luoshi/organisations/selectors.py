"""Reads of organisations: the office's queue, an organisation's page, a person's own."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from luoshi.organisations import permissions
from luoshi.organisations.models import Membership, Organisation


def organisation_of(user) -> Organisation | None:
    """The organisation the person belongs to, verified or not (callers check the state)."""
    membership = permissions.membership_of(user)
    return membership.organisation if membership else None


def queue(*, viewer, state: str = "", kind: str = "", q: str = "") -> QuerySet[Organisation]:
    """The office's list, pending first; one query with the member count."""
    rows = (
        permissions.organisations_visible_to(viewer)
        .select_related("region")
        .annotate(member_count=Count("memberships"))
    )
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    if q:
        rows = rows.filter(name__icontains=q) | rows.filter(credit_code__icontains=q.upper())
    return rows.order_by("state", "-created_at", "name")


def state_counts(*, viewer) -> dict[str, int]:
    rows = permissions.organisations_visible_to(viewer).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in Organisation.State.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def members(*, viewer, organisation: Organisation) -> list[Membership]:
    permissions.get_organisation_for_user(viewer, organisation.pk)
    return list(organisation.memberships.select_related("user").order_by("-role", "user__username"))


def verified(*, kinds=None) -> QuerySet[Organisation]:
    """Verified organisations (choices for instrument owners, voucher providers, ...)."""
    rows = Organisation.objects.filter(state=Organisation.State.VERIFIED)
    if kinds:
        rows = rows.filter(kind__in=list(kinds))
    return rows.order_by("name")


def public_catalogue(*, viewer, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Verified organisations for their public fields, with their places (one query)."""
    rows = permissions.public_organisations(viewer).select_related("region")
    if q:
        rows = rows.filter(name__icontains=q)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("name", "pk")
