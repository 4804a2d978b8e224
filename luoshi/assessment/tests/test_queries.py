"""The assessment page issues the same number of queries for a small plan and one ten times
larger (tasks, units, reports, milestones, notices, yearly targets), live and frozen."""

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.assessment import services
from luoshi.core.testing import assert_constant_queries
from luoshi.supervision.tests.test_query_counts import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(plan, tasks, cycle, coordinator):
    return services.scheme_create(actor=coordinator, plan=plan, year=timezone.localdate().year)


def test_the_draft_page_is_constant(scheme, plan, units, coordinator, leader, login):
    client = login(coordinator)
    url = reverse("assessment:scheme", args=[scheme.pk])

    def fetch():
        response = client.get(url)
        assert response.status_code == 200 and response.context["lines"]

    # session, user; the viewer's unit and the regions under it (scope); the scheme with its
    # plan; criteria; the process figures (periods, tasks, ad-hoc selections, assignments, the
    # cycle, report, milestone and notice aggregates); the places' yearly targets (their
    # figures and figures in approval are read only when there are targets); items for the
    # calculation; objections; items for the list; the years; the units an item may name and
    # the form's choices of them.
    assert_constant_queries(fetch, lambda: grow(plan, units, coordinator, leader), expected=21)


def test_the_frozen_page_is_constant(scheme, plan, units, coordinator, leader, login):
    services.scheme_publish(actor=coordinator, scheme=scheme)
    client = login(leader)
    url = reverse("assessment:scheme", args=[scheme.pk])

    def fetch():
        assert client.get(url).status_code == 200

    def more():
        grow(plan, units, coordinator, leader)
        services.scheme_recompute(actor=coordinator, scheme=scheme)

    # session, user; the viewer's unit and the regions under it; the scheme with its plan;
    # criteria; the frozen results; objections; items; the years.
    assert_constant_queries(fetch, more, expected=10)
