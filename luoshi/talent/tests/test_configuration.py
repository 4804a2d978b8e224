"""The talent office's configuration pages: card categories with their eligibility rules and
the service kinds (responsible unit, time limit). Saved through the audited services; bad
input answers a message on the form and changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.core.models import AuditEvent
from luoshi.talent import rules, services
from luoshi.talent.models import Category, ServiceKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    # The messages are asserted in English (the Chinese catalogue has its own test).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _category(**over):
    data = {
        "code": "A",
        "name": "A卡",
        "max_level": "2",
        "employer_kinds": ["enterprise"],
        "min_salary": "500000",
        "titles": "正高级工程师，教授",
        "validity_years": "5",
        "benefits": "住房补贴",
        "order": "1",
        "active": "on",
    }
    data.update(over)
    return data


def test_the_office_creates_a_category_whose_rules_then_decide_eligibility(client, talent_office):
    client.force_login(talent_office)
    assert client.post(reverse("talent:category_new"), _category()).status_code == 302
    category = Category.objects.get(code="A")
    assert category.titles == ["正高级工程师", "教授"]
    assert category.min_salary == Decimal(500_000) and category.validity_years == 5
    criteria = services.criteria_of(category)
    person = rules.Person(level=2, employer_kind="enterprise", salary=Decimal(400_000), title="")
    assert set(rules.unmet(criteria, person)) == {"salary", "title"}
    assert AuditEvent.objects.filter(model="talent.category", action="create").exists()


def test_the_office_changes_a_categorys_rules(client, talent_office, category):
    client.force_login(talent_office)
    page = client.get(reverse("talent:category_edit", args=[category.pk])).content.decode()
    assert 'value="200000"' in page
    client.post(
        reverse("talent:category_edit", args=[category.pk]),
        _category(code="B", name="B卡", min_salary="", titles="", active=""),
    )
    category.refresh_from_db()
    assert category.min_salary is None and category.titles == [] and not category.active
    assert AuditEvent.objects.filter(model="talent.category", action="update").exists()


@pytest.mark.parametrize(
    "over,field",
    [
        ({"code": "B"}, "code"),  # taken by the B card
        ({"max_level": "9"}, "max_level"),
        ({"min_salary": "-1"}, "min_salary"),
        ({"validity_years": "0"}, "validity_years"),
        ({"name": ""}, "name"),
        ({"employer_kinds": ["government"]}, "employer_kinds"),
    ],
)
def test_a_bad_category_answers_a_message_and_changes_nothing(
    client, talent_office, category, over, field
):
    client.force_login(talent_office)
    answer = client.post(reverse("talent:category_new"), _category(**over))
    assert answer.status_code == 200
    assert f'data-testid="error-{field}"' in answer.content.decode()
    assert Category.objects.count() == 1


def test_the_office_routes_a_service_to_a_unit_with_a_time_limit(
    client, talent_office, units, schooling
):
    client.force_login(talent_office)
    client.post(
        reverse("talent:service_kind_new"),
        {"code": "housing", "name": "住房保障", "unit": units["jtj"].pk, "time_limit_days": "15"},
    )
    housing = ServiceKind.objects.get(code="housing")
    assert (housing.unit, housing.time_limit_days) == (units["jtj"], 15)
    client.post(
        reverse("talent:service_kind_edit", args=[schooling.pk]),
        {"code": "schooling", "name": "子女入学", "unit": units["jtj"].pk, "time_limit_days": "7"},
    )
    schooling.refresh_from_db()
    assert schooling.time_limit_days == 7
    assert AuditEvent.objects.filter(model="talent.servicekind", action="update").exists()


@pytest.mark.parametrize(
    "over,message",
    [
        ({"time_limit_days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"time_limit_days": "400"}, "Ensure this value is less than or equal to 365."),
        ({"code": "住房 保障"}, "Letters, digits, hyphens or underscores."),
        ({"code": "schooling"}, "Another service has this code."),
        ({"unit": "999999"}, "Select a valid choice."),
    ],
)
def test_a_bad_service_kind_answers_a_message_and_changes_nothing(
    client, talent_office, units, schooling, over, message
):
    client.force_login(talent_office)
    data = {"code": "housing", "name": "住房保障", "unit": units["jtj"].pk, "time_limit_days": "15"}
    answer = client.post(reverse("talent:service_kind_new"), data | over)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert ServiceKind.objects.count() == 1


def test_a_unit_of_another_city_is_not_offered(client, talent_office, elsewhere):
    client.force_login(talent_office)
    page = client.get(reverse("talent:service_kind_new")).content.decode()
    assert elsewhere["office"].unit.name not in page
