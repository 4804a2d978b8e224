"""The talent card API: an employer reads its own applications and cards, the office and the
city's leaders all and the statistics; constant queries."""

import pytest

from luoshi.core.testing import assert_constant_queries
from luoshi.talent import services
from luoshi.talent.tests.conftest import TODAY, apply

pytestmark = pytest.mark.django_db

WHO = ["admin", "office", "kjj", "leader", "unit", "employer", "other_employer", "other_city"]
READS_ALL = {"admin", "office", "leader"}


@pytest.fixture
def people(
    personas, elsewhere, talent_office, schooling_unit_person, employer_person,
    other_employer_person,
):  # fmt: skip
    return {
        "admin": personas["admin"],
        "office": talent_office,
        "kjj": personas["coordinator"],
        "leader": personas["leader"],
        "unit": schooling_unit_person,
        "employer": employer_person,
        "other_employer": other_employer_person,
        "other_city": elsewhere["leader"],
    }


@pytest.mark.parametrize("who", WHO)
def test_cards_and_applications_answer_what_the_pages_show(who, people, login, card):
    client = login(people[who])
    cards = client.get("/api/talent/cards").json()["items"]
    applications = client.get("/api/talent/applications").json()["items"]
    sees = who in READS_ALL | {"employer"}
    assert [c["number"] for c in cards] == ([card.number] if sees else [])
    assert len(applications) == (1 if sees else 0)


@pytest.mark.parametrize("who", WHO)
def test_statistics_for_the_office_and_the_citys_leaders_only(who, people, login, card):
    answer = login(people[who]).get("/api/talent/statistics")
    if who not in READS_ALL:
        assert answer.status_code == 403
        return
    assert answer.json()["category"] == [{"key": card.category.name, "n": 1}]


def test_the_card_list_costs_the_same_queries_for_one_and_many(
    login, talent_office, employer_person, category, card
):
    client = login(talent_office)

    def grow():
        for i in range(10):
            application = apply(employer_person, category, person_name=f"人才{i}")
            services.application_decide(
                actor=talent_office, application=application, approve=True, today=TODAY
            )

    # session, user, the user's unit (is it the office?), the page of cards with category
    # and employer, the count
    assert_constant_queries(lambda: client.get("/api/talent/cards"), grow, expected=5)
