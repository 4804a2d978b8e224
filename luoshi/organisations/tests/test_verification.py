"""The office verifies or rejects; each decision is audited; the queue keeps its query count."""

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.testing import assert_constant_queries
from luoshi.organisations import selectors, services
from luoshi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_office_verifies_a_pending_organisation(login, coordinator, pending_org_admin):
    organisation = pending_org_admin.org_membership.organisation
    client = login(coordinator)
    queue = client.get(reverse("organisations:queue")).content.decode()
    assert organisation.name in queue
    client.post(reverse("organisations:decide", args=[organisation.pk]), {"decision": "verify"})
    organisation.refresh_from_db()
    assert organisation.state == Organisation.State.VERIFIED
    assert organisation.decided_by == coordinator
    event = AuditEvent.objects.filter(verb="verify").get()
    assert event.actor == coordinator and event.changes["state"] == ["pending", "verified"]


def test_rejecting_needs_a_reason_and_the_organisation_may_ask_again(
    login, coordinator, pending_org_admin, pdf
):
    organisation = pending_org_admin.org_membership.organisation
    with pytest.raises(ValidationFailed):
        services.organisation_reject(actor=coordinator, organisation=organisation, note=" ")
    services.organisation_reject(actor=coordinator, organisation=organisation, note="执照模糊")
    page = login(pending_org_admin).get(reverse("organisations:mine")).content.decode()
    assert "执照模糊" in page
    services.organisation_resubmit(actor=pending_org_admin, organisation=organisation, proof=pdf)
    organisation.refresh_from_db()
    assert organisation.state == Organisation.State.PENDING and organisation.proof


def test_a_verified_organisation_cannot_be_verified_twice(coordinator, org_admin):
    with pytest.raises(ValidationFailed):
        services.organisation_verify(
            actor=coordinator, organisation=org_admin.org_membership.organisation
        )


@pytest.mark.parametrize("who", ["leader", "lead_reporter", "org_admin", "pending_org_admin"])
def test_only_the_office_decides(request, who, pending_org_admin):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.organisation_verify(
            actor=user, organisation=pending_org_admin.org_membership.organisation
        )


def test_the_org_administrator_adds_a_member_who_sees_the_organisation(login, org_admin):
    client = login(org_admin)
    client.post(
        reverse("organisations:member_add"),
        {
            "full_name": "李四",
            "username": "lisi-org",
            "password": "Li-si-password-2025",
            "role": "member",
        },
    )
    membership = org_admin.org_membership.organisation.memberships.get(user__username="lisi-org")
    assert membership.user.role == "org_member"
    member_client = login(membership.user)
    assert member_client.get(reverse("organisations:mine")).status_code == 200
    # A member does not manage members.
    with pytest.raises(PermissionDenied):
        services.member_add(
            actor=membership.user,
            organisation=membership.organisation,
            username="x",
            password=None,
            full_name="x",
        )


def test_the_queue_costs_the_same_queries_for_one_and_many(coordinator, pending_org_admin):
    from luoshi.organisations.codes import synthetic_credit_code

    def fetch():
        return [(o.name, o.region, o.member_count) for o in selectors.queue(viewer=coordinator)]

    def grow():
        for i in range(20):
            services.organisation_register(
                credit_code=synthetic_credit_code(100 + i),
                name=f"企业{i}",
                kind="enterprise",
                contact_name="a",
                contact_phone="1",
                username=f"org{i}",
                password=None,
                is_demo=True,
            )

    # one query: organisations with their region and member count
    assert_constant_queries(fetch, grow, expected=1)


def test_the_queue_page_answers_with_a_constant_number_of_queries(
    login, coordinator, pending_org_admin, django_assert_max_num_queries
):
    client = login(coordinator)
    client.get(reverse("organisations:queue"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organisations:queue") + "?state=all").status_code == 200
