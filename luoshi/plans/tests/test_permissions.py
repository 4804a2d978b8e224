"""Persona × capability matrix for plans, exercised through the pages and services.

True = allowed. "other_office" is a coordinator of another unit (市发展改革委): a
coordinator, but not this plan's office.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.core.errors import PermissionDenied
from luoshi.plans import services
from luoshi.plans.models import Plan, PlanImportDraft, Task
from luoshi.plans.tests.factories import plan_text

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "coordinator",
    "other_office",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "coop_approver",
    "county_reporter",
    "outsider",
    "org_admin",
    "org_member",
]
# Organisation people (enterprises, labs, ...) hold no government role: no plan at all.
EVERYONE = set(PERSONAS) - {"org_admin", "org_member"}
OFFICE = {"admin", "coordinator"}

MATRIX = {
    "view_plan": EVERYONE,
    "view_task": EVERYONE,
    "view_matrix": EVERYONE,
    "view_revisions": EVERYONE,
    "api_plan": EVERYONE,
    "export": EVERYONE,
    # A new plan may be imported by any coordinator; a new version only by its own office.
    "import_new": OFFICE | {"other_office"},
    "import_version": OFFICE,
    "link_parent": OFFICE,
    "link_task_parent": OFFICE,
}


@pytest.fixture
def everyone(personas, coop_approver, units, org_admin, org_member):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role

    other = accounts.user_create(
        actor=None,
        username="t-fgw-office",
        password=None,
        unit=units["fgw"],
        role=Role.COORDINATOR,
        validate=False,
    )
    return {
        **personas,
        "coop_approver": coop_approver,
        "other_office": other,
        "org_admin": org_admin,
        "org_member": org_member,
    }


def _do(action, user, client, plan, parent_plan):
    task = Task.objects.filter(plan=plan).first()
    if action == "view_plan":
        return client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    if action == "view_task":
        return client.get(reverse("plans:task", args=[task.pk])).status_code == 200
    if action == "view_matrix":
        return client.get(reverse("plans:matrix", args=[plan.pk])).status_code == 200
    if action == "view_revisions":
        return client.get(reverse("plans:revisions", args=[plan.pk])).status_code == 200
    if action == "api_plan":
        return client.get(f"/api/plans/{plan.pk}").status_code == 200
    if action == "export":
        return client.get(reverse("plans:export", args=[plan.pk, "xlsx"])).status_code == 200
    if action == "import_new":
        response = client.post(
            reverse("plans:import"),
            {"file": SimpleUploadedFile("n.txt", plan_text("另一个方案", 2).encode())},
        )
        return response.status_code == 302 and PlanImportDraft.objects.exists()
    if action == "import_version":
        response = client.post(
            reverse("plans:import") + f"?plan={plan.pk}",
            {"file": SimpleUploadedFile("v.txt", plan_text("另一个方案", 2).encode())},
        )
        return response.status_code == 302 and PlanImportDraft.objects.exists()
    if action == "link_parent":
        client.post(reverse("plans:detail", args=[plan.pk]), {"parent": parent_plan.pk})
        return Plan.objects.get(pk=plan.pk).parent_id == parent_plan.pk
    if action == "link_task_parent":
        services.plan_set_parent(actor=None, plan=plan, parent=parent_plan)
        target = parent_plan.tasks.first()
        client.post(reverse("plans:task", args=[task.pk]), {"parent_task": target.pk})
        return Task.objects.get(pk=task.pk).parent_task_id == target.pk
    raise AssertionError(action)


@pytest.fixture
def parent_plan(directory, coordinator):
    """Another plan in the same directory standing in as the parent."""
    return services.plan_import(
        actor=coordinator,
        data=plan_text("上级测试方案", 3).encode(),
        filename="parent.txt",
        region=directory,
    ).plan


@pytest.mark.parametrize("action", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_permission_matrix(action, persona, everyone, plan, parent_plan, client):
    user = everyone[persona]
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert _do(action, user, client, plan, parent_plan) is (persona in MATRIX[action])


def test_signed_out_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/plans/").status_code == 401


def test_a_missing_plan_answers_404(login, leader):
    assert login(leader).get(reverse("plans:detail", args=[999999])).status_code == 404
    assert login(leader).get("/api/plans/999999").status_code == 404


@pytest.mark.parametrize("persona", ["leader", "lead_reporter", "outsider"])
def test_services_refuse_links_from_outside_the_office(persona, everyone, plan, parent_plan):
    with pytest.raises(PermissionDenied):
        services.plan_set_parent(actor=everyone[persona], plan=plan, parent=parent_plan)
    with pytest.raises(PermissionDenied):
        services.task_link_parent(
            actor=everyone[persona], task=plan.tasks.first(), parent_task=None
        )
