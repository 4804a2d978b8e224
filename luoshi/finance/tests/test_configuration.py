"""The office's configuration pages: loan products with their caps by year, risk pools with
their shares. Saved through the services (audited); bad input answers a message on the form
and changes nothing."""

import pytest
from django.urls import reverse

from luoshi.core.models import AuditEvent
from luoshi.finance.models import Product, ProductCap, RiskPool

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # The messages are asserted in English (the Chinese catalogue has its own test).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _product(pool, **over):
    data = {
        "name": "知识产权质押贷",
        "kind": "ip_pledge",
        "accepted_kinds": ["high_tech"],
        "tech_sme_lookback": "3",
        "pool": pool.pk,
        "active": "on",
        "caps": "2020, 5000000, 12\n2025，8000000，12",
    }
    data.update(over)
    return data


def test_the_office_creates_a_product_with_its_caps_by_year(client, coordinator, pool):
    client.force_login(coordinator)
    answer = client.post(reverse("finance:product_new"), _product(pool))
    assert answer.status_code == 302
    product = Product.objects.get(name="知识产权质押贷")
    assert [(c.year_from, c.amount, c.max_term_months) for c in product.caps.all()] == [
        (2020, 5_000_000, 12),
        (2025, 8_000_000, 12),
    ]
    assert product.pool == pool and product.accepted_kinds == ["high_tech"]
    assert AuditEvent.objects.filter(model="finance.product", action="create").exists()
    page = client.get(reverse("finance:home")).content.decode()
    assert f'data-testid="product-edit-{product.pk}"' in page


def test_the_office_changes_a_products_caps(client, coordinator, product, pool):
    client.force_login(coordinator)
    page = client.get(reverse("finance:product_edit", args=[product.pk])).content.decode()
    assert "2025, 20000000, 12" in page
    client.post(
        reverse("finance:product_edit", args=[product.pk]),
        _product(pool, name="天府科创贷", kind="tianfu", caps="2025, 30000000, 12"),
    )
    assert list(product.caps.values_list("amount", flat=True)) == [30_000_000]
    assert AuditEvent.objects.filter(model="finance.product", action="update").exists()


@pytest.mark.parametrize(
    "caps,message",
    [
        ("2025, 0, 12", "Each cap is a positive amount in yuan."),
        ("2025, -5, 12", "Each cap is a positive amount in yuan."),
        ("2025, abc, 12", "Each cap is a positive amount in yuan."),
        ("2025, 100", "Line 1: give the year, the yuan and the months"),
        ("1800, 100, 12", "Each cap needs a year between 2000 and 2100"),
        ("2025, 100, 12\n2025, 200, 12", "One cap per year."),
        ("", "This field is required."),
    ],
)
def test_a_bad_cap_answers_a_message_and_changes_nothing(
    client, coordinator, product, pool, caps, message
):
    client.force_login(coordinator)
    answer = client.post(
        reverse("finance:product_edit", args=[product.pk]),
        _product(pool, name="天府科创贷", kind="tianfu", caps=caps),
    )
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert sorted(product.caps.values_list("year_from", flat=True)) == [2020, 2025]
    assert ProductCap.objects.count() == 2


def test_the_office_creates_a_pool_and_changes_its_shares(client, coordinator):
    client.force_login(coordinator)
    answer = client.post(
        reverse("finance:pool_new"),
        {"name": "知识产权质押融资风险池", "pool_share": "50", "bank_share": "50"},
    )
    pool = RiskPool.objects.get(name="知识产权质押融资风险池")
    assert answer["Location"] == reverse("finance:pool", args=[pool.pk])
    assert (pool.pool_share, pool.bank_share, pool.guarantor_share) == (50, 50, 0)
    client.post(
        reverse("finance:pool_edit", args=[pool.pk]),
        {"name": pool.name, "pool_share": "40", "bank_share": "30", "guarantor_share": "30"},
    )
    pool.refresh_from_db()
    assert (pool.pool_share, pool.bank_share, pool.guarantor_share) == (40, 30, 30)
    assert AuditEvent.objects.filter(model="finance.riskpool", action="update").exists()


@pytest.mark.parametrize(
    "shares,message",
    [
        (("50", "40", "0"), "add up to 100"),
        (("120", "-20", "0"), "add up to 100"),
        (("abc", "50", "50"), "Enter a number."),
    ],
)
def test_shares_not_adding_up_to_100_answer_a_message_and_change_nothing(
    client, coordinator, pool, shares, message
):
    client.force_login(coordinator)
    answer = client.post(
        reverse("finance:pool_edit", args=[pool.pk]),
        dict(zip(("pool_share", "bank_share", "guarantor_share"), shares, strict=True))
        | {"name": pool.name},
    )
    assert answer.status_code == 200
    assert message in answer.content.decode()
    pool.refresh_from_db()
    assert (pool.pool_share, pool.bank_share, pool.guarantor_share) == (40, 30, 30)


def test_a_pool_name_taken_by_another_is_refused(client, coordinator, pool):
    client.force_login(coordinator)
    answer = client.post(
        reverse("finance:pool_new"),
        {"name": pool.name, "pool_share": "50", "bank_share": "50", "guarantor_share": "0"},
    )
    assert "Another pool has this name." in answer.content.decode()
    assert RiskPool.objects.count() == 1
