"""The catalogue's Chinese keyword search and filters; a constant number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.testing import assert_constant_queries
from luoshi.instruments import selectors, services

pytestmark = pytest.mark.django_db


def _names(viewer, **filters):
    return [i.name for i in selectors.catalogue(viewer=viewer, **filters)]


def test_a_partial_word_finds_the_instrument(lead_reporter, instrument):
    assert _names(lead_reporter, q="锂电") == ["扫描电子显微镜"]
    assert _names(lead_reporter, q="锂电池 形貌") == ["扫描电子显微镜"]
    assert _names(lead_reporter, q="显微镜") == ["扫描电子显微镜"]
    assert _names(lead_reporter, q="质谱") == []


def test_filters_by_category_fee_and_price(lead_reporter, instrument):
    assert _names(lead_reporter, category="analysis") == ["扫描电子显微镜"]
    assert _names(lead_reporter, category="computing") == []
    assert _names(lead_reporter, fee_kind="machine_hour", max_price=Decimal("500")) == [
        "扫描电子显微镜"
    ]
    assert _names(lead_reporter, fee_kind="machine_hour", max_price=Decimal("300")) == []


def test_the_catalogue_costs_the_same_queries_for_one_and_many(
    lead_reporter, owner_admin, instrument
):
    def fetch():
        return [
            (i.owner.name, i.region, [f.price for f in i.fees.all()])
            for i in selectors.catalogue(viewer=lead_reporter)
        ]

    def grow():
        for n in range(15):
            services.instrument_save(
                actor=None,
                owner=owner_admin.org_membership.organisation,
                name=f"仪器{n}",
                category="physical",
                original_value=Decimal("600000"),
                fees={"service": Decimal(100 + n)},
            )

    # instruments with owner and region; their fees
    assert_constant_queries(fetch, grow, expected=2)


def test_the_catalogue_page_reads_in_chinese(login, org_admin, instrument):
    body = login(org_admin).get(reverse("instruments:catalogue") + "?q=锂电").content.decode()
    assert "扫描电子显微镜" in body and "大型科研仪器" in body


@pytest.mark.parametrize("who", ["lead_reporter", "lead_approver", "org_admin", "coordinator"])
def test_the_catalogue_links_to_bookings_only_for_those_who_have_them(
    who, request, login, instrument
):
    # A unit's reporter reaches the catalogue from a task's figures; it has no bookings page.
    user = request.getfixturevalue(who)
    page = login(user).get(reverse("instruments:catalogue")).content.decode()
    bookings = reverse("instruments:bookings")
    shown = f'href="{bookings}"' in page
    assert shown == (who in {"org_admin", "coordinator"})
    if shown:
        assert login(user).get(bookings).status_code == 200
