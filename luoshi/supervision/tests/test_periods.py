"""The reporting cycle, the periods it generates, and ad-hoc rounds."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.supervision import cycles, services
from luoshi.supervision.models import Notification, Period


def _regular(plan) -> list[Period]:
    return list(Period.objects.filter(plan=plan, kind="regular").order_by("start"))


def test_saving_the_cycle_generates_quarters_up_to_the_one_after_today_and_only_once(
    plan, coordinator
):
    today = dt.date(2025, 11, 26)
    services.cycle_save(
        actor=coordinator, plan=plan, first_period_start=dt.date(2022, 7, 1), today=today
    )
    created = _regular(plan)
    assert [(p.start, p.end, p.due_date) for p in created[:2]] == [
        (dt.date(2022, 7, 1), dt.date(2022, 9, 30), dt.date(2022, 10, 5)),
        (dt.date(2022, 10, 1), dt.date(2022, 12, 31), dt.date(2023, 1, 5)),
    ]
    assert created[-1].start == dt.date(2026, 1, 1)  # 2025 Q4 contains today; one more ahead
    assert len(created) == 15
    assert services.period_generate(actor=coordinator, plan=plan, today=today) == []


@pytest.mark.parametrize(
    "frequency,count,first_end",
    [
        ("monthly", 7, dt.date(2025, 1, 31)),
        ("half_yearly", 2, dt.date(2025, 6, 30)),
        ("yearly", 2, dt.date(2025, 12, 31)),
    ],
)
def test_other_frequencies(plan, coordinator, frequency, count, first_end):
    services.cycle_save(
        actor=coordinator,
        plan=plan,
        frequency=frequency,
        first_period_start=dt.date(2025, 1, 1),
        periods_ahead=1,
        today=dt.date(2025, 6, 15),
    )
    created = _regular(plan)
    assert len(created) == count and created[0].end == first_end


def test_reporting_stops_at_the_end_date(plan, coordinator):
    services.cycle_save(
        actor=coordinator,
        plan=plan,
        first_period_start=dt.date(2022, 7, 1),
        ends_on=dt.date(2023, 6, 30),
        today=dt.date(2025, 1, 1),
    )
    assert len(_regular(plan)) == 4


def test_the_due_and_grace_days_come_from_the_cycle(plan, coordinator):
    services.cycle_save(
        actor=coordinator,
        plan=plan,
        first_period_start=dt.date(2025, 1, 1),
        due_offset_days=10,
        grace_days=0,
        today=dt.date(2025, 2, 1),
    )
    first = _regular(plan)[0]
    assert first.due_date == dt.date(2025, 4, 10) and first.red_after == dt.date(2025, 4, 10)


def test_bad_settings_are_refused_with_field_errors(plan, coordinator):
    with pytest.raises(ValidationFailed) as caught:
        services.cycle_save(
            actor=coordinator,
            plan=plan,
            first_period_start=dt.date(2025, 1, 15),
            on_track_pct=80,
            behind_pct=90,
        )
    assert {"first_period_start", "behind_pct"} <= set(caught.value.errors)


def test_only_the_office_sets_the_cycle(plan, leader, lead_approver):
    for user in (leader, lead_approver):
        with pytest.raises(PermissionDenied):
            services.cycle_save(actor=user, plan=plan, first_period_start=dt.date(2025, 1, 1))


def test_labels_read_in_both_languages():
    with translation.override("en"):
        assert cycles.label(dt.date(2025, 7, 1), dt.date(2025, 9, 30)) == "2025 Q3"
    with translation.override("zh-hans"):
        assert cycles.label(dt.date(2025, 7, 1), dt.date(2025, 9, 30)) == "2025年第3季度"
        assert cycles.label(dt.date(2025, 1, 1), dt.date(2025, 6, 30)) == "2025年上半年"
        assert cycles.label(dt.date(2025, 3, 1), dt.date(2025, 3, 31)) == "2025年3月"


def test_expected_progress_is_linear_to_the_deadline():
    start, end = dt.date(2022, 7, 1), dt.date(2025, 12, 31)
    assert cycles.expected_progress(as_of=start, start=start, end=end) == 0
    assert cycles.expected_progress(as_of=dt.date(2026, 3, 1), start=start, end=end) == 100
    assert round(cycles.expected_progress(as_of=dt.date(2024, 4, 1), start=start, end=end)) == 50
    assert cycles.expected_progress(as_of=start, start=start, end=None) is None


def test_an_ad_hoc_round_covers_only_its_tasks_and_tells_their_units(
    plan, tasks, coordinator, coop_reporter, county_reporter
):
    today = timezone.localdate()
    period = services.period_open_adhoc(
        actor=coordinator,
        plan=plan,
        title="专项督查：成渝合作",
        due_date=today + dt.timedelta(days=10),
        tasks=[tasks["1"]],
    )
    assert period.is_adhoc and period.label == "专项督查：成渝合作"
    assert list(period.tasks.all()) == [tasks["1"]]
    assert Notification.objects.filter(recipient=coop_reporter, kind="adhoc_opened").exists()
    assert not Notification.objects.filter(recipient=county_reporter).exists()  # not on task 1
    with pytest.raises(PermissionDenied):
        services.report_save_draft(
            actor=county_reporter, period=period, task=tasks["3"], version=0, work_done="x"
        )


def test_an_ad_hoc_round_needs_a_title_tasks_and_a_due_date_after_it_opens(plan, coordinator):
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as caught:
        services.period_open_adhoc(
            actor=coordinator,
            plan=plan,
            title=" ",
            start=today,
            due_date=today - dt.timedelta(days=1),
            tasks=[],
        )
    assert set(caught.value.errors) == {"title", "due_date", "tasks"}
    assert not Period.objects.exists()
