"""Each light rule, with the reason it gives (lights.py is pure: no database)."""

import datetime as dt

import pytest
from django.utils import translation

from luoshi.supervision.status import lights
from luoshi.supervision.status.lights import MilestoneState, Thresholds, cell_light, task_light

DUE = dt.date(2025, 10, 5)


def light(**kwargs):
    base = {"today": DUE, "due_date": DUE, "grace_days": 3, "status": None}
    return cell_light(**{**base, **kwargs})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_nothing_submitted_past_the_grace_days_is_red_with_the_days_overdue():
    result = light(today=DUE + dt.timedelta(days=6))
    assert result.colour == "red"
    assert result.text == "red: report 6 days overdue"


def test_the_reason_reads_in_chinese_too():
    with translation.override("zh-hans"):
        assert light(today=DUE + dt.timedelta(days=6)).text == "红：报告逾期6天"


def test_overdue_within_the_grace_days_is_yellow():
    result = light(today=DUE + dt.timedelta(days=3))
    assert (result.colour, result.reason.code) == ("yellow", "grace")
    assert result.text == "yellow: report 3 days overdue, within grace"


def test_a_draft_counts_as_nothing_submitted():
    assert light(today=DUE + dt.timedelta(days=4), status="draft").colour == "red"
    assert light(today=DUE + dt.timedelta(days=4), status="pending").colour == "red"


def test_due_today_with_nothing_submitted_is_yellow():
    assert light(today=DUE).text == "yellow: due today, nothing submitted"


def test_due_within_the_window_with_nothing_submitted_is_yellow():
    result = light(today=DUE - dt.timedelta(days=3))
    assert result.text == "yellow: due in 3 days, nothing submitted"


def test_before_the_window_nothing_to_say_is_grey():
    result = light(today=DUE - dt.timedelta(days=6))
    assert result.colour == "grey"
    assert result.text.startswith("grey: not yet due")


def test_the_yellow_window_is_configurable():
    assert (
        light(today=DUE - dt.timedelta(days=8), thresholds=Thresholds(yellow_window_days=10)).colour
        == "yellow"
    )


def test_a_missed_milestone_is_red_even_before_the_report_is_due():
    missed = MilestoneState("共享平台上线", dt.date(2025, 6, 30))
    result = light(today=dt.date(2025, 7, 10), milestones=[missed])
    assert result.colour == "red"
    assert result.text == "red: milestone “共享平台上线” missed (due 30 Jun 2025)"


def test_a_milestone_done_late_is_no_longer_red():
    done = MilestoneState("共享平台上线", dt.date(2025, 6, 30), done_on=dt.date(2025, 7, 5))
    assert light(today=dt.date(2025, 7, 10), milestones=[done]).colour == "grey"


def test_a_milestone_falling_due_within_the_window_is_yellow():
    soon = MilestoneState("完成方案", dt.date(2025, 7, 12))
    result = light(today=dt.date(2025, 7, 10), milestones=[soon])
    assert result.text == "yellow: milestone “完成方案” due in 2 days"


def test_milestones_are_judged_as_of_the_date_given():
    missed_later = MilestoneState("完成方案", dt.date(2025, 10, 20))
    result = light(
        today=dt.date(2025, 11, 1),
        status="approved",
        milestones=[missed_later],
        milestones_as_of=DUE,
    )
    assert result.colour == "green"


def test_returned_once_is_yellow_and_twice_is_red():
    assert (
        light(status="returned", return_count=1, submitted_on=DUE).text
        == "yellow: returned for revision"
    )
    twice = light(status="returned", return_count=2, submitted_on=DUE)
    assert twice.text == "red: returned 2 times"


def test_an_approved_report_is_green_however_often_it_was_returned():
    assert light(status="approved", return_count=3).text == "green: approved"


def test_progress_thresholds_on_track_behind_off_track():
    sent = {"status": "submitted", "submitted_on": DUE, "expected_pct": 50.0}
    assert light(progress_pct=48, **sent).colour == "green"  # 96%
    assert light(progress_pct=47, **sent).text == "yellow: progress at 94% of expected (behind)"
    assert light(progress_pct=43, **sent).text == "yellow: progress at 86% of expected (behind)"
    assert light(progress_pct=42, **sent).text == "red: progress at 84% of expected (off track)"


def test_progress_thresholds_are_configurable():
    strict = Thresholds(on_track_pct=100, behind_pct=90)
    result = light(
        status="submitted", submitted_on=DUE, expected_pct=50.0, progress_pct=48, thresholds=strict
    )
    assert result.colour == "yellow"


def test_progress_in_a_draft_does_not_count():
    assert (
        light(
            today=DUE - dt.timedelta(days=20), status="draft", progress_pct=1, expected_pct=80.0
        ).colour
        == "grey"
    )


def test_submitted_on_time_late_and_nothing_new_are_green_with_different_reasons():
    assert light(status="submitted", submitted_on=DUE).text == "green: submitted on time"
    assert (
        light(status="submitted", submitted_on=DUE + dt.timedelta(days=4)).text
        == "green: submitted 4 days late"
    )
    assert (
        light(status="submitted", submitted_on=DUE, nothing_new=True).text
        == "green: nothing new this period"
    )


def test_the_most_severe_reason_wins_and_all_are_kept():
    result = light(
        today=DUE + dt.timedelta(days=10),
        milestones=[MilestoneState("a", DUE + dt.timedelta(days=12))],
    )
    assert result.colour == "red"
    assert [r.code for r in result.reasons] == ["overdue", "milestone_at_risk"]


def test_one_day_is_singular_in_english():
    assert (
        light(today=DUE + dt.timedelta(days=1)).text == "yellow: report 1 day overdue, within grace"
    )


def test_a_task_takes_its_lead_units_light():
    green = light(status="approved")
    red = light(today=DUE + dt.timedelta(days=9))
    assert task_light([red], [green, green]).colour == "red"
    assert task_light([green, red], []).colour == "red"  # two lead units: the worse one


def test_a_green_lead_turns_the_task_yellow_when_another_unit_is_red():
    green = light(status="approved")
    red = light(today=DUE + dt.timedelta(days=9))
    result = task_light([green], [red, red, green])
    assert result.text == "yellow: 2 involved units are red"


def test_a_task_without_a_lead_unit_takes_the_worst_light():
    assert task_light([], [light(status="approved"), light(today=DUE)]).colour == "yellow"
    assert task_light([], []) is None


def test_count_totals_each_colour():
    assert lights.count([light(status="approved"), light(today=DUE)]) == {
        "green": 1,
        "yellow": 1,
        "red": 0,
        "grey": 0,
    }
