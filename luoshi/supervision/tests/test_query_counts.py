"""Every list page and the dashboard selector issue the same number of queries for a small
plan and for one ten times larger (tasks, units, periods, reports, milestones, notices).

Plan structure grows through plain rows (factories); every report, consolidation,
milestone and notice goes through the services.
"""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts import services as accounts
from luoshi.core.roles import Role
from luoshi.core.testing import PASSWORD, assert_constant_queries
from luoshi.org.models import Unit
from luoshi.plans.models import Assignment, Task
from luoshi.supervision import services, status
from luoshi.supervision.tests import factories

# Queries every page of a signed-in user makes: the session and the user.
SESSION = 2
# The viewer's scope (luoshi.org.scope): the regions under their unit's region. The unit itself
# is read with its region chain once and serves the page header too.
SCOPE = 1


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def approver(unit):
    from luoshi.accounts.models import User

    return User.objects.filter(username=f"a-{unit.pk}").first() or accounts.user_create(
        actor=None,
        username=f"a-{unit.pk}",
        password=PASSWORD,
        unit=unit,
        role=Role.APPROVER,
        validate=False,
    )


def submit(period, task, unit, text="本期工作"):
    from luoshi.supervision.queries import pending_instructions

    reporter = approver(unit)
    answers = {i.pk: "已落实" for i in pending_instructions(task=task, unit_id=unit.pk)}
    report = services.report_save_draft(
        actor=reporter,
        period=period,
        task=task,
        version=0,
        work_done=text,
        progress_pct=50,
        quantities=[{"label": "企业", "value": "3"}],
        answers=answers,
    )
    return services.report_sign_off(
        actor=reporter, period=report.period, task=report.task, version=report.version
    )


@pytest.fixture
def world(
    plan,
    tasks,
    units,
    cycle,
    period,
    past_period,
    coordinator,
    coop_reporter,
    coop_approver,
    lead_reporter,
    lead_approver,
):
    """One submitted and approved task in the last due period, a draft, a milestone, a notice."""
    r = submit(past_period, tasks["1"], units["jxj"])
    c = services.consolidation_save(
        actor=lead_reporter, period=past_period, task=tasks["1"], version=0, summary="汇总"
    )
    c = services.consolidation_submit(
        actor=lead_approver, period=c.period, task=c.task, version=c.version, confirm_missing=True
    )
    services.consolidation_approve(actor=coordinator, consolidation=c)
    services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["2"], version=0, work_done="草稿"
    )
    today = timezone.localdate()
    services.milestone_create(
        actor=coordinator,
        task=tasks["1"],
        year=today.year,
        title="要点",
        owner=units["jxj"],
        deadline=dt.date(today.year, 12, 31),
    )
    services.notice_issue(
        actor=coordinator,
        task=tasks["3"],
        unit=units["chuanshan"],
        reason="逾期",
        answer_by=today + dt.timedelta(days=5),
    )
    leader = accounts.user_create(
        actor=None,
        username="t-leader-2",
        password=PASSWORD,
        unit=units["city"],
        role=Role.LEADER,
        validate=False,
    )
    services.instruction_add(actor=leader, task=tasks["1"], text="请加快")
    return {"report": r}


