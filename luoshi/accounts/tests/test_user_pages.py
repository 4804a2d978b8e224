"""Account management: the office manages every account, an approver the reporters of
their own unit; every change is audited."""

import pytest

from luoshi.accounts.models import User
from luoshi.core.models import AuditEvent
from luoshi.core.roles import Role
from luoshi.core.testing import assert_constant_queries

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_user",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "outsider",
]

# persona -> (sees the list, may add a reporter to 市发展改革委, may make a coordinator,
#             may edit a 市经济和信息化局 reporter)
MATRIX = {
    "admin_user": (True, True, True, True),
    "coordinator": (True, True, True, True),
    "leader": (True, False, False, False),
    "lead_reporter": (False, False, False, False),
    "lead_approver": (True, True, False, False),
    "coop_reporter": (False, False, False, False),
    "outsider": (False, False, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_account_management_matrix(persona, request, units, login, coop_reporter):
    user = request.getfixturevalue(persona)
    client = login(user)
    sees, adds_reporter, makes_coordinator, edits_other_unit = MATRIX[persona]

    assert (client.get("/accounts/users/").status_code == 200) == sees

    client.post(
        "/accounts/users/new/",
        {
            "username": "new-fgw",
            "unit": units["fgw"].pk,
            "role": "reporter",
            "password": "Another-secret-42",
        },
    )
    assert User.objects.filter(username="new-fgw").exists() == adds_reporter

    client.post(
        "/accounts/users/new/",
        {"username": "new-office", "unit": units["kjj"].pk, "role": "coordinator"},
    )
    assert User.objects.filter(username="new-office").exists() == makes_coordinator

    client.post(
        f"/accounts/users/{coop_reporter.pk}/",
        {"full_name": "改名", "unit": units["jxj"].pk, "role": "reporter", "is_active": "on"},
    )
    coop_reporter.refresh_from_db()
    assert (coop_reporter.full_name == "改名") == edits_other_unit


def test_an_approver_sees_only_their_own_units_accounts(
    lead_approver, coop_reporter, lead_reporter, login
):
    page = login(lead_approver).get("/accounts/users/").content.decode()
    assert lead_reporter.username in page and coop_reporter.username not in page


def test_an_approver_cannot_promote_a_reporter(lead_approver, lead_reporter, units, login):
    login(lead_approver).post(
        f"/accounts/users/{lead_reporter.pk}/",
        {"full_name": "x", "unit": units["fgw"].pk, "role": "approver", "is_active": "on"},
    )
    lead_reporter.refresh_from_db()
    assert lead_reporter.role == Role.REPORTER


def test_deactivating_an_account_is_audited_without_the_password(
    coordinator, coop_reporter, units, login
):
    login(coordinator).post(
        f"/accounts/users/{coop_reporter.pk}/",
        {"full_name": coop_reporter.full_name, "unit": units["jxj"].pk, "role": "reporter"},
    )
    coop_reporter.refresh_from_db()
    assert not coop_reporter.is_active
    event = AuditEvent.objects.get(
        model="accounts.user", object_pk=str(coop_reporter.pk), action="update"
    )
    assert event.changes["is_active"] == [True, False]
    assert "password" not in event.changes


def test_a_weak_initial_password_is_refused_with_a_message(coordinator, units, login):
    page = login(coordinator).post(
        "/accounts/users/new/",
        {"username": "weakling", "unit": units["fgw"].pk, "role": "reporter", "password": "123"},
    )
    assert page.status_code == 200 and not User.objects.filter(username="weakling").exists()
    assert "密码" in page.content.decode()


def test_the_account_list_keeps_its_query_count_as_accounts_grow(coordinator, units, login):
    from luoshi.accounts import services

    client = login(coordinator)
    counter = iter(range(1000))

    def grow():
        for _ in range(30):
            services.user_create(
                actor=None, username=f"bulk-{next(counter)}", password=None, unit=units["fgw"]
            )

    # session, user, the user's unit (navigation bar), count for the paginator, units for the filter,
    # the page of accounts joined with their units
    assert_constant_queries(lambda: client.get("/accounts/users/"), grow, expected=6)
