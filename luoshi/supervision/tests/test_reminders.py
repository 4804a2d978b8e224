"""Reminders: the right units on the right days, and never the same reminder twice."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from luoshi.supervision import services
from luoshi.supervision.models import Notification, Reminder


@pytest.fixture
def emails(coop_reporter, coop_approver, lead_reporter, county_reporter):
    for user in (coop_reporter, coop_approver, lead_reporter, county_reporter):
        user.email = f"{user.username}@example.cn"
        user.save()


def run(today, *extra) -> str:
    out = StringIO()
    call_command("remind", "--today", today.isoformat(), *extra, stdout=out)
    return out.getvalue().strip()


def test_due_soon_reminders_go_to_units_with_reports_missing(
    period, tasks, emails, coop_reporter, coop_approver, django_capture_on_commit_callbacks
):
    # jxj submits task 1 only; it still owes tasks 2, 3 and 4.
    report = services.report_save_draft(
        actor=coop_reporter, period=period, task=tasks["1"], version=0, work_done="x"
    )
    services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    day = period.due_date - dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        line = run(day)
    # Units owing reports: fgw, jxj, kjj, suitong, chuanshan → five due-soon reminders.
    assert line == "sent 5 reminders: 5 due-soon, 0 due-today, 0 overdue; 0 skipped as already sent"
    jxj = Reminder.objects.get(unit=coop_reporter.unit)
    assert (jxj.kind, jxj.tasks) == ("due_soon", 3)
    assert Notification.objects.filter(recipient=coop_reporter, kind="due_soon").count() == 1
    assert {"t-jxj-reporter@example.cn", "t-jxj-approver@example.cn"} <= {
        m.to[0] for m in mail.outbox
    }


def test_running_twice_sends_nothing_twice(period, emails, django_capture_on_commit_callbacks):
    day = period.due_date - dt.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = run(day)
    sent_mail, sent_notes = len(mail.outbox), Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        second = run(day)
    assert first.startswith("sent 5 reminders")
    assert (
        second == "sent 0 reminders: 0 due-soon, 0 due-today, 0 overdue; 5 skipped as already sent"
    )
    assert (len(mail.outbox), Notification.objects.count()) == (sent_mail, sent_notes)
    # The next day is still in the due-soon window: nothing new either.
    assert run(day + dt.timedelta(days=1)).startswith("sent 0 reminders")


def test_due_today_and_overdue_are_separate_reminders(period):
    assert "5 due-today" in run(period.due_date)
    assert "5 overdue" in run(period.due_date + dt.timedelta(days=1))
    assert run(period.due_date + dt.timedelta(days=2)).startswith("sent 0")
    assert Reminder.objects.count() == 10


def test_no_overdue_reminder_for_periods_long_past(period):
    assert run(period.due_date + dt.timedelta(days=45)).startswith("sent 0")


def test_dry_run_counts_but_records_and_sends_nothing(period, emails):
    line = run(period.due_date, "--dry-run")
    assert line.startswith("would send 5 reminders: 0 due-soon, 5 due-today")
    assert not Reminder.objects.exists() and not Notification.objects.exists() and not mail.outbox


def test_an_ad_hoc_round_reminds_only_units_of_its_tasks(plan, tasks, coordinator, cycle):
    from luoshi.supervision.tests import factories

    round_ = factories.open_round(plan, coordinator, due_in_days=2, tasks=[tasks["1"]])
    services.reminders_send(today=round_.due_date - dt.timedelta(days=1))
    assert set(Reminder.objects.filter(period=round_).values_list("unit__code", flat=True)) == {
        "fgw",
        "jxj",
        "kjj",
    }


def test_a_bad_date_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("remind", "--today", "27/11/2026")
