"""Who may do what with indicator data: only the supplying unit enters, its approver
approves, the office accepts and unlocks, leaders read, other units are outsiders."""

import pytest

from luoshi.core.errors import PermissionDenied
from luoshi.indicators import permissions, services
from luoshi.indicators.models import DataValue
from luoshi.indicators.tests.helpers import entry

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "county_reporter",
    "outsider",
]

# The catalogue's elements are supplied by 市发展改革委, the lead_* personas' unit.
MATRIX = {
    "enter": {"lead_reporter", "lead_approver"},
    "approve": {"lead_approver"},
    "accept": {"admin", "coordinator"},
    "unlock_approved": {"admin", "coordinator", "lead_approver"},
    "unlock_accepted": {"admin", "coordinator"},
    "manage": {"admin", "coordinator"},
    "view": set(PERSONAS),
}


def _value(catalogue, city, state):
    services.values_save(
        actor=None, unit=catalogue["unit"], entries=[entry(catalogue["firms"], city, 2023, 209)]
    )
    value = DataValue.objects.get()
    if state in ("approved", "accepted"):
        services.values_approve(actor=None, values=[value])
        value.refresh_from_db()
    if state == "accepted":
        services.values_accept(actor=None, values=[value])
        value.refresh_from_db()
    return value


@pytest.mark.parametrize("name", PERSONAS)
def test_entering_values(name, personas, catalogue, city):
    user = personas[name]
    assert permissions.can_enter_element(user, catalogue["firms"]) == (name in MATRIX["enter"])

    def call():
        return services.values_save(
            actor=user, unit=catalogue["unit"], entries=[entry(catalogue["firms"], city, 2023, 1)]
        )

    if name in MATRIX["enter"]:
        assert call().created == 1
    else:
        with pytest.raises(PermissionDenied):
            call()


@pytest.mark.parametrize("name", PERSONAS)
def test_approving_values(name, personas, catalogue, city):
    value = _value(catalogue, city, "draft")
    if name in MATRIX["approve"]:
        services.values_approve(actor=personas[name], values=[value])
        assert DataValue.objects.get().state == "approved"
    else:
        with pytest.raises(PermissionDenied):
            services.values_approve(actor=personas[name], values=[value])


@pytest.mark.parametrize("name", PERSONAS)
def test_accepting_values(name, personas, catalogue, city):
    value = _value(catalogue, city, "approved")
    if name in MATRIX["accept"]:
        services.values_accept(actor=personas[name], values=[value])
        assert DataValue.objects.get().state == "accepted"
    else:
        with pytest.raises(PermissionDenied):
            services.values_accept(actor=personas[name], values=[value])


@pytest.mark.parametrize("state", ["approved", "accepted"])
@pytest.mark.parametrize("name", PERSONAS)
def test_unlocking_values(name, state, personas, catalogue, city):
    value = _value(catalogue, city, state)
    allowed = name in MATRIX[f"unlock_{state}"]
    assert permissions.can_unlock_value(personas[name], value) == allowed
    if allowed:
        services.value_unlock(actor=personas[name], value=value, reason="更正")
        assert DataValue.objects.get().state == "draft"
    else:
        with pytest.raises(PermissionDenied):
            services.value_unlock(actor=personas[name], value=value, reason="更正")


@pytest.mark.parametrize("name", PERSONAS)
def test_defining_indicators(name, personas, catalogue):
    if name in MATRIX["manage"]:
        services.indicator_save(
            actor=personas[name], code="new_one", name="新指标", formula="firms * 2"
        )
    else:
        with pytest.raises(PermissionDenied):
            services.indicator_save(
                actor=personas[name], code="new_one", name="新指标", formula="firms * 2"
            )


@pytest.mark.parametrize("name", PERSONAS)
def test_pages_answer_by_role(name, personas, catalogue, login):
    client = login(personas[name])
    assert client.get("/indicators/").status_code == 200
    assert client.get("/indicators/table/").status_code == 200
    entry_year = client.get("/indicators/entry/2023/").status_code
    assert entry_year == (200 if name in MATRIX["enter"] else 403)
    definitions_edit = client.get("/indicators/definitions/indicators/new/").status_code
    assert definitions_edit == (200 if name in MATRIX["manage"] else 403)
    approvals = client.get("/indicators/approvals/").status_code
    assert approvals == (200 if name in MATRIX["approve"] | MATRIX["accept"] else 403)


def test_an_outsider_posting_the_entry_form_is_refused(personas, catalogue, city, login):
    response = login(personas["outsider"]).post(
        "/indicators/entry/2023/", {f"v-{catalogue['firms'].pk}-{city.pk}": "1"}
    )
    assert response.status_code == 403
    assert not DataValue.objects.exists()


def test_a_leader_sees_only_accepted_values_and_the_supplying_unit_sees_its_drafts(
    personas, catalogue, city, places
):
    draft = _value(catalogue, city, "draft")
    assert not permissions.values_visible_to(personas["leader"]).filter(pk=draft.pk).exists()
    assert permissions.values_visible_to(personas["lead_reporter"]).filter(pk=draft.pk).exists()
    assert not permissions.values_visible_to(personas["outsider"]).filter(pk=draft.pk).exists()
    assert permissions.values_visible_to(personas["coordinator"]).filter(pk=draft.pk).exists()


def test_a_value_hidden_from_a_user_answers_not_found(personas, catalogue, city, login):
    draft = _value(catalogue, city, "draft")
    assert login(personas["leader"]).get(f"/indicators/values/{draft.pk}/").status_code == 404
    assert (
        login(personas["lead_reporter"]).get(f"/indicators/values/{draft.pk}/").status_code == 200
    )
