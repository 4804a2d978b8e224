"""A task's programme figures: the office of the plan links computed data elements to a task
(audited, ordered, only registry-computed ones), and the task's pages load a fragment with
each figure per year for the plan's place, the latest year linked to the rows behind it —
the same for 1 figure in 1 year and 6 figures over 5 years, 404 alike for a task out of
sight, and nothing at all for a task without figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.testing import assert_constant_queries
from luoshi.experts import services as experts
from luoshi.experts.models import Lab
from luoshi.indicators import permissions, services
from luoshi.indicators.models import TaskFigure
from luoshi.supervision.tests import factories

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year

PERSONAS = [
    "admin",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "county_reporter",
    "outsider",
]
# Choosing a task's figures: the office of the plan (市科技局's coordinator) and administrators.
CHOOSE = {"admin", "coordinator"}


@pytest.fixture
def plan(units):
    return factories.make_plan(units)


@pytest.fixture
def task(plan):
    return factories.tasks_of(plan)["1"]


def _labs(city, n, *, since: int = THIS_YEAR):
    """n testing labs in 船山区, entered in `since` (they count every year from then on)."""
    chuanshan = city.children.get(name="船山区")
    for i in range(n):
        lab = experts.lab_add(actor=None, name=f"检测中心{i}", region=chuanshan, is_demo=True)
        moment = timezone.make_aware(dt.datetime(since, 3, 1))
        Lab.objects.filter(pk=lab.pk).update(created_at=moment)


def _element(units, code, computation="testing_labs_in_database", **fields):
    return services.element_save(
        actor=None,
        code=code,
        name=fields.pop("name", f"检测机构数{code}"),
        unit_of_measure="家",
        aggregation="last",
        value_type="integer",
        supplying_unit=units["kjj"],
        computation=computation,
        **fields,
    )


def _refresh(city):
    services.computed_values_refresh(region=city)


# -- the service ---------------------------------------------------------------------------


def test_the_office_sets_a_tasks_figures_in_order_and_each_change_is_audited(
    task, units, coordinator, login
):
    labs = _element(units, "labs")
    experts_el = _element(units, "experts", computation="experts_in_database")
    services.task_figures_set(actor=coordinator, task=task, elements=[labs, experts_el])
    assert [(f.element.code, f.order) for f in TaskFigure.objects.filter(task=task)] == [
        ("labs", 1),
        ("experts", 2),
    ]
    services.task_figures_set(actor=coordinator, task=task, elements=[experts_el, labs, labs])
    assert [f.element.code for f in TaskFigure.objects.filter(task=task)] == ["experts", "labs"]
    events = AuditEvent.objects.filter(verb="task_figures_set").order_by("pk")
    assert [e.changes for e in events] == [
        {"programme_figures": [[], ["labs", "experts"]]},
        {"programme_figures": [["labs", "experts"], ["experts", "labs"]]},
    ]
    assert {(e.model, e.object_pk) for e in events} == {("plans.task", str(task.pk))}
    # The audit trail reads the change in words.
    trail = login(coordinator).get(reverse("accounts:audit"))
    assert trail.status_code == 200
    assert "experts、labs" in trail.content.decode()
    assert events.last().actor == coordinator
    # The same list again writes nothing; an empty list removes every link.
    services.task_figures_set(actor=coordinator, task=task, elements=[experts_el, labs])
    assert events.all().count() == 2
    services.task_figures_set(actor=coordinator, task=task, elements=[])
    assert not TaskFigure.objects.filter(task=task).exists()
    assert events.all().count() == 3


def test_only_figures_computed_from_a_registry_can_be_chosen(task, units, coordinator):
    labs = _element(units, "labs")
    typed = services.element_save(
        actor=None, code="typed", name="手填数", supplying_unit=units["kjj"]
    )
    services.task_figures_set(actor=coordinator, task=task, elements=[labs])
    with pytest.raises(ValidationFailed, match="手填数"):
        services.task_figures_set(actor=coordinator, task=task, elements=[labs, typed])
    assert [f.element for f in TaskFigure.objects.filter(task=task)] == [labs]


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_choose_a_tasks_figures(name, personas, task, units, login):
    user = personas[name]
    labs = _element(units, "labs")
    assert permissions.can_choose_task_figures(user, task) == (name in CHOOSE)
    page = login(user).get(reverse("indicators:task_figures_edit", args=[task.pk]))
    saved = login(user).post(
        reverse("indicators:task_figures_edit", args=[task.pk]),
        {f"pick-{labs.pk}": "on", f"order-{labs.pk}": "1"},
    )
    if name in CHOOSE:
        assert page.status_code == 200
        assert saved.status_code == 302
        assert saved.url == reverse("plans:task", args=[task.pk])
        assert [f.element for f in TaskFigure.objects.filter(task=task)] == [labs]
    else:
        # The task is visible to them (plans are read by every role): refused, not hidden.
        assert page.status_code == 403
        assert saved.status_code == 403
        assert not TaskFigure.objects.filter(task=task).exists()
        with pytest.raises(PermissionDenied):
            services.task_figures_set(actor=user, task=task, elements=[labs])


def test_another_citys_office_neither_sees_nor_chooses_the_figures(task, units, elsewhere, login):
    labs = _element(units, "labs")
    office = elsewhere["office"]
    assert not permissions.can_choose_task_figures(office, task)
    response = login(office).get(reverse("indicators:task_figures_edit", args=[task.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.task_figures_set(actor=office, task=task, elements=[labs])


def test_the_page_keeps_the_order_typed_and_puts_unnumbered_ticks_last(
    task, units, coordinator, login
):
    a, b, c = (_element(units, code) for code in ("fig_a", "fig_b", "fig_c"))
    response = login(coordinator).post(
        reverse("indicators:task_figures_edit", args=[task.pk]),
        {
            f"pick-{a.pk}": "on",
            f"pick-{b.pk}": "on",
            f"order-{b.pk}": "1",
            f"pick-{c.pk}": "on",
            f"order-{c.pk}": "2",
            f"order-{a.pk}": "",
        },
    )
    assert response.status_code == 302
    assert [f.element.code for f in TaskFigure.objects.filter(task=task)] == [
        "fig_b",
        "fig_c",
        "fig_a",
    ]
    # Shown again, the chosen ones come first in their order, numbered.
    page = login(coordinator).get(reverse("indicators:task_figures_edit", args=[task.pk]))
    codes = [e.code for e in page.context["elements"]]
    assert codes == ["fig_b", "fig_c", "fig_a"]
    assert page.context["form"][f"order-{a.pk}"].value() == 3


# -- the fragment --------------------------------------------------------------------------


def test_a_unit_sees_the_figures_per_year_with_the_latest_linked_to_its_rows(
    task, units, city, lead_reporter, coordinator, login
):
    _labs(city, 2, since=THIS_YEAR - 1)
    _labs(city, 1)
    labs = _element(units, "labs", name="检验检测机构库入库机构数")
    _refresh(city)
    services.task_figures_set(actor=coordinator, task=task, elements=[labs])
    response = login(lead_reporter).get(reverse("indicators:task_figures", args=[task.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="task-figures"' in page
    assert "检验检测机构库入库机构数" in page
    assert response.context["years"] == [THIS_YEAR - 1, THIS_YEAR]
    (row,) = response.context["figures"]
    assert [v for v, _url in row.cells] == [2, 3]
    drill = reverse("indicators:drilldown", args=["labs", city.pk, THIS_YEAR])
    assert row.cells[-1][1] == drill and row.cells[0][1] == ""
    assert f'href="{drill}"' in page
    assert 'data-testid="from-registry"' in page
    assert 'data-testid="demo-badge"' in page  # the labs were entered as demo rows
    # The unit may follow the link: the drill-down lists the labs behind the figure.
    assert login(lead_reporter).get(drill).status_code == 200
    # The office gets the way to change them; a unit does not.
    assert "choose-task-figures" not in page
    office_page = login(coordinator).get(reverse("indicators:task_figures", args=[task.pk]))
    assert "choose-task-figures" in office_page.content.decode()


def test_a_year_before_the_plans_baseline_is_not_shown(task, units, city, coordinator, login):
    # The plan was issued in 2022: its years run from 2021 (the baseline) to this year.
    _labs(city, 1, since=2019)
    labs = _element(units, "labs")
    _refresh(city)
    services.task_figures_set(actor=coordinator, task=task, elements=[labs])
    response = login(coordinator).get(reverse("indicators:task_figures", args=[task.pk]))
    assert response.context["years"] == list(range(2021, THIS_YEAR + 1))


def test_a_task_without_figures_gives_an_empty_fragment(task, lead_reporter, login):
    response = login(lead_reporter).get(reverse("indicators:task_figures", args=[task.pk]))
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_the_fragment_answers_404_alike_for_a_task_out_of_sight(
    task, units, city, coordinator, elsewhere, org_admin, login
):
    labs = _element(units, "labs")
    _labs(city, 1)
    _refresh(city)
    services.task_figures_set(actor=coordinator, task=task, elements=[labs])
    url = reverse("indicators:task_figures", args=[task.pk])
    missing_url = reverse("indicators:task_figures", args=[task.pk + 999])
    other_city = login(elsewhere["reporter"]).get(url)
    missing = login(elsewhere["reporter"]).get(missing_url)
    assert other_city.status_code == missing.status_code == 404
    assert "检测机构数" not in other_city.content.decode()
    organisation = login(org_admin).get(url)
    assert organisation.status_code == login(org_admin).get(missing_url).status_code == 404
    assert login(coordinator).get(missing_url).status_code == 404


def test_the_fragment_issues_the_same_queries_for_1_figure_and_for_6_over_5_years(
    task, units, city, lead_reporter, coordinator, client
):
    _labs(city, 1)
    first = _element(units, "labs0")
    _refresh(city)
    services.task_figures_set(actor=coordinator, task=task, elements=[first])
    client.force_login(lead_reporter, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("indicators:task_figures", args=[task.pk])

    def fetch():
        response = client.get(url)
        assert response.status_code == 200
        return response

    def grow():
        _labs(city, 3, since=THIS_YEAR - 4)
        more = [_element(units, f"labs{i}") for i in range(1, 4)]
        more += [
            _element(units, f"experts{i}", computation="experts_in_database") for i in range(2)
        ]
        _refresh(city)
        services.task_figures_set(actor=coordinator, task=task, elements=[first, *more])

    assert_constant_queries(fetch, grow)
    response = fetch()
    assert len(response.context["figures"]) == 6
    assert len(response.context["years"]) == 5


# -- the dashboard -------------------------------------------------------------------------


def _monitored(plan):
    """The dashboard reads plans with monitored targets: one milestone will do."""
    from luoshi.indicators.models import Goal

    Goal.objects.create(
        plan=plan,
        region=plan.region,
        name="创建国家高新区",
        kind=Goal.Kind.MILESTONE,
        target_year=2025,
        responsible_unit=plan.coordinating_unit,
    )


def test_the_dashboard_lists_each_tasks_programme_figures_with_the_year_before(
    plan, task, units, city, leader, coordinator, client
):
    _monitored(plan)
    _labs(city, 2, since=THIS_YEAR - 1)
    _labs(city, 1)
    labs = _element(units, "labs", name="检验检测机构库入库机构数")
    _refresh(city)
    services.task_figures_set(actor=coordinator, task=task, elements=[labs])
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("indicators:dashboard")
    response = client.get(url)
    assert response.status_code == 200
    (figure,) = response.context["programme_figures"]
    assert (figure.task, figure.latest_year, figure.latest_value, figure.previous_value) == (
        task,
        THIS_YEAR,
        3,
        2,
    )
    page = response.content.decode()
    assert 'data-testid="programme-figures"' in page and "检验检测机构库入库机构数" in page
    drill = reverse("indicators:drilldown", args=["labs", city.pk, THIS_YEAR])
    assert f'href="{drill}"' in page

    def grow():
        second = factories.tasks_of(plan)["2"]
        more = [_element(units, f"labs{i}") for i in range(1, 4)]
        _refresh(city)
        services.task_figures_set(actor=coordinator, task=second, elements=more)

    assert_constant_queries(lambda: client.get(url), grow)
    assert len(client.get(url).context["programme_figures"]) == 4


def test_the_dashboard_shows_no_programme_section_without_figures(plan, leader, client):
    _monitored(plan)
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("indicators:dashboard"))
    assert response.context["programme_figures"] == []
    assert 'data-testid="programme-figures"' not in response.content.decode()
