"""A card applied for through the employer, issued, renewed, revoked; a service request
routed, answered in time and rated."""

import datetime as dt

import pytest

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.talent import selectors, services
from luoshi.talent.models import Application, Card, ServiceRequest
from luoshi.talent.tests.conftest import TODAY, apply

pytestmark = pytest.mark.django_db


def test_an_approved_application_issues_a_numbered_card_valid_for_the_categorys_years(card):
    assert card.number == "SZYC202500001"
    assert card.valid_until == dt.date(2028, 6, 30)
    assert card.application.state == Application.State.APPROVED


def test_card_numbers_run_on_within_a_year(talent_office, employer_person, category, card):
    second = apply(employer_person, category, person_name="王博士")
    services.application_decide(actor=talent_office, application=second, approve=True, today=TODAY)
    assert second.card.number == "SZYC202500002"


def test_a_person_below_the_criteria_is_told_which_are_not_met(employer_person, category):
    with pytest.raises(ValidationFailed) as exc:
        apply(employer_person, category, level=5, salary=100000)
    assert set(exc.value.errors) == {"level", "salary"}
    assert not Application.objects.exists()


def test_a_rejection_needs_a_reason_and_issues_no_card(talent_office, employer_person, category):
    application = apply(employer_person, category)
    with pytest.raises(ValidationFailed):
        services.application_decide(actor=talent_office, application=application, approve=False)
    services.application_decide(
        actor=talent_office, application=application, approve=False, note="材料不全"
    )
    assert not Card.objects.exists()


def test_only_the_talent_office_decides(coordinator, employer_person, category):
    application = apply(employer_person, category)
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=coordinator, application=application, approve=True)
    with pytest.raises(PermissionDenied):
        services.application_decide(actor=employer_person, application=application, approve=True)


def test_renewal_and_revocation(talent_office, card):
    services.card_renew(actor=talent_office, card=card, today=dt.date(2028, 6, 1))
    assert card.valid_until == dt.date(2031, 6, 30)
    services.card_revoke(actor=talent_office, card=card, reason="离开遂宁")
    assert card.state == Card.State.REVOKED
    with pytest.raises(ValidationFailed):
        services.card_renew(actor=talent_office, card=card)


def test_a_request_goes_to_the_responsible_unit_and_is_answered_in_time_and_rated(
    talent_office, employer_person, schooling_unit_person, card, schooling
):
    request = services.request_file(
        actor=employer_person,
        card=card,
        kind=schooling,
        description="孩子转学到船山区",
        today=TODAY,
    )
    assert request.unit.code == "jtj" and request.due_on == dt.date(2025, 7, 11)
    with pytest.raises(PermissionDenied):
        services.request_answer(actor=talent_office, request=request, answer="x")
    services.request_answer(
        actor=schooling_unit_person, request=request, answer="已安排", today=dt.date(2025, 7, 9)
    )
    assert request.in_time is True
    services.request_rate(actor=employer_person, request=request, rating=5)
    with pytest.raises(PermissionDenied):
        services.request_rate(actor=employer_person, request=request, rating=1)
    stats = selectors.statistics(viewer=talent_office, today=TODAY)
    assert stats["service"][0]["in_time"] == 1 and stats["service"][0]["rating"] == 5
    assert stats["county"] == [{"key": "射洪市", "n": 1}]


def test_another_employer_cannot_ask_for_a_card_it_does_not_hold(
    other_employer_person, card, schooling
):
    with pytest.raises(PermissionDenied):
        services.request_file(
            actor=other_employer_person, card=card, kind=schooling, description="x"
        )
    assert not ServiceRequest.objects.exists()


def test_an_expired_card_cannot_ask_for_services(employer_person, card, schooling):
    with pytest.raises(ValidationFailed):
        services.request_file(
            actor=employer_person,
            card=card,
            kind=schooling,
            description="x",
            today=dt.date(2028, 7, 1),
        )


def test_cards_valid_on_31_december_by_the_employers_county(card, talent_office):
    from luoshi.indicators import computations
    from luoshi.org.models import Region

    county = Region.objects.get(name="射洪市")
    compute = computations.get("talent_cards_valid")
    figures = compute.values([county.pk, county.parent_id], [2025, 2029])
    assert figures[(county.pk, 2025)].value == 1 and figures[(county.parent_id, 2025)].value == 1
    assert (county.pk, 2029) not in figures  # expired on 30 June 2028
    assert (
        compute.rows(viewer=talent_office, region_id=county.pk, year=2025).rows[0][0] == card.number
    )
