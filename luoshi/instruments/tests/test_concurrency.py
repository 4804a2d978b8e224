"""50 concurrent requests for overlapping times of one instrument: exactly one booking, every
other request a clear refusal (on SQLite, PostgreSQL and MariaDB alike)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone

from luoshi.core.errors import Conflict
from luoshi.instruments import services
from luoshi.instruments.models import Booking

REQUESTS = 50


def _concurrently(count, fn):
    """Run fn(i) in `count` threads released together; each thread its own connection."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(i):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test examines
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_fifty_overlapping_requests_make_exactly_one_booking(org_admin, other_org_admin, units):
    owner = other_org_admin.org_membership.organisation
    instrument = services.instrument_save(
        actor=None,
        owner=owner,
        name="核磁共振波谱仪",
        category="analysis",
        original_value=Decimal("5000000"),
    )
    start = (timezone.now() + dt.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)

    def request(i):
        # Every request overlaps every other: all cover start+50min .. start+60min.
        return services.booking_request(
            actor=org_admin,
            instrument=instrument,
            starts_at=start + dt.timedelta(minutes=i),
            ends_at=start + dt.timedelta(minutes=60 + i),
            purpose=f"并发请求 {i}",
        )

    outcomes = _concurrently(REQUESTS, request)
    booked = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    others = [o for o in outcomes if not isinstance(o, Booking | Conflict)]
    import traceback

    assert not others, "".join(traceback.format_exception(others[0])[-12:])
    assert len(booked) == 1 and len(refused) == REQUESTS - 1
    assert Booking.objects.filter(instrument=instrument).count() == 1
    assert "overlaps" in str(refused[0]) or "冲突" in str(refused[0]) or "重叠" in str(refused[0])


@pytest.mark.django_db
def test_postgresql_itself_refuses_an_overlap_written_past_the_service(org_admin, instrument, slot):
    from django.db import IntegrityError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    start, end = slot
    organisation = org_admin.org_membership.organisation
    Booking.objects.create(
        instrument=instrument,
        organisation=organisation,
        requested_by=org_admin,
        starts_at=start,
        ends_at=end,
        purpose="a",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            instrument=instrument,
            organisation=organisation,
            requested_by=org_admin,
            starts_at=start + dt.timedelta(minutes=5),
            ends_at=end,
            purpose="b",
        )
    # A cancelled booking holds no time.
    Booking.objects.create(
        instrument=instrument,
        organisation=organisation,
        requested_by=org_admin,
        starts_at=start,
        ends_at=end,
        purpose="c",
        state=Booking.State.CANCELLED,
    )
