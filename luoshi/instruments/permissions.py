"""Who may do what with large instruments and bookings.

- Everyone signed in (government and organisation people) reads the catalogue and the
  calendars' busy times.
- People of a verified organisation book instruments; the owner organisation's people list
  and edit its instruments and fees, approve or decline requests, record usage and no-shows.
- The office (coordinator, administrator) and leaders read every booking and the yearly
  evaluation; the office exports it. A booking is seen by its booker, the instrument's owner
  and the office.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability
from luoshi.instruments.models import Booking, Instrument
from luoshi.organisations import permissions as org_permissions

VIEW_CATALOGUE = "view_catalogue"
BOOK = "book_instrument"
OFFER = "offer_instrument"
VIEW_ALL = "view_all_bookings"
EVALUATE = "evaluate_sharing"

CAPABILITIES = {
    Role.ADMIN: {VIEW_CATALOGUE, VIEW_ALL, EVALUATE},
    Role.COORDINATOR: {VIEW_CATALOGUE, VIEW_ALL, EVALUATE},
    Role.LEADER: {VIEW_CATALOGUE, VIEW_ALL, EVALUATE},
    Role.APPROVER: {VIEW_CATALOGUE},
    Role.REPORTER: {VIEW_CATALOGUE},
    Role.ORG_ADMIN: {VIEW_CATALOGUE, BOOK, OFFER},
    Role.ORG_MEMBER: {VIEW_CATALOGUE, BOOK, OFFER},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def _verified_org_id(user) -> int | None:
    if not org_permissions.is_verified_org_person(user):
        return None
    return org_permissions.organisation_id_of(user)


def can_view_catalogue(user) -> bool:
    return _has(user, VIEW_CATALOGUE)


def can_book(user, instrument: Instrument | None = None) -> bool:
    if not _has(user, BOOK) or _verified_org_id(user) is None:
        return False
    return instrument is None or instrument.is_open


def can_offer(user) -> bool:
    """List a new instrument of the person's own (verified) organisation."""
    return _has(user, OFFER) and _verified_org_id(user) is not None


def can_manage_instrument(user, instrument: Instrument) -> bool:
    return _has(user, OFFER) and _verified_org_id(user) == instrument.owner_id


def can_view_all(user) -> bool:
    return _has(user, VIEW_ALL)


def can_evaluate(user) -> bool:
    return _has(user, EVALUATE)


def can_decide(user, booking: Booking) -> bool:
    return can_manage_instrument(user, booking.instrument)


def can_cancel(user, booking: Booking) -> bool:
    return can_decide(user, booking) or (
        _has(user, BOOK) and org_permissions.organisation_id_of(user) == booking.organisation_id
    )


def instruments_visible_to(user) -> QuerySet[Instrument]:
    if not can_view_catalogue(user):
        return Instrument.objects.none()
    return Instrument.objects.all()


def get_instrument_for_user(user, pk) -> Instrument:
    try:
        return instruments_visible_to(user).select_related("owner", "region").get(pk=pk)
    except (Instrument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def bookings_visible_to(user) -> QuerySet[Booking]:
    if can_view_all(user):
        return Booking.objects.all()
    org_id = org_permissions.organisation_id_of(user)
    if org_id is None:
        return Booking.objects.none()
    return Booking.objects.filter(Q(organisation_id=org_id) | Q(instrument__owner_id=org_id))


def get_booking_for_user(user, pk) -> Booking:
    try:
        return (
            bookings_visible_to(user)
            .select_related("instrument", "instrument__owner", "organisation", "requested_by")
            .get(pk=pk)
        )
    except (Booking.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
