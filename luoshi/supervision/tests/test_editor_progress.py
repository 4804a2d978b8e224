"""The report editor shows the progress expected by the period's end and, as the person types
a figure, the light it would give once sent — by the status read model's own rule."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.supervision import status
from luoshi.supervision.selectors import reports
from luoshi.supervision.tests import factories


@pytest.fixture
def live(units, coordinator):
    today = timezone.localdate()
    plan = factories.make_plan(units, deadline=today + dt.timedelta(days=365))
    start = factories.quarter_start(today - dt.timedelta(days=365))
    factories.setup_cycle(plan, coordinator, first_period_start=start)
    task = factories.tasks_of(plan)["1"]
    period = plan.periods.get(kind="regular", start__lte=today, end__gte=today)
    return period, task


def test_the_hint_uses_the_same_pace_and_rule_as_the_lights(live):
    period, task = live
    expected = status.expected_progress(
        status.load(period.plan, [period]), period, task, timezone.localdate()
    )
    assert 30 < expected < 70  # about a year of two done
    for progress, colour in (
        (int(expected) + 2, "green"),
        (int(expected * 0.9), "yellow"),
        (5, "red"),
    ):
        hint = reports.progress_hint(period=period, task=task, progress_pct=progress)
        assert hint["pace"].expected == expected and hint["reason"].colour == colour


def test_the_editor_and_its_autosave_show_expected_progress_and_the_outcome(
    live, lead_reporter, login
):
    period, task = live
    client = login(lead_reporter)
    page = client.get(
        reverse("supervision:report_edit", args=[period.pk, task.pk])
    ).content.decode()
    assert 'data-testid="expected-progress"' in page and "progress-outcome" not in page
    saved = client.post(
        reverse("supervision:report_save", args=[period.pk, task.pk]),
        {"version": 0, "work_done": "推进中", "progress_pct": 3},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="progress-hint"' in saved and 'hx-swap-oob="true"' in saved
    assert 'data-testid="progress-outcome" data-colour="red"' in saved
