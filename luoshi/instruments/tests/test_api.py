"""/api/instruments/: the catalogue search everyone signed in reads, and the bookings the
bookings page shows (an organisation's own as booker or owner; office and leaders all)."""

from decimal import Decimal

import pytest

from luoshi.instruments import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(instrument, org_admin, slot):
    start, end = slot
    return services.booking_request(
        actor=org_admin, instrument=instrument, starts_at=start, ends_at=end, purpose="正极材料"
    )


@pytest.mark.parametrize("who", ["coordinator", "lead_reporter", "org_admin", "other_org_admin"])
def test_the_catalogue_is_searched_in_chinese_by_everyone_signed_in(
    request, login, who, instrument
):
    client = login(request.getfixturevalue(who))
    found = client.get("/api/instruments/", {"q": "锂电"}).json()
    assert [row["name"] for row in found["items"]] == ["扫描电子显微镜"]
    assert found["items"][0]["fees"][0]["kind"] == "machine_hour"
    assert client.get("/api/instruments/", {"q": "核磁"}).json()["count"] == 0
    assert client.get("/api/instruments/", {"max_price": "100"}).json()["count"] == 0
    assert client.get(f"/api/instruments/{instrument.pk}").json()["owner"] == "西南测试大学"


@pytest.mark.parametrize(
    "who,side,count",
    [
        ("org_admin", "booker", 1),  # its own request
        ("org_member", "booker", 1),
        ("org_admin", "owner", 0),
        ("other_org_admin", "owner", 1),  # the instrument's owner
        ("other_org_admin", "booker", 0),
        ("coordinator", "booker", 1),
        ("leader", "booker", 1),
        ("lead_reporter", "booker", 0),  # a unit's reporter has no bookings to read
    ],
)
def test_bookings_follow_the_bookings_page(request, login, who, side, count, booked):
    rows = login(request.getfixturevalue(who)).get("/api/instruments/bookings", {"side": side})
    assert rows.json()["count"] == count
    if count:
        assert rows.json()["items"][0]["purpose"] == "正极材料"


def test_the_catalogue_keeps_its_query_count(
    login, lead_reporter, owner_admin, django_assert_num_queries
):
    owner = owner_admin.org_membership.organisation
    for i in range(15):
        services.instrument_save(
            actor=None,
            owner=owner,
            name=f"仪器{i}",
            category="analysis",
            original_value=Decimal("600000"),
            fees={"sample": Decimal(10 + i)},
        )
    client = login(lead_reporter)
    client.get("/api/instruments/")
    # session, user, count, instruments with owner and place, fees
    with django_assert_num_queries(5):
        assert client.get("/api/instruments/?limit=50").json()["count"] == 15
