"""Booking: request → approve/decline → usage / no-show / cancel; overlaps refused; fees."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.instruments import services
from luoshi.instruments.models import Booking

pytestmark = pytest.mark.django_db


def _book(actor, instrument, start, end, purpose="测试"):
    return services.booking_request(
        actor=actor, instrument=instrument, starts_at=start, ends_at=end, purpose=purpose, samples=3
    )


def test_an_enterprise_books_and_the_owner_approves_then_records_usage(
    org_admin, owner_admin, instrument, slot
):
    booking = _book(org_admin, instrument, *slot)
    assert booking.state == Booking.State.REQUESTED and booking.is_outside_user
    booking = services.booking_approve(actor=owner_admin, booking=booking)
    assert booking.state == Booking.State.APPROVED and booking.decided_by == owner_admin
    booking = services.booking_record_usage(
        actor=owner_admin, booking=booking, hours_used=Decimal("1.5"), samples_used=3
    )
    # 1.5 h × 400 + 3 × 150.5 = 1051.5 → 1052 yuan (rounded once, half up)
    assert booking.fee_charged == Decimal("1052") and booking.state == Booking.State.COMPLETED
    verbs = list(
        AuditEvent.objects.filter(model="instruments.booking")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["request", "approve", "record_usage"]


def test_an_overlapping_request_is_refused_but_an_adjacent_one_is_accepted(
    org_admin, org_member, instrument, slot
):
    start, end = slot
    _book(org_admin, instrument, start, end)
    with pytest.raises(Conflict):
        _book(org_member, instrument, start + dt.timedelta(minutes=30), end + dt.timedelta(hours=1))
    _book(org_member, instrument, end, end + dt.timedelta(hours=1))  # touching is not overlapping
    assert Booking.objects.count() == 2


def test_a_declined_or_cancelled_booking_frees_the_time(org_admin, owner_admin, instrument, slot):
    first = _book(org_admin, instrument, *slot)
    with pytest.raises(ValidationFailed):
        services.booking_decline(actor=owner_admin, booking=first, note="")
    services.booking_decline(actor=owner_admin, booking=first, note="设备检修")
    second = _book(org_admin, instrument, *slot)
    services.booking_cancel(actor=org_admin, booking=second)
    _book(org_admin, instrument, *slot)


def test_only_the_owner_decides_and_records(org_admin, org_member, instrument, slot, coordinator):
    booking = _book(org_admin, instrument, *slot)
    for who in (org_admin, org_member, coordinator):
        with pytest.raises(PermissionDenied):
            services.booking_approve(actor=who, booking=booking)


def test_a_no_show_is_recorded_without_fee(org_admin, owner_admin, instrument, slot):
    booking = services.booking_approve(
        actor=owner_admin, booking=_book(org_admin, instrument, *slot)
    )
    booking = services.booking_no_show(actor=owner_admin, booking=booking)
    assert booking.state == Booking.State.NO_SHOW and booking.fee_charged == 0


def test_unverified_organisations_and_government_units_cannot_book(
    pending_org_admin, lead_reporter, instrument, slot
):
    for who in (pending_org_admin, lead_reporter):
        with pytest.raises(PermissionDenied):
            _book(who, instrument, *slot)


@pytest.mark.parametrize(
    "shift",
    [
        (-dt.timedelta(days=10), -dt.timedelta(days=10) + dt.timedelta(hours=1)),
        (dt.timedelta(hours=2), dt.timedelta(0)),
    ],
)
def test_past_or_reversed_times_are_refused(org_admin, instrument, slot, shift):
    start, end = slot
    with pytest.raises(ValidationFailed):
        _book(
            org_admin,
            instrument,
            start + shift[0],
            start + shift[0] + (shift[1] or dt.timedelta(hours=-1)),
        )


def test_an_instrument_below_the_threshold_is_refused(owner_admin, settings):
    with pytest.raises(ValidationFailed) as err:
        services.instrument_save(
            actor=owner_admin,
            owner=owner_admin.org_membership.organisation,
            name="台式离心机",
            category="analysis",
            original_value=Decimal("120000"),
        )
    assert "original_value" in err.value.errors
    settings.LUOSHI_LARGE_INSTRUMENT_MIN_YUAN = 100000
    services.instrument_save(
        actor=owner_admin,
        owner=owner_admin.org_membership.organisation,
        name="台式离心机",
        category="analysis",
        original_value=Decimal("120000"),
    )


def test_booking_through_the_page_and_the_calendar_shows_it(login, org_admin, instrument, slot):
    client = login(org_admin)
    start, end = slot
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        reverse("instruments:detail", args=[instrument.pk]),
        {
            "starts_at": start.strftime(fmt),
            "ends_at": end.strftime(fmt),
            "purpose": "正极材料形貌",
            "samples": 2,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    events = client.get(reverse("instruments:events", args=[instrument.pk])).json()
    assert len(events) == 1 and "正极材料形貌" in events[0]["title"]
    again = client.post(
        reverse("instruments:detail", args=[instrument.pk]),
        {
            "starts_at": start.strftime(fmt),
            "ends_at": end.strftime(fmt),
            "purpose": "再约",
            "samples": 0,
        },
    )
    assert again.status_code == 200 and 'data-testid="booking-error"' in again.content.decode()


def test_others_see_only_busy_times_on_the_calendar(
    login, org_admin, lead_reporter, instrument, slot
):
    _book(org_admin, instrument, *slot, purpose="保密项目")
    events = login(lead_reporter).get(reverse("instruments:events", args=[instrument.pk])).json()
    assert len(events) == 1 and "保密项目" not in events[0]["title"]
