import pytest
from django.core.cache import cache

from luoshi.supervision.tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def plan(units):
    return factories.make_plan(units)


@pytest.fixture
def tasks(plan):
    return factories.tasks_of(plan)


@pytest.fixture
def cycle_period(plan, coordinator):
    """A past regular period of the plan's quarterly cycle."""
    from django.utils import timezone

    factories.setup_cycle(plan, coordinator)
    return (
        plan.periods.filter(kind="regular", due_date__lt=timezone.localdate())
        .order_by("-start")
        .first()
    )
