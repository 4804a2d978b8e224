"""Every list page and list endpoint issues the same number of queries for 1× and 10× data.

Each request starts with two queries the platform makes for any signed-in page: the
session and the user. Pages then add the user's unit for the navigation bar (base.html).
"""

import pytest
from django.urls import reverse

from luoshi.core.testing import assert_constant_queries
from luoshi.plans import services
from luoshi.plans.tests.factories import plan_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(directory, coordinator):
    """A plan with 5 tasks."""
    return services.plan_import(
        actor=coordinator,
        data=plan_text("测试方案", 5).encode(),
        filename="a.txt",
        region=directory,
    ).plan


def tenfold(coordinator, directory, plan):
    """Grow the plan to 50 tasks in 10 sections (a new revision of the same plan)."""

    def grow():
        services.plan_import(
            actor=coordinator,
            data=plan_text("测试方案", 50, sections=10).encode(),
            filename="b.txt",
            region=directory,
            plan=plan,
        )

    return grow


def more_plans(coordinator, directory, count=9):
    def grow():
        for i in range(count):
            services.plan_import(
                actor=coordinator,
                data=plan_text(f"测试方案{i}", 5).encode(),
                filename=f"{i}.txt",
                region=directory,
            )

    return grow


def test_plan_list(login, coordinator, directory, small):
    client = login(coordinator)
    # session, user, the user's unit (with its region chain), the regions under it (the
    # viewer's scope), plans (with region, office, parent and both counts joined/subqueried),
    # the viewer's unfinished imports
    assert_constant_queries(
        lambda: client.get(reverse("plans:list")), more_plans(coordinator, directory), expected=6
    )


def test_plan_overview(login, lead_reporter, coordinator, directory, small):
    client = login(lead_reporter)
    # session, user, plan (+region, office, parent), chapters, sections, tasks, assignments
    # (+units, groups), targets, child plans, revision count, the user's unit; the regions
    # under it (the viewer's scope)
    assert_constant_queries(
        lambda: client.get(reverse("plans:detail", args=[small.pk])),
        tenfold(coordinator, directory, small),
        expected=12,
    )


def test_plan_overview_for_the_office_adds_the_parent_plan_choices(
    login, coordinator, directory, small
):
    client = login(coordinator)
    # the 12 above + the plans the parent-plan form offers
    assert_constant_queries(
        lambda: client.get(reverse("plans:detail", args=[small.pk])),
        tenfold(coordinator, directory, small),
        expected=13,
    )


def test_matrix(login, leader, coordinator, directory, small):
    client = login(leader)
    # session, user, plan, sections with live tasks, tasks, assignments (+units, groups), the
    # user's unit, the regions under its region (the viewer's scope); the plan picker: the
    # plans the viewer reads, the office's default plan
    assert_constant_queries(
        lambda: client.get(reverse("plans:matrix", args=[small.pk])),
        tenfold(coordinator, directory, small),
        expected=10,
    )


def test_matrix_filtered_by_section_and_kind(login, leader, coordinator, directory, small):
    client = login(leader)
    section = small.chapters.get(title="重点任务").sections.first()
    url = reverse("plans:matrix", args=[small.pk]) + f"?section={section.pk}&kind=county"
    assert_constant_queries(
        lambda: client.get(url), tenfold(coordinator, directory, small), expected=10
    )


def test_unit_page(login, lead_reporter, coordinator, directory, small, units):
    client = login(lead_reporter)
    # session, user, the unit, its assignments (+task, plan, section, group), the user's unit,
    # the regions under its region (the viewer's scope)
    assert_constant_queries(
        lambda: client.get(reverse("plans:unit", args=[units["kjj"].pk])),
        more_plans(coordinator, directory),
        expected=6,
    )


def test_revision_history(login, coordinator, directory, small):
    client = login(coordinator)

    def grow():
        for n in range(6, 15):
            services.plan_import(
                actor=coordinator,
                data=plan_text("测试方案", n).encode(),
                filename=f"{n}.txt",
                region=directory,
            )

    # session, user, plan, revisions (+who imported them), the user's unit, the regions under
    # its region (the viewer's scope), the changes made by hand (+who made them)
    assert_constant_queries(
        lambda: client.get(reverse("plans:revisions", args=[small.pk])), grow, expected=7
    )
    assert small.revisions.count() == 10


def test_api_plan_list(login, leader, coordinator, directory, small):
    client = login(leader)
    # session, user, the viewer's scope (unit with region chain, regions under it), plans
    # with counts
    assert_constant_queries(
        lambda: client.get("/api/plans/"), more_plans(coordinator, directory), expected=5
    )


def test_api_plan_detail(login, leader, coordinator, directory, small):
    client = login(leader)
    # session, user, the viewer's scope (unit with region chain, regions under it), plan, tasks
    # (+chapter, section), assignments (+units, groups), revision count, chapters, sections,
    # targets
    assert_constant_queries(
        lambda: client.get(f"/api/plans/{small.pk}"),
        tenfold(coordinator, directory, small),
        expected=11,
    )
