"""/api/organisations/: the whole record where the pages show it (office, leaders, the
organisation's own people), the public catalogue fields of verified organisations to everyone
else with a role, nothing to a signed-in person without one."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(org_admin, other_org_admin, pending_org_admin):
    return {
        "firm": org_admin.org_membership.organisation,
        "university": other_org_admin.org_membership.organisation,
        "pending": pending_org_admin.org_membership.organisation,
    }


@pytest.mark.parametrize(
    "who,full_of_firm,sees_pending",
    [
        ("coordinator", True, True),
        ("leader", True, True),
        ("org_admin", True, False),  # its own record
        ("org_member", True, False),
        ("other_org_admin", False, False),  # another firm: public fields only
        ("lead_reporter", False, False),
    ],
)
def test_each_role_reads_what_the_pages_show(request, login, who, full_of_firm, sees_pending, orgs):
    client = login(request.getfixturevalue(who))
    one = client.get(f"/api/organisations/{orgs['firm'].pk}").json()
    assert one["name"] == "遂宁锂电科技有限公司"
    assert ("credit_code" in one) is full_of_firm
    assert ("contact_phone" in one) is full_of_firm
    pending = client.get(f"/api/organisations/{orgs['pending'].pk}")
    assert pending.status_code == (200 if sees_pending else 404)
    listed = client.get("/api/organisations/").json()
    names = {row["name"] for row in listed["items"]}
    # The catalogue holds verified organisations only, and only their public fields.
    assert names == {"遂宁锂电科技有限公司", "西南测试大学"}
    assert all("credit_code" not in row for row in listed["items"])
    records = client.get("/api/organisations/all")
    assert records.status_code == (200 if who in {"coordinator", "leader"} else 403)
    if records.status_code == 200:
        assert records.json()["count"] == 3


def test_an_organisation_reads_its_own_whole_record(login, pending_org_admin, lead_reporter):
    mine = login(pending_org_admin).get("/api/organisations/mine").json()
    assert mine["state"] == "pending" and len(mine["credit_code"]) == 18
    assert login(lead_reporter).get("/api/organisations/mine").status_code == 404


def test_a_person_without_a_role_and_a_stranger_read_nothing(client, login, orgs):
    assert client.get("/api/organisations/").status_code == 401
    nobody = get_user_model().objects.create_user("t-nobody", password="x", role="")
    client = login(nobody)
    assert client.get("/api/organisations/").status_code == 403
    assert client.get(f"/api/organisations/{orgs['firm'].pk}").status_code == 404


def test_the_catalogue_keeps_its_query_count(
    login, lead_reporter, units, django_assert_num_queries
):
    from conftest import _organisation

    for i in range(20):
        _organisation(9600 + i, f"企业{i}", "enterprise", f"t-e{i}")
    client = login(lead_reporter)
    client.get("/api/organisations/")
    # session, user, count, organisations with places
    with django_assert_num_queries(4):
        assert client.get("/api/organisations/?limit=50").json()["count"] == 20
