"""The demo links the Suining plan's tasks to their programmes' figures: task 7 shows the
open-sharing figures computed from the demo's instruments, vouchers, experts and labs; a
second run changes nothing; a task the office already chose figures for is left alone; a
programme whose elements do not exist is skipped."""

import io

import pytest
from django.urls import reverse

from luoshi.core.models import AuditEvent
from luoshi.demo import plans, sharing, taskfigures
from luoshi.indicators import services as indicators
from luoshi.indicators.models import ComputedValue, DataElement, TaskFigure
from luoshi.plans.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def suining(directory):
    plans.load(stdout=io.StringIO())
    sharing.load(stdout=io.StringIO())
    return {t.number: t for t in Task.objects.filter(plan__title=taskfigures.TITLE)}


def _state():
    return (
        sorted(TaskFigure.objects.values_list("pk", "task_id", "element_id", "order")),
        sorted(DataElement.objects.values_list("pk", "code")),
        sorted(ComputedValue.objects.values_list("pk", "value")),
        AuditEvent.objects.count(),
    )


def test_after_the_demo_task_7_shows_its_open_sharing_figures(suining, lead_reporter, login, city):
    out = io.StringIO()
    taskfigures.load(stdout=out)
    assert "6 open-sharing data elements" in out.getvalue()
    assert [f.element.code for f in TaskFigure.objects.filter(task=suining["7"])] == [
        "sharing_instruments_open",
        "sharing_outside_hours",
        "vouchers_issued",
        "vouchers_settled",
        "experts_in_database",
        "testing_labs_in_database",
    ]
    assert all(f.is_demo for f in TaskFigure.objects.all())
    element = DataElement.objects.get(code="sharing_instruments_open")
    assert "演示" in element.definition and element.supplying_unit.code == "kjj"

    response = login(lead_reporter).get(reverse("indicators:task_figures", args=[suining["7"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "对外开放大型科研仪器数" in page and "科技创新券发放额" in page
    rows = {r.element.code: r for r in response.context["figures"]}
    assert rows["sharing_instruments_open"].latest_value == len(sharing.INSTRUMENTS)
    assert rows["vouchers_issued"].latest_value > 0
    assert all(r.is_demo for r in rows.values() if r.latest_value is not None)
    assert 'data-testid="demo-badge"' in page


def test_a_second_run_changes_nothing_and_the_offices_choice_stays(suining, coordinator):
    taskfigures.load(stdout=io.StringIO())
    before = _state()
    taskfigures.load(stdout=io.StringIO())
    assert _state() == before

    labs = DataElement.objects.get(code="testing_labs_in_database")
    indicators.task_figures_set(actor=coordinator, task=suining["7"], elements=[labs])
    taskfigures.load(stdout=io.StringIO())
    assert [f.element for f in TaskFigure.objects.filter(task=suining["7"])] == [labs]


def test_tasks_whose_programme_has_no_element_are_skipped(suining):
    # Without the registries' demo (高企, contracts, loans, talent cards, projects) only the
    # open-sharing elements exist: task 7 alone is linked.
    taskfigures.load(stdout=io.StringIO())
    assert set(TaskFigure.objects.values_list("task__number", flat=True)) == {"7"}
