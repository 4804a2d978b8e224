"""An instrument's declared open hours are enforced: a booking outside them is refused with
the hours named, at the service and on the booking form; the owner's text is read as days
and times, and text that names no time is refused when the instrument is saved."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import ValidationFailed
from luoshi.instruments import hours, services
from luoshi.instruments.models import Booking

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
MONDAY = dt.datetime(2030, 1, 7, tzinfo=TZ)  # a Monday


@pytest.mark.parametrize(
    "text,days,opens,closes",
    [
        ("工作日 8:30–17:30", {0, 1, 2, 3, 4}, dt.time(8, 30), 17 * 60 + 30),
        ("周一至周六 9:00-12:00", {0, 1, 2, 3, 4, 5}, dt.time(9), 12 * 60),
        ("周二、四 9:00~11:00", {1, 3}, dt.time(9), 11 * 60),
        ("每天 8:00至22:00", set(range(7)), dt.time(8), 22 * 60),
        ("7×24小时", set(range(7)), dt.time(0), 24 * 60),
        ("Mon–Fri 9:00–17:00", {0, 1, 2, 3, 4}, dt.time(9), 17 * 60),
        ("周五至周一 10:00-16:00", {4, 5, 6, 0}, dt.time(10), 16 * 60),
    ],
)
def test_open_hours_are_read_from_the_owners_words(text, days, opens, closes):
    (window,) = hours.parse(text)
    assert (set(window.days), window.opens, window.closes_minute) == (days, opens, closes)


def test_times_belong_to_the_days_named_before_them():
    weekdays, saturday = hours.parse("工作日 8:30–17:30，周六 9:00–12:00")
    assert set(weekdays.days) == {0, 1, 2, 3, 4} and set(saturday.days) == {5}
    assert len(hours.parse("周一至周五 9:00–12:00, 14:00–18:00")) == 2
    assert hours.parse("") == [] and hours.parse("随时预约") is None
    assert hours.parse("工作日 25:00-26:00") is None


def test_a_booking_must_lie_inside_the_windows():
    weekdays = hours.parse("工作日 8:30–17:30")
    at = MONDAY.replace(hour=9)
    assert hours.within(weekdays, at, at + dt.timedelta(hours=8))
    assert not hours.within(weekdays, at, at + dt.timedelta(hours=9))  # past 17:30
    assert not hours.within(weekdays, at + dt.timedelta(days=5), at + dt.timedelta(days=5, hours=1))
    split = hours.parse("工作日 9:00–12:00, 14:00–18:00")
    assert not hours.within(split, at, at + dt.timedelta(hours=4))  # over the lunch break
    # Several days only through windows that meet; past midnight windows run on.
    assert hours.within(hours.parse("7×24小时"), at, at + dt.timedelta(days=3))
    assert not hours.within(hours.parse("每天 8:00-22:00"), at, at + dt.timedelta(days=1))
    night = hours.parse("22:00-6:00")
    assert hours.within(
        night, MONDAY.replace(hour=23), MONDAY.replace(hour=23) + dt.timedelta(hours=6)
    )


def _next_monday(hour):
    today = timezone.localdate() + dt.timedelta(days=7)
    monday = today - dt.timedelta(days=today.weekday())
    return timezone.make_aware(dt.datetime.combine(monday, dt.time(hour)))


@pytest.fixture
def weekday_instrument(instrument, owner_admin):
    return services.instrument_save(
        actor=owner_admin,
        owner=instrument.owner,
        instrument=instrument,
        open_hours="工作日 8:30–17:30",
    )


@pytest.mark.django_db
def test_a_booking_outside_the_open_hours_is_refused(weekday_instrument, org_admin):
    evening = _next_monday(18)
    with pytest.raises(ValidationFailed) as refused:
        services.booking_request(
            actor=org_admin,
            instrument=weekday_instrument,
            starts_at=evening,
            ends_at=evening + dt.timedelta(hours=2),
            purpose="夜间测试",
        )
    assert "工作日 8:30–17:30" in refused.value.errors["starts_at"][0]
    saturday = _next_monday(9) + dt.timedelta(days=5)
    with pytest.raises(ValidationFailed):
        services.booking_request(
            actor=org_admin,
            instrument=weekday_instrument,
            starts_at=saturday,
            ends_at=saturday + dt.timedelta(hours=1),
            purpose="周末测试",
        )
    assert not Booking.objects.exists()
    morning = _next_monday(9)
    booking = services.booking_request(
        actor=org_admin,
        instrument=weekday_instrument,
        starts_at=morning,
        ends_at=morning + dt.timedelta(hours=8),
        purpose="日间测试",
    )
    assert booking.state == Booking.State.REQUESTED


@pytest.mark.django_db
def test_the_booking_form_shows_the_refusal(login, weekday_instrument, org_admin):
    evening = timezone.localtime(_next_monday(19))
    response = login(org_admin).post(
        reverse("instruments:detail", args=[weekday_instrument.pk]),
        {
            "starts_at": evening.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (evening + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "purpose": "晚间",
            "samples": "0",
        },
    )
    assert response.status_code == 200
    assert "工作日 8:30–17:30" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_open_hours_that_name_no_time_are_refused_on_save(instrument, owner_admin):
    with pytest.raises(ValidationFailed) as refused:
        services.instrument_save(
            actor=owner_admin, owner=instrument.owner, instrument=instrument, open_hours="随时"
        )
    assert "open_hours" in refused.value.errors
    instrument.refresh_from_db()
    assert instrument.open_hours == ""
