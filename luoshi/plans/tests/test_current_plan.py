"""One source for "the viewer's current plan": their choice, else the office default for the
directory, else the newest active plan. Importing a plan does not take over the default;
archiving one takes it out of every default and keeps its data."""

import pytest
from django.urls import reverse

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans import selectors, services
from luoshi.plans.models import Plan, PlanChoice
from luoshi.plans.tests.factories import plan_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def newer(plan, directory, coordinator):
    text = plan_text("遂宁市科技创新工作方案", 3).replace("2022年", "2026年")
    return services.plan_import(
        actor=coordinator, data=text.encode(), filename="new.txt", region=directory
    ).plan


def test_importing_a_plan_does_not_take_over_what_everyone_sees(plan, newer, leader, lead_reporter):
    assert newer.pk != plan.pk
    assert selectors.current_plan(viewer=leader) == plan
    assert selectors.current_plan(viewer=lead_reporter) == plan


def test_a_persons_choice_wins_for_them_only(plan, newer, leader, coordinator):
    services.current_plan_set(actor=leader, plan=newer)
    assert selectors.current_plan(viewer=leader) == newer
    assert selectors.current_plan(viewer=coordinator) == plan


def test_the_office_sets_everyones_default(plan, newer, leader, coordinator):
    services.office_default_set(actor=coordinator, plan=newer)
    assert selectors.current_plan(viewer=leader) == newer


def test_only_the_office_sets_the_default(plan, leader):
    with pytest.raises(PermissionDenied):
        services.office_default_set(actor=leader, plan=plan)


def test_an_archived_plan_leaves_every_default_and_keeps_its_data(plan, newer, leader, coordinator):
    services.current_plan_set(actor=leader, plan=plan)
    tasks = plan.tasks.count()
    services.plan_archive(actor=coordinator, plan=plan)
    assert not PlanChoice.objects.filter(plan=plan).exists()
    assert selectors.current_plan(viewer=leader) == newer
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ARCHIVED and plan.tasks.count() == tasks
    with pytest.raises(ValidationFailed):
        services.current_plan_set(actor=leader, plan=plan)
    services.plan_archive(actor=coordinator, plan=plan, archived=False)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE


def test_the_picker_remembers_the_choice_and_goes_back_without_the_plan_parameter(
    login, plan, newer, leader
):
    client = login(leader)
    response = client.post(
        reverse("plans:current"),
        {"plan": newer.pk, "next": "/plans/matrix/?plan=1&kind=county"},
    )
    assert response.status_code == 302 and response["Location"] == "/plans/matrix/?kind=county"
    assert selectors.current_plan(viewer=leader) == newer
    matrix = client.get(reverse("plans:matrix_default"))
    assert matrix["Location"].startswith(reverse("plans:matrix", args=[newer.pk]))


def test_the_picker_refuses_a_plan_the_viewer_cannot_read(login, plan, elsewhere):
    other = Plan.objects.create(region=elsewhere["region"], title="别处的方案")
    response = login(elsewhere["leader"]).post(reverse("plans:current"), {"plan": plan.pk})
    assert response.status_code == 404
    response = login(elsewhere["office"]).post(reverse("plans:current"), {"plan": plan.pk})
    assert response.status_code == 404
    assert not PlanChoice.objects.filter(user__isnull=False).exists()
    assert other.pk


@pytest.mark.parametrize("persona", ["leader", "lead_reporter", "outsider"])
def test_only_the_office_archives(persona, personas, login, plan):
    login(personas[persona]).post(reverse("plans:archive", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE


def test_someone_elses_choice_is_never_mine(plan, newer, leader, admin_user):
    # The administrator belongs to no unit: no directory default applies to them, and the
    # leader's choice must not either. (The newer upload has no date: the dated plan is the
    # newest by issue date.)
    PlanChoice.objects.all().delete()
    services.current_plan_set(actor=leader, plan=newer)
    assert admin_user.unit_id is None and newer.issued_on is None
    assert selectors.current_plan(viewer=admin_user) == plan
