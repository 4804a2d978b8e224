"""Assessment fixtures: the small supervision plan (supervision/tests/factories.py) with its
quarterly cycle, a round of reports through the services, and helpers to reach states."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.supervision import services as supervision
from luoshi.supervision.tests import factories


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(units):
    return factories.make_plan(units)


@pytest.fixture
def tasks(plan):
    return factories.tasks_of(plan)


@pytest.fixture
def cycle(plan, coordinator):
    return factories.setup_cycle(plan, coordinator)


def submit(period, task, reporter, approver, text="本期工作"):
    report = supervision.report_save_draft(
        actor=reporter, period=period, task=task, version=0, work_done=text
    )
    return supervision.report_sign_off(
        actor=approver, period=report.period, task=report.task, version=report.version
    )


@pytest.fixture
def round_(plan, tasks, coordinator):
    """An ad-hoc round on tasks 1 and 3 due in two days; counted as due from `due_after`."""
    return factories.open_round(
        plan, coordinator, due_in_days=2, tasks=[tasks["1"], tasks["3"]], title="年度考核轮次"
    )


@pytest.fixture
def reported(round_, tasks, coop_reporter, coop_approver, lead_reporter, lead_approver):
    """jxj reports on both tasks on time; fgw reports on task 1 only."""
    submit(round_, tasks["1"], coop_reporter, coop_approver)
    submit(round_, tasks["3"], coop_reporter, coop_approver)
    submit(round_, tasks["1"], lead_reporter, lead_approver)
    return round_


@pytest.fixture
def due_after(round_):
    """A day on which the round is due (the assessment counts periods already due)."""
    return round_.due_date + dt.timedelta(days=1)


@pytest.fixture
def year(round_):
    return round_.end.year


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def goal_2025(plan, directory):
    """A monitored target of the plan for 2025 (the plan's target year)."""
    from decimal import Decimal

    from luoshi.indicators.models import Goal

    return Goal.objects.create(
        plan=plan,
        region=directory,
        name="国家高新技术企业",
        comparator=">=",
        target_year=2025,
        target_value=Decimal("300"),
    )
