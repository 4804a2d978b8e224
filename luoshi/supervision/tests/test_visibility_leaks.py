"""Regression tests for pages and exports that showed other units' report content to people
the report's own page hides it from (issue 10, items 1 and 2). Each page or export must show
a unit's text exactly when `permissions.can_view_report` lets the viewer read that report.

The markers are unique strings written into reports through the services; a test asserts
the marker is (or is not) in what the viewer gets.
"""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from luoshi.core.roles import Role
from luoshi.core.testing import PASSWORD
from luoshi.supervision import services

LEAD_TEXT = "LEAD-UNIT-WORK-7f3a"
LEAD_PROBLEM = "LEAD-UNIT-PROBLEM-7f3a"
COOP_TEXT = "COOP-UNIT-WORK-9c21"
COUNTY_TEXT = "COUNTY-WORK-44ab"
DRAFT_TEXT = "UNSENT-DRAFT-0d5e"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _sent(reporter, approver, period, task, text, **more):
    report = services.report_save_draft(
        actor=reporter, period=period, task=task, version=0, work_done=text, **more
    )
    return services.report_sign_off(
        actor=approver, period=report.period, task=report.task, version=report.version
    )


@pytest.fixture
def county_approver(units):
    from luoshi.accounts import services as accounts

    return accounts.user_create(
        actor=None,
        username="t-chuanshan-approver",
        password=PASSWORD,
        unit=units["chuanshan"],
        role=Role.APPROVER,
        full_name="t-chuanshan-approver",
        validate=False,
    )


@pytest.fixture
def submissions(
    period, tasks, lead_reporter, lead_approver, coop_reporter, coop_approver, county_reporter
):
    """Task 1 and 3 in the current period: the lead unit (fgw) and the cooperating unit (jxj)
    have sent their reports; the county (chuanshan) keeps a draft on task 3."""
    for number in ("1", "3"):
        _sent(
            lead_reporter,
            lead_approver,
            period,
            tasks[number],
            LEAD_TEXT,
            problems=LEAD_PROBLEM,
            quantities=[{"label": "LEAD-FIGURE", "value": "12"}],
        )
        _sent(coop_reporter, coop_approver, period, tasks[number], COOP_TEXT)
    services.report_save_draft(
        actor=county_reporter, period=period, task=tasks["3"], version=0, work_done=DRAFT_TEXT
    )


@pytest.fixture
def sent_consolidations(submissions, period, tasks, lead_reporter, lead_approver):
    """The lead unit has sent its consolidations: every unit of the task may open the page."""
    for number in ("1", "3"):
        consolidation = services.consolidation_save(
            actor=lead_reporter, period=period, task=tasks[number], version=0, summary="汇总"
        )
        services.consolidation_submit(
            actor=lead_approver,
            period=period,
            task=tasks[number],
            version=consolidation.version,
            confirm_missing=True,
        )


def _consolidation(user, period, task):
    return client_for(user).get(reverse("supervision:consolidation", args=[period.pk, task.pk]))


# -- item 1: the consolidation page ------------------------------------------------------


def test_a_cooperating_unit_does_not_read_the_other_units_reports_on_the_consolidation_page(
    sent_consolidations, period, tasks, coop_reporter
):
    response = _consolidation(coop_reporter, period, tasks["1"])
    assert response.status_code == 200
    body = response.content.decode()
    assert LEAD_TEXT not in body
    assert LEAD_PROBLEM not in body
    assert "LEAD-FIGURE" not in body


def test_an_implicitly_involved_county_does_not_read_the_other_units_reports(
    sent_consolidations, period, tasks, county_reporter
):
    response = _consolidation(county_reporter, period, tasks["3"])
    assert response.status_code == 200
    body = response.content.decode()
    assert LEAD_TEXT not in body
    assert COOP_TEXT not in body


def test_a_cooperating_unit_reads_its_own_report_and_the_others_lights_once_the_consolidation_is_sent(
    sent_consolidations, period, tasks, coop_reporter
):
    response = _consolidation(coop_reporter, period, tasks["1"])
    assert response.status_code == 200
    body = response.content.decode()
    assert COOP_TEXT in body
    assert LEAD_TEXT not in body
    assert "市发展和改革委员会" in body or "市发展改革委" in body  # the lead unit's light stays


def test_the_lead_unit_still_reads_every_sent_report_but_no_draft(
    submissions, period, tasks, lead_reporter
):
    body = _consolidation(lead_reporter, period, tasks["3"]).content.decode()
    assert COOP_TEXT in body and LEAD_TEXT in body
    assert DRAFT_TEXT not in body


def test_the_office_reads_sent_reports_on_the_consolidation_page_but_no_draft(
    submissions, period, tasks, coordinator
):
    body = _consolidation(coordinator, period, tasks["3"]).content.decode()
    assert COOP_TEXT in body and LEAD_TEXT in body
    assert DRAFT_TEXT not in body


