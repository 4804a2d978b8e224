"""Role × action for the talent card: the talent office (市委人才办 coordinator), an
administrator, the 市科技局 coordinator (not the talent office), a leader, the responsible
unit's reporter (市教体局), another unit's reporter, the employer, another organisation."""

import pytest
from django.urls import reverse

from luoshi.talent import permissions, services
from luoshi.talent.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

WHO = [
    "admin",
    "office",
    "kjj",
    "leader",
    "unit",
    "other_unit",
    "employer",
    "other_employer",
    "other_city",
]
MATRIX = {
    "home": {
        "admin",
        "office",
        "kjj",
        "leader",
        "unit",
        "other_unit",
        "employer",
        "other_employer",
    },
    "apply": {"employer", "other_employer"},
    "decide": {"admin", "office"},
    "read_card": {"admin", "office", "leader", "employer"},
    "file_request": {"employer"},
    "read_request": {"admin", "office", "leader", "unit", "employer"},
    "answer": {"unit"},
    "statistics": {"admin", "office", "leader"},
    "configure_category": {"admin", "office"},
    "configure_service_kind": {"admin", "office"},
}


@pytest.fixture
def people(
    personas,
    elsewhere,
    talent_office,
    schooling_unit_person,
    employer_person,
    other_employer_person,
):
    return {
        "admin": personas["admin"],
        "office": talent_office,
        "kjj": personas["coordinator"],
        "leader": personas["leader"],
        "unit": schooling_unit_person,
        "other_unit": personas["lead_reporter"],
        "employer": employer_person,
        "other_employer": other_employer_person,
        "other_city": elsewhere["leader"],
    }


@pytest.fixture
def request_(employer_person, card, schooling):
    return services.request_file(
        actor=employer_person, card=card, kind=schooling, description="入学", today=TODAY
    )


def _pages(client, *urls) -> bool:
    answers = {client.get(url).status_code for url in urls}
    assert answers <= {200, 404}
    return answers == {200}


def allowed(action, user, card, item, client):
    get = lambda url: client.get(url).status_code == 200  # noqa: E731
    return {
        "configure_category": lambda: _pages(
            client,
            reverse("talent:category_new"),
            reverse("talent:category_edit", args=[card.category_id]),
        ),
        "configure_service_kind": lambda: _pages(
            client,
            reverse("talent:service_kind_new"),
            reverse("talent:service_kind_edit", args=[item.kind_id]),
        ),
        "home": lambda: get(reverse("talent:home")),
        "apply": lambda: get(reverse("talent:apply")),
        "decide": lambda: permissions.is_office(user),
        "read_card": lambda: get(reverse("talent:card", args=[card.pk])),
        "file_request": lambda: permissions.can_file_request(user, card),
        "read_request": lambda: get(reverse("talent:request", args=[item.pk])),
        "answer": lambda: permissions.can_answer(user, item),
        "statistics": lambda: permissions.can_view_statistics(user),
    }[action]()


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_permission_matrix(action, people, card, request_, client):
    got = set()
    for name in WHO:
        client.force_login(people[name], backend="django.contrib.auth.backends.ModelBackend")
        if allowed(action, people[name], card, request_, client):
            got.add(name)
    assert got == MATRIX[action]


def test_the_pages_walk_an_answer_and_a_rating(people, request_, client):
    client.force_login(people["unit"], backend="django.contrib.auth.backends.ModelBackend")
    client.post(
        reverse("talent:request_action", args=[request_.pk, "answer"]), {"answer": "已安排入学"}
    )
    client.force_login(people["employer"], backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("talent:request_action", args=[request_.pk, "rate"]), {"rating": "4"})
    request_.refresh_from_db()
    assert request_.state == "answered" and request_.rating == 4
    page = client.get(reverse("talent:request", args=[request_.pk]))
    assert "已安排入学" in page.content.decode()


def test_the_home_page_costs_the_same_queries_for_one_card_and_many(
    people, talent_office, employer_person, category, card, client
):
    from luoshi.core.testing import assert_constant_queries
    from luoshi.talent.tests.conftest import apply

    client.force_login(talent_office, backend="django.contrib.auth.backends.ModelBackend")

    def grow():
        for i in range(10):
            application = apply(employer_person, category, person_name=f"人才{i}")
            services.application_decide(
                actor=talent_office, application=application, approve=True, today=TODAY
            )

    assert_constant_queries(lambda: client.get(reverse("talent:home")), grow)