def grow(plan, units, coordinator, leader, *, tasks=36, extra_units=20, reports=40):
    """Ten times the plan: more tasks, units and assignments (rows), reports, consolidations,
    milestones, instructions and notices (services), and an ad-hoc round."""
    region = units["kjj"].region
    new_units = [
        Unit.objects.create(region=region, name=f"测试单位{i}", short_name=f"测试{i}", code=f"t{i}")
        for i in range(extra_units)
    ]
    pool = [units[c] for c in ("fgw", "jxj", "kjj", "chuanshan", "anju", "etdz")] + new_units
    section = Task.objects.filter(plan=plan).first().section
    made = []
    for i in range(tasks):
        task = Task.objects.create(
            plan=plan, section=section, number=str(100 + i), title=f"任务{i}", order=100 + i
        )
        chosen = [pool[(i + k) % len(pool)] for k in range(6)]
        for k, unit in enumerate(chosen):
            role = (
                Assignment.Role.LEAD
                if k == 0
                else Assignment.Role.COOPERATING
                if k < 3
                else Assignment.Role.IMPLICIT
            )
            Assignment.objects.create(task=task, unit=unit, role=role, order=k)
        made.append((task, chosen))
    periods = list(
        plan.periods.filter(kind="regular", due_date__lt=timezone.localdate()).order_by("-start")[
            :4
        ]
    )
    today = timezone.localdate()
    for n, (task, chosen) in enumerate(made[:reports]):
        report = submit(periods[n % len(periods)], task, chosen[n % 6], text=f"第{n}份")
        if n % 5 == 0:
            services.report_return(actor=coordinator, report=report, comment="补充")
        elif n % 3 == 0:
            services.report_approve(actor=coordinator, report=report)
    for task, chosen in made[:8]:
        services.milestone_create(
            actor=coordinator,
            task=task,
            year=today.year,
            title="要点",
            owner=chosen[0],
            deadline=dt.date(today.year, 1, 1) + dt.timedelta(days=10),
        )
        services.instruction_add(actor=leader, task=task, text="请加快")
        services.notice_issue(
            actor=coordinator,
            task=task,
            unit=chosen[1],
            reason="逾期",
            answer_by=today + dt.timedelta(days=5),
        )
    factories.open_round(plan, coordinator, due_in_days=3, tasks=[t for t, _ in made[:5]])


def test_the_period_overview_is_constant(world, plan, units, coordinator, leader, past_period):
    client = client_for(coordinator)
    url = reverse("supervision:overview")

    def fetch():
        assert client.get(url, {"period": past_period.pk}).status_code == 200

    # session, user; supervised plans; the chosen period; the plan's periods; tasks with sections;
    # ad-hoc selections; assignments with units and places; report rows (the period's and the two
    # last due periods' for the escalation list, in one query); milestones; the plan's notices;
    # places for the filter; consolidation statuses; the viewer's unit (page header); the
    # viewer's current plan (their choice and the office default, one query); the picker's
    # office default.
    assert_constant_queries(
        fetch, lambda: grow(plan, units, coordinator, leader), expected=SESSION + SCOPE + 14
    )


def test_the_overview_with_filters_is_constant(
    world, plan, units, coordinator, leader, past_period
):
    client = client_for(leader)
    url = reverse("supervision:overview")

    def fetch():
        response = client.get(
            url, {"period": past_period.pk, "role": "cooperating", "status": "green"}
        )
        assert response.status_code == 200

    # the same queries (leaders get no escalation list, which costs no query of its own)
    assert_constant_queries(
        fetch, lambda: grow(plan, units, coordinator, leader), expected=SESSION + SCOPE + 14
    )


def test_the_process_figures_are_constant(world, plan, units, coordinator, leader):
    from luoshi.supervision.selectors import assessment

    def fetch():
        assert assessment.scorecard(viewer=leader, plan=plan)["lines"]

    # the plan's periods; tasks; ad-hoc selections; assignments; report aggregates; milestone
    # aggregates; notice counts.
    assert_constant_queries(fetch, lambda: grow(plan, units, coordinator, leader), expected=7)


def test_the_todo_page_is_constant(world, plan, units, coordinator, leader, lead_reporter):
    client = client_for(lead_reporter)

    def fetch():
        assert client.get(reverse("supervision:todo")).status_code == 200

    # session, user; periods of the unit's plans in the window, with their plans and cycles;
    # the status read model for the unit: tasks, ad-hoc selections, assignments, report rows,
    # milestones; returned reports of older periods; consolidations it leads; milestones to
    # list; open notices; instructions to answer; unread notifications; the viewer's unit.
    assert_constant_queries(
        fetch, lambda: grow(plan, units, coordinator, leader), expected=SESSION + 13
    )


def test_the_leaders_lights_summary_is_constant(world, plan, units, coordinator, leader):
    def fetch():
        assert status.lights_summary(viewer=leader, plan=plan, today=timezone.localdate())[
            "sections"
        ]

    # periods; tasks with sections; ad-hoc selections; assignments; report rows; milestones
    assert_constant_queries(fetch, lambda: grow(plan, units, coordinator, leader), expected=6)


