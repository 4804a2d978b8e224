"""Role × action matrix for organisations, and organisation people kept out of government pages.

Personas: the government ones of conftest.py, plus org_admin / org_member (a verified
enterprise), other_org_admin (another verified organisation) and pending_org_admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin_user",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "outsider",
    "org_admin",
    "org_member",
    "other_org_admin",
    "pending_org_admin",
]
OFFICE = {"admin_user", "coordinator"}
ORG_PEOPLE = {"org_admin", "org_member", "other_org_admin", "pending_org_admin"}

MATRIX = {
    "view_queue": OFFICE | {"leader"},
    "view_org_detail": OFFICE | {"leader"},
    "download_proof": OFFICE | {"leader", "org_admin", "org_member"},
    "decide": OFFICE,
    "view_mine": ORG_PEOPLE,
    "add_member": {"org_admin", "other_org_admin"},
}


@pytest.fixture
def target(org_admin, pdf):
    """org_admin's enterprise, with a proof on file."""
    from luoshi.organisations.models import Organisation

    organisation = org_admin.org_membership.organisation
    organisation.proof.save("p.pdf", pdf, save=False)
    Organisation.objects.filter(pk=organisation.pk).update(proof=organisation.proof.name)
    return organisation


@pytest.fixture
def suspect(units):
    from luoshi.organisations import services
    from luoshi.organisations.codes import synthetic_credit_code

    return services.organisation_register(
        credit_code=synthetic_credit_code(7777),
        name="待定机构",
        kind="lab",
        contact_name="x",
        contact_phone="1",
        username="suspect-org",
        password=None,
        is_demo=True,
    )


def _do(action, client, user, target, suspect):
    if action == "view_queue":
        return client.get(reverse("organisations:queue")).status_code == 200
    if action == "view_org_detail":
        return client.get(reverse("organisations:detail", args=[target.pk])).status_code == 200
    if action == "download_proof":
        return client.get(reverse("organisations:proof", args=[target.pk])).status_code == 200
    if action == "decide":
        client.post(reverse("organisations:decide", args=[suspect.pk]), {"decision": "verify"})
        suspect.refresh_from_db()
        return suspect.state == "verified"
    if action == "view_mine":
        return client.get(reverse("organisations:mine")).status_code == 200
    if action == "add_member":
        client.post(
            reverse("organisations:member_add"),
            {
                "full_name": "新人",
                "username": f"new-{user.pk}",
                "password": "Xx-2025-abcdef",
                "role": "member",
            },
        )
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(username=f"new-{user.pk}").exists()
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_permission_matrix(action, persona, request, login, target, suspect):
    user = request.getfixturevalue(persona)
    assert _do(action, login(user), user, target, suspect) is (persona in MATRIX[action])


GOVERNMENT_PAGES = [
    "/supervision/overview/",
    "/supervision/todo/",
    "/plans/",
    "/indicators/",
    "/indicators/entry/",
    "/assessment/",
    "/org/",
    "/accounts/users/",
    "/accounts/audit/",
    "/plans/matrix/",
    "/indicators/dashboard/",
]


@pytest.mark.parametrize("persona", ["org_admin", "org_member"])
def test_organisation_people_see_no_government_page(persona, request, login, units):
    client = login(request.getfixturevalue(persona))
    for url in GOVERNMENT_PAGES:
        status = client.get(url).status_code
        assert status in (302, 403, 404), f"{url} answered {status}"
        if status == 302:
            assert "/accounts/login/" not in client.get(url)["Location"]
    # The API lists no plan either.
    assert client.get("/api/plans/").json() == []


@pytest.mark.parametrize("persona", ["org_admin", "org_member"])
def test_organisation_people_are_shown_only_their_own_navigation(persona, request, login):
    client = login(request.getfixturevalue(persona))
    response = client.get("/", follow=True)
    assert response.status_code == 200
    labels = {str(item["label"]) for item in response.context["nav_items"]}
    assert labels
    government = {
        "我的待办",
        "督查总览",
        "责任矩阵",
        "数据填报",
        "单位名录",
        "账号管理",
        "操作日志",
        "目标考核",
    }
    assert not labels & government
