"""Supervision fixtures: the small plan (factories.SMALL_PLAN), its quarterly cycle from
2022 Q3 through the services, and the period in progress today."""

import pytest
from django.utils import timezone

from luoshi.supervision.tests import factories


@pytest.fixture
def plan(units):
    return factories.make_plan(units)


@pytest.fixture
def tasks(plan):
    return factories.tasks_of(plan)


@pytest.fixture
def cycle(plan, coordinator):
    return factories.setup_cycle(plan, coordinator)


@pytest.fixture
def period(cycle, plan):
    """The regular period containing today: its report is due after today."""
    today = timezone.localdate()
    return plan.periods.get(kind="regular", start__lte=today, end__gte=today)


@pytest.fixture
def past_period(period, plan):
    """The regular period before it: already past its due date and grace days."""
    return plan.periods.filter(kind="regular", end__lt=period.start).order_by("-start").first()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