# -- the same rule on the other pages that gather several units' content ----------------


def test_the_task_timeline_shows_a_draft_consolidation_to_the_lead_unit_only(
    submissions, period, tasks, coop_reporter, county_reporter, lead_reporter, leader
):
    services.consolidation_save(
        actor=lead_reporter, period=period, task=tasks["3"], version=0, summary=DRAFT_TEXT
    )
    url = reverse("supervision:task_timeline", args=[tasks["3"].pk])
    assert DRAFT_TEXT in client_for(lead_reporter).get(url).content.decode()
    for user in (coop_reporter, county_reporter, leader):
        body = client_for(user).get(url).content.decode()
        assert DRAFT_TEXT not in body, user
        assert LEAD_TEXT not in body and COOP_TEXT not in body


def test_the_task_timeline_shows_answers_to_instructions_only_from_readable_reports(
    period, tasks, leader, lead_reporter, lead_approver, coop_reporter, county_reporter
):
    """An answer to a leader's instruction is kept with the unit's report (a draft too): it
    is report content, and the timeline shows it only to those who may read that report."""
    instruction = services.instruction_add(actor=leader, task=tasks["3"], text="请加快推进")
    services.report_save_draft(
        actor=coop_reporter,
        period=period,
        task=tasks["3"],
        version=0,
        work_done="进展",
        answers={instruction.pk: DRAFT_TEXT},
    )
    _sent(
        lead_reporter,
        lead_approver,
        period,
        tasks["3"],
        "进展",
        answers={instruction.pk: LEAD_TEXT},
    )
    url = reverse("supervision:task_timeline", args=[tasks["3"].pk])
    coop = client_for(coop_reporter).get(url).content.decode()
    assert DRAFT_TEXT in coop  # its own draft's answer
    assert LEAD_TEXT not in coop  # a cooperating unit does not read the lead's report
    county = client_for(county_reporter).get(url).content.decode()
    assert DRAFT_TEXT not in county and LEAD_TEXT not in county
    office_view = client_for(leader).get(url).content.decode()
    assert LEAD_TEXT in office_view and DRAFT_TEXT not in office_view


def test_a_version_diff_of_another_units_report_answers_404_to_a_cooperating_unit(
    submissions, period, tasks, lead_reporter, lead_approver, coordinator, coop_reporter
):
    from luoshi.supervision.models import UnitReport

    report = UnitReport.objects.get(period=period, task=tasks["1"], unit=lead_reporter.unit)
    services.report_return(actor=coordinator, report=report, comment="请补充")
    first, second = report.versions.order_by("number")[:2]
    url = reverse("supervision:version_diff", args=[first.pk, second.pk])
    assert client_for(coop_reporter).get(url).status_code == 404
    assert client_for(lead_approver).get(url).status_code == 200


def test_the_report_page_of_another_unit_shows_only_its_light_to_a_cooperating_unit(
    submissions, period, tasks, coop_reporter, lead_reporter
):
    url = reverse("supervision:report_view", args=[period.pk, tasks["1"].pk, lead_reporter.unit_id])
    response = client_for(coop_reporter).get(url)
    assert response.status_code == 200
    assert LEAD_TEXT not in response.content.decode()


def test_the_api_gives_a_draft_of_another_unit_no_status(
    submissions, period, tasks, coop_reporter, county_reporter
):
    url = (
        f"/api/supervision/periods/{period.pk}/tasks/{tasks['3'].pk}"
        f"/units/{county_reporter.unit_id}/status"
    )
    response = client_for(coop_reporter).get(url)
    assert response.status_code == 200
    assert response.json()["status"] is None
    assert client_for(county_reporter).get(url).json()["status"] == "draft"


# -- item 2: the ledger ----------------------------------------------------------------


def _ledger_cells(user, plan) -> list:
    response = client_for(user).get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]


@pytest.fixture
def past_submissions(
    past_period, tasks, lead_reporter, lead_approver, coop_reporter, county_reporter
):
    _sent(lead_reporter, lead_approver, past_period, tasks["1"], LEAD_TEXT)
    services.report_save_draft(
        actor=coop_reporter,
        period=past_period,
        task=tasks["1"],
        version=0,
        work_done=DRAFT_TEXT,
        problems=DRAFT_TEXT,
    )
    services.report_save_draft(
        actor=county_reporter, period=past_period, task=tasks["3"], version=0, work_done=DRAFT_TEXT
    )


def test_the_ledger_holds_no_text_of_unsent_drafts_for_a_leader(past_submissions, plan, leader):
    cells = _ledger_cells(leader, plan)
    assert LEAD_TEXT in cells
    assert DRAFT_TEXT not in cells


def test_the_ledger_holds_no_text_of_unsent_drafts_for_the_office(
    past_submissions, plan, coordinator
):
    cells = _ledger_cells(coordinator, plan)
    assert LEAD_TEXT in cells
    assert DRAFT_TEXT not in cells
