"""Role × page/action matrix for the foundation: home pages, audit, directory, accounts.

Each row is a page or action; each column a persona. True = allowed.
"""

import pytest

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "outsider",
    "org_admin",
    "org_member",
]
GOVERNMENT = set(PERSONAS) - {"org_admin", "org_member"}

# action: set of personas allowed
MATRIX = {
    "view_home": set(PERSONAS),
    "view_admin_home": {"admin"},
    "view_audit": {"admin", "coordinator"},
    # Organisation people have no business with the government's unit directory.
    "view_directory": GOVERNMENT,
    "view_unit": GOVERNMENT,
    "open_add_unit": {"admin", "coordinator"},
    "add_unit": {"admin", "coordinator"},
    "add_alias": {"admin", "coordinator"},
    "merge_units": {"admin", "coordinator"},
    "view_profile": set(PERSONAS),
}


def _do(action, client, units):
    from luoshi.org.models import Unit

    kjj = units["kjj"].pk
    if action == "view_home":
        return client.get("/home/").status_code == 200
    if action == "view_admin_home":
        return client.get("/accounts/admin-home/").status_code == 200
    if action == "view_audit":
        return client.get("/accounts/audit/").status_code == 200
    if action == "view_directory":
        return client.get("/org/").status_code == 200
    if action == "view_unit":
        return client.get(f"/org/units/{kjj}/").status_code == 200
    if action == "open_add_unit":
        return client.get("/org/units/new/").status_code == 200
    if action == "add_unit":
        client.post("/org/units/new/", {"name": "遂宁市测试局", "kind": "department"})
        return Unit.objects.filter(name="遂宁市测试局").exists()
    if action == "add_alias":
        client.post(f"/org/units/{kjj}/", {"alias-name": "测试别名"})
        return units["kjj"].aliases.filter(name="测试别名").exists()
    if action == "merge_units":
        dup = Unit.objects.create(region=units["kjj"].region, name="重复单位")
        client.post(f"/org/units/{kjj}/", {"merge-duplicate": dup.pk})
        dup.refresh_from_db()
        return dup.merged_into_id == kjj
    if action == "view_profile":
        return client.get("/accounts/profile/").status_code == 200
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_role_action_matrix(action, persona, request, units, login):
    user = request.getfixturevalue({"admin": "admin_user"}.get(persona, persona))
    allowed = _do(action, login(user), units)
    assert allowed == (persona in MATRIX[action]), (
        f"{persona} {action}: expected {persona in MATRIX[action]}"
    )


@pytest.mark.parametrize("url", ["/home/", "/org/", "/accounts/audit/", "/accounts/profile/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url, db):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
