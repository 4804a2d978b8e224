"""Role × action matrices. Personas (conftest.py): 市科技局 runs the office; 市发展改革委 (fgw)
leads task 1; 市经济和信息化局 (jxj) cooperates on it; 船山区 (county) is involved in task 3
but not task 1; 市司法局 (outsider) is responsible for nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.accounts import services as accounts
from luoshi.core.errors import LuoshiError, PermissionDenied, ValidationFailed
from luoshi.core.roles import Role
from luoshi.core.testing import PASSWORD
from luoshi.supervision import permissions, services
from luoshi.supervision.selectors import consolidation

PERSONAS = [
    "admin",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "coop_approver",
    "county_reporter",
    "outsider",
]


@pytest.fixture
def everyone(personas, coop_approver):
    return {**personas, "coop_approver": coop_approver}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def draft(period, tasks, coop_reporter):
    return services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="内部草稿"
    )


@pytest.fixture
def submitted(draft, coop_approver):
    return services.report_sign_off(
        actor=coop_approver, period=draft.period, task=draft.task, version=draft.version
    )


# -- reading drafts ---------------------------------------------------------------------

DRAFT_READERS = {"coop_reporter", "coop_approver"}


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_units_own_people_read_its_draft(who, everyone, draft):
    user = everyone[who]
    assert permissions.can_view_report(user, draft) is (who in DRAFT_READERS)
    assert permissions.reports_visible_to(user).filter(pk=draft.pk).exists() is (
        who in DRAFT_READERS
    )


@pytest.mark.parametrize("who", PERSONAS)
def test_the_report_page_hides_a_drafts_text_from_other_units(who, everyone, draft, period, tasks):
    response = client_for(everyone[who]).get(
        reverse("supervision:report_view", args=[period.pk, tasks["1"].pk, draft.unit_id])
    )
    assert response.status_code in (200, 404)
    assert ("内部草稿" in response.content.decode()) is (who in DRAFT_READERS)


SENT_READERS = {
    "admin",
    "coordinator",
    "leader",
    "lead_reporter",
    "lead_approver",
    "coop_reporter",
    "coop_approver",
}


@pytest.mark.parametrize("who", PERSONAS)
def test_a_submitted_report_is_read_by_its_unit_the_lead_unit_the_office_and_leaders(
    who, everyone, submitted
):
    assert permissions.can_view_report(everyone[who], submitted) is (who in SENT_READERS)


# -- writing reports ----------------------------------------------------------------------

WRITERS_ON_TASK_1 = {"lead_reporter", "lead_approver", "coop_reporter", "coop_approver"}


@pytest.mark.parametrize("who", PERSONAS)
def test_only_responsible_units_people_write_a_report(who, everyone, period, tasks):
    user = everyone[who]
    try:
        report = services.report_save_draft(
            actor=user, period=period, task=tasks["1"], version=0, work_done="x"
        )
    except PermissionDenied:
        assert who not in WRITERS_ON_TASK_1
    else:
        assert who in WRITERS_ON_TASK_1
        assert report.unit_id == user.unit_id  # always the writer's own unit's report


@pytest.mark.parametrize("who", PERSONAS)
def test_nobody_edits_another_units_report(who, everyone, draft):
    user = everyone[who]
    assert permissions.can_edit_report(user, draft) is (who in DRAFT_READERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_the_edit_page_is_not_found_for_units_not_responsible(who, everyone, period, tasks):
    response = client_for(everyone[who]).get(
        reverse("supervision:report_edit", args=[period.pk, tasks["1"].pk])
    )
    assert (response.status_code == 200) is (who in WRITERS_ON_TASK_1)


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_units_approver_signs_off(who, everyone, draft):
    user = everyone[who]
    try:
        services.report_sign_off(
            actor=user, period=draft.period, task=draft.task, version=draft.version
        )
    except LuoshiError:
        assert who != "coop_approver"
    else:
        assert who == "coop_approver"


def test_a_leader_writes_nothing_but_instructions(leader, period, tasks, submitted):
    with pytest.raises(PermissionDenied):
        services.report_save_draft(
            actor=leader, period=period, task=tasks["1"], version=0, work_done="x"
        )
    with pytest.raises(PermissionDenied):
        services.consolidation_save(
            actor=leader, period=period, task=tasks["1"], version=0, summary="x"
        )
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=leader, report=submitted)
    with pytest.raises(PermissionDenied):
        services.report_return(actor=leader, report=submitted, comment="x")
    assert services.instruction_add(actor=leader, task=tasks["1"], text="请加快进度").pk


def test_an_approved_report_cannot_change(
    submitted, coordinator, coop_reporter, coop_approver, period, tasks
):
    approved = services.report_approve(actor=coordinator, report=submitted)
    with pytest.raises(ValidationFailed):
        services.report_save_draft(
            actor=coop_reporter,
            period=period,
            task=tasks["1"],
            version=approved.version,
            work_done="改",
        )
    with pytest.raises(ValidationFailed):
        services.report_sign_off(
            actor=coop_approver,
            period=approved.period,
            task=approved.task,
            version=approved.version,
        )
    with pytest.raises(ValidationFailed):
        services.report_return(actor=coordinator, report=approved, comment="再改")
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(PermissionDenied):
        services.report_attach(
            actor=coop_reporter,
            period=approved.period,
            task=approved.task,
            upload=SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64),
        )
    approved.refresh_from_db()
    assert approved.work_done == "内部草稿" and approved.status == "approved"


# -- consolidation ----------------------------------------------------------------------

CONSOLIDATORS = {"lead_reporter", "lead_approver"}


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_lead_unit_consolidates(who, everyone, period, tasks):
    try:
        services.consolidation_save(
            actor=everyone[who], period=period, task=tasks["1"], version=0, summary="汇总"
        )
    except PermissionDenied:
        assert who not in CONSOLIDATORS
    else:
        assert who in CONSOLIDATORS


def test_a_cooperating_unit_posting_a_consolidation_is_refused(coop_reporter, period, tasks):
    response = client_for(coop_reporter).post(
        reverse("supervision:consolidation_save", args=[period.pk, tasks["1"].pk]),
        {"version": 0, "summary": "x"},
    )
    assert response.status_code in (400, 404)
    assert not tasks["1"].consolidations.exists()


def test_two_lead_units_share_one_consolidation(units, period, tasks):
    kjj = accounts.user_create(
        actor=None,
        username="t-kjj-reporter",
        password=PASSWORD,
        unit=units["kjj"],
        role=Role.REPORTER,
        validate=False,
    )
    fgw = accounts.user_create(
        actor=None,
        username="t-fgw-2",
        password=PASSWORD,
        unit=units["fgw"],
        role=Role.REPORTER,
        validate=False,
    )
    task = tasks["4"]  # lead units: 市科技局 and 市发展改革委
    first = services.consolidation_save(
        actor=kjj, period=period, task=task, version=0, summary="科技局起草"
    )
    second = services.consolidation_save(
        actor=fgw, period=period, task=task, version=first.version, summary="科技局起草，发改委补充"
    )
    assert first.pk == second.pk and task.consolidations.count() == 1
    page_for_kjj = consolidation.consolidation_page(viewer=kjj, period=period, task=task)
    assert page_for_kjj["can_edit"] and page_for_kjj["consolidation"].summary.endswith("发改委补充")


# -- the office -------------------------------------------------------------------------

REVIEWERS = {"admin", "coordinator"}


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_plans_office_reviews(who, everyone, submitted):
    try:
        services.report_return(actor=everyone[who], report=submitted, comment="请补充")
    except PermissionDenied:
        assert who not in REVIEWERS
    else:
        assert who in REVIEWERS


def test_a_coordinator_of_another_unit_is_not_this_plans_office(units, submitted, plan):
    other = accounts.user_create(
        actor=None,
        username="t-other-office",
        password=PASSWORD,
        unit=units["fgw"],
        role=Role.COORDINATOR,
        validate=False,
    )
    assert not permissions.is_office(other, plan)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=other, report=submitted)


OVERVIEW_READERS = {"admin", "coordinator", "leader"}


@pytest.mark.parametrize("who", PERSONAS)
def test_overview_and_scorecard_are_for_the_office_and_leaders(who, everyone, period):
    client = client_for(everyone[who])
    overview = client.get(reverse("supervision:overview"))
    assert ("o" in (overview.context or {}) and overview.context["o"].period is not None) is (
        who in OVERVIEW_READERS
    )
    assert permissions.can_view_scorecard(everyone[who], period.plan) is (who in OVERVIEW_READERS)


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_office_issues_supervision_notices(who, everyone, tasks, units, period):
    import datetime as dt

    from django.utils import timezone

    try:
        services.notice_issue(
            actor=everyone[who],
            task=tasks["1"],
            unit=units["jxj"],
            reason="逾期",
            answer_by=timezone.localdate() + dt.timedelta(days=3),
        )
    except PermissionDenied:
        assert who not in REVIEWERS
    else:
        assert who in REVIEWERS


@pytest.mark.parametrize("who", PERSONAS)
def test_only_leaders_add_instructions(who, everyone, tasks):
    try:
        services.instruction_add(actor=everyone[who], task=tasks["1"], text="请加快")
    except PermissionDenied:
        assert who != "leader"
    else:
        assert who == "leader"
