"""The process figures (scoring.py docstring) against values computed by hand, and the
figures counted from states the services produced. How they become a score is the yearly
assessment's (luoshi/assessment/tests/test_calculation.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from luoshi.supervision import services
from luoshi.supervision.scoring import Counts, figures
from luoshi.supervision.selectors import assessment
from luoshi.supervision.tests import factories


def test_rates_are_ratios_of_the_counts():
    result = figures(
        Counts(
            expected=10,
            submitted=9,
            on_time=8,
            returned=3,
            milestones_due=4,
            milestones_done=3,
            notices=2,
        )
    )
    assert result.on_time_rate == 0.8
    assert result.completeness == 0.9
    assert result.first_pass_rate == pytest.approx(2 / 3)
    assert result.milestone_rate == 0.75


def test_without_milestones_due_there_is_no_milestone_rate():
    assert figures(Counts(expected=4, submitted=4, on_time=2)).milestone_rate is None


def test_nothing_submitted_has_a_first_pass_rate_of_zero():
    assert figures(Counts(expected=3)).first_pass_rate == 0.0


def test_a_unit_with_nothing_expected_has_no_report_rates():
    result = figures(Counts(expected=0, milestones_due=1, milestones_done=1))
    assert result.on_time_rate is None and result.completeness is None
    assert result.milestone_rate == 1.0


def _submit(period, task, reporter, approver, text="本期工作"):
    report = services.report_save_draft(
        actor=reporter, period=period, task=task, version=0, work_done=text
    )
    return services.report_sign_off(
        actor=approver, period=report.period, task=report.task, version=report.version
    )


def test_the_scorecard_counts_what_the_services_recorded(
    plan,
    tasks,
    units,
    coordinator,
    leader,
    coop_reporter,
    coop_approver,
    lead_reporter,
    lead_approver,
):
    """Two ad-hoc rounds, one already past due, one due later; jxj is responsible for tasks 1–4."""
    today = timezone.localdate()
    late_round = factories.open_round(
        plan, coordinator, due_in_days=-5, tasks=[tasks["1"], tasks["3"]], title="一"
    )
    on_time_round = factories.open_round(
        plan, coordinator, due_in_days=10, tasks=[tasks["2"]], title="二"
    )
    r1 = _submit(late_round, tasks["1"], coop_reporter, coop_approver)  # late (due 5 days ago)
    services.report_return(actor=coordinator, report=r1, comment="请补充数据")
    # Nothing on task 3 in the late round: missing.
    _submit(on_time_round, tasks["2"], coop_reporter, coop_approver)  # on time, but not yet due
    deadline = today - dt.timedelta(days=10)
    services.milestone_create(
        actor=coordinator,
        task=tasks["1"],
        year=deadline.year,
        title="要点",
        owner=units["jxj"],
        deadline=deadline,
    )
    services.notice_issue(
        actor=coordinator,
        task=tasks["1"],
        unit=units["jxj"],
        reason="逾期",
        answer_by=today + dt.timedelta(days=5),
    )

    card = assessment.scorecard(viewer=leader, plan=plan)
    line = next(x for x in card["lines"] if x.unit == units["jxj"])
    c = line.figures.counts
    # Only the late round is due: 2 expected (tasks 1 and 3), 1 submitted, 0 on time, 1 returned.
    assert (c.expected, c.submitted, c.on_time, c.returned, c.returns) == (2, 1, 0, 1, 1)
    assert (c.milestones_due, c.milestones_done, c.notices) == (1, 0, 1)
    assert line.figures.completeness == 0.5 and line.figures.first_pass_rate == 0.0
    fgw = next(x for x in card["lines"] if x.unit == units["fgw"])
    assert fgw.figures.counts.expected == 2 and fgw.figures.completeness == 0.0


def test_a_report_first_submitted_on_time_stays_on_time_after_a_return(
    plan, tasks, coordinator, leader, coop_reporter, coop_approver
):
    past = factories.open_round(
        plan, coordinator, due_in_days=0, tasks=[tasks["1"]], title="今天到期"
    )
    report = _submit(past, tasks["1"], coop_reporter, coop_approver)
    report = services.report_return(actor=coordinator, report=report, comment="改")
    report = services.report_save_draft(
        actor=coop_reporter,
        period=past,
        task=tasks["1"],
        version=report.version,
        work_done="改好了",
    )
    services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    # Make the round due by yesterday so it counts; on-time is judged by the first submission date.
    card = assessment.scorecard(
        viewer=leader, plan=plan, today=timezone.localdate() + dt.timedelta(days=1)
    )
    c = next(x for x in card["lines"] if x.unit.code == "jxj").figures.counts
    assert (c.submitted, c.on_time, c.returned) == (1, 1, 1)