def test_the_task_timeline_is_constant(world, plan, units, coordinator, leader, tasks):
    client = client_for(coordinator)

    def fetch():
        assert (
            client.get(reverse("supervision:task_timeline", args=[tasks["1"].pk])).status_code
            == 200
        )

    def more():
        grow(plan, units, coordinator, leader)
        for period in plan.periods.filter(kind="regular", due_date__lt=timezone.localdate())[:6]:
            submit(period, tasks["1"], units["kjj"])

    # session, user; the task with plan and cycle; periods; visible reports; consolidations;
    # instructions, their units, their answers; notices; milestones; for the lights: tasks,
    # ad-hoc selections, assignments, report rows, milestones; the viewer's unit; the viewer's
    # unit's role on the task (which report pages it may open, so none is linked in vain).
    assert_constant_queries(fetch, more, expected=SESSION + SCOPE + 16)


def test_the_review_queue_is_constant(world, plan, units, coordinator, leader):
    client = client_for(coordinator)

    def fetch():
        assert client.get(reverse("supervision:review_queue", args=[plan.pk])).status_code == 200

    # session, user; the plan; consolidations waiting; reports waiting; the periods with how
    # many wait in each (the switcher); the viewer's unit
    assert_constant_queries(
        fetch, lambda: grow(plan, units, coordinator, leader), expected=SESSION + 5
    )


def test_the_consolidation_page_is_constant(
    world, plan, units, tasks, coordinator, leader, past_period
):
    client = client_for(coordinator)

    def fetch():
        url = reverse("supervision:consolidation", args=[past_period.pk, tasks["1"].pk])
        assert client.get(url).status_code == 200

    def more():
        for code in ("kjj", "fgw"):
            submit(past_period, tasks["1"], units[code])
        grow(plan, units, coordinator, leader)

    # session, user; the viewer's scope (unit with its region chain, the regions under it: a
    # period of a plan the viewer may read); the period; the task; the consolidation, its attachments; the viewer's
    # unit's role on the task; the status read model for the task: tasks, ad-hoc selections,
    # assignments, report rows, milestones; the reports the viewer may read, their figures,
    # attachments and answers; the consolidation's reviews and versions; the viewer's unit.
    assert_constant_queries(fetch, more, expected=SESSION + SCOPE + 17)


def test_notifications_and_notices_lists_are_constant(world, plan, units, coordinator, leader):
    client = client_for(coordinator)

    def fetch():
        assert client.get(reverse("supervision:notifications")).status_code == 200
        assert client.get(reverse("supervision:notices")).status_code == 200

    # each page: session, user, its rows, the viewer's unit; the notices page also the
    # viewer's scope
    assert_constant_queries(
        fetch, lambda: grow(plan, units, coordinator, leader), expected=2 * (SESSION + 2) + SCOPE
    )


def test_submitting_a_report_is_constant(world, plan, units, tasks, coordinator, leader, period):
    """The sign-off button saves the form and signs the report off in one request."""
    pairs = iter(
        [(tasks[n], units[code]) for n in ("3", "4", "2") for code in ("jxj", "chuanshan")]
    )
    approvers = {code: approver(units[code]) for code in ("jxj", "chuanshan")}
    clients = {code: client_for(user) for code, user in approvers.items()}

    def fetch():
        task, unit = next(pairs)
        url = reverse("supervision:report_sign_off", args=[period.pk, task.pk])
        response = clients[unit.code].post(
            url, {"version": 0, "work_done": "本期工作", "progress_pct": 50}
        )
        assert response.status_code == 302

    # session, user; the viewer's scope (unit with its region chain, the regions under it: a
    # period of a plan the viewer may read); the period; the task (the form is parsed without reading the database);
    # in one transaction: begin; the unit's assignment with the unit; the locked report (none
    # yet); instructions to answer; savepoint, insert, release; the version; the audit event;
    # the lead unit's people; their notifications; commit.
    assert_constant_queries(
        fetch, lambda: grow(plan, units, coordinator, leader), expected=SESSION + 2 + 14
    )
