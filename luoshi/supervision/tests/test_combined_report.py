"""One report per county: where the cycle says so, a county government files one combined
report per period for every task it is implicitly involved in, while the tasks it leads or
cooperates on keep their own reports; lights and consolidation read it like any report."""

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.core.errors import Conflict, PermissionDenied
from luoshi.supervision import services, status
from luoshi.supervision.models import UnitReport
from luoshi.supervision.selectors import combined, todo
from luoshi.supervision.tests import factories


@pytest.fixture
def combined_cycle(plan, coordinator):
    return factories.setup_cycle(plan, coordinator, combined_kinds=["county"])


@pytest.fixture
def county_approver(units):
    from conftest import _make
    from luoshi.core.roles import Role

    return _make("t-chuanshan-approver", units["chuanshan"], Role.APPROVER)


def _period(plan):
    today = timezone.localdate()
    return plan.periods.get(kind="regular", start__lte=today, end__gte=today)


def test_the_county_has_one_to_do_item_for_its_implicit_tasks(
    combined_cycle, plan, county_reporter
):
    items = todo.todo(viewer=county_reporter)["items"]
    period = _period(plan)
    mine = [i for i in items if i.period == period]
    assert len(mine) == 1 and mine[0].url.endswith(f"/periods/{period.pk}/combined/")
    assert "3" in mine[0].title  # tasks 2, 3 and 4


def test_without_the_setting_each_task_is_its_own_item(cycle, plan, county_reporter):
    period = _period(plan)
    mine = [i for i in todo.todo(viewer=county_reporter)["items"] if i.period == period]
    assert len(mine) == 3


def test_written_once_signed_off_once_stored_per_task(
    combined_cycle, plan, tasks, county_reporter, county_approver
):
    period = _period(plan)
    page = combined.combined_editor(viewer=county_reporter, period=period)
    assert [r.task.number for r in page["rows"]] == ["2", "3", "4"]
    services.combined_report_write(
        actor=county_reporter,
        period=period,
        stamp=page["stamp"],
        shared={"work_done": "全区统筹推进科技创新工作"},
        notes={tasks["3"].pk: {"task_note": "与潼南区签订合作协议", "progress_pct": 60}},
    )
    reports = UnitReport.objects.filter(period=period, unit=county_reporter.unit).order_by(
        "task__order"
    )
    assert [(r.task.number, r.status, r.combined) for r in reports] == [
        ("2", "draft", True),
        ("3", "draft", True),
        ("4", "draft", True),
    ]
    assert {r.work_done for r in reports} == {"全区统筹推进科技创新工作"}
    assert reports.get(task=tasks["3"]).task_note == "与潼南区签订合作协议"
    page = combined.combined_editor(viewer=county_approver, period=period)
    services.combined_report_write(
        actor=county_approver,
        period=period,
        stamp=page["stamp"],
        action="sign_off",
        shared={"work_done": "全区统筹推进科技创新工作（审核人确认）"},
        notes={tasks["3"].pk: {"task_note": "与潼南区签订合作协议", "progress_pct": 60}},
    )
    assert set(reports.values_list("status", flat=True)) == {"submitted"}
    # Every page's light is the status read model's, per task.
    data = status.load(plan, [period])
    today = timezone.localdate()
    three = status.light_for(data, period, tasks["3"], county_reporter.unit_id, today)
    two = status.light_for(data, period, tasks["2"], county_reporter.unit_id, today)
    assert three.reason.code == "off_track"  # its own progress, 60 % of a past deadline's 100
    assert two.colour == "green", two.text  # no progress given for it


def test_a_stale_combined_report_is_a_conflict_and_writes_nothing(
    combined_cycle, plan, county_reporter
):
    period = _period(plan)
    stamp = combined.combined_editor(viewer=county_reporter, period=period)["stamp"]
    services.combined_report_write(
        actor=county_reporter, period=period, stamp=stamp, shared={"work_done": "第一版"}
    )
    with pytest.raises(Conflict):
        services.combined_report_write(
            actor=county_reporter, period=period, stamp=stamp, shared={"work_done": "旧页面"}
        )
    assert not UnitReport.objects.filter(work_done="旧页面").exists()


def test_a_department_has_no_combined_report(combined_cycle, plan, coop_reporter, lead_reporter):
    period = _period(plan)
    with pytest.raises(PermissionDenied):
        services.combined_report_write(
            actor=coop_reporter, period=period, stamp="", shared={"work_done": "x"}
        )
    assert lead_reporter.unit.kind != "county"


def test_the_lead_unit_reads_the_countys_note_on_its_task(
    combined_cycle, plan, tasks, county_approver, lead_reporter, login
):
    period = _period(plan)
    page = combined.combined_editor(viewer=county_approver, period=period)
    services.combined_report_write(
        actor=county_approver,
        period=period,
        stamp=page["stamp"],
        action="sign_off",
        shared={"work_done": "统筹推进"},
        notes={tasks["3"].pk: {"task_note": "与潼南区签订合作协议"}},
    )
    html = (
        login(lead_reporter)
        .get(reverse("supervision:consolidation", args=[period.pk, tasks["3"].pk]))
        .content.decode()
    )
    assert "统筹推进" in html and "与潼南区签订合作协议" in html
    pulled = services.consolidation_pull(
        actor=lead_reporter, period=period, task=tasks["3"], version=0
    )
    assert "与潼南区签订合作协议" in pulled.summary


def test_the_page_writes_the_combined_report(combined_cycle, plan, tasks, county_reporter, login):
    period = _period(plan)
    client = login(county_reporter)
    url = reverse("supervision:combined_report", args=[period.pk])
    page = client.get(url)
    assert page.status_code == 200
    stamp = page.context["stamp"]
    response = client.post(
        url,
        {
            "stamp": stamp,
            "work_done": "全区统筹推进",
            f"note_{tasks['2'].pk}": "遂潼一体化专项",
            "action": "hand_in",
        },
    )
    assert response.status_code == 302
    assert set(
        UnitReport.objects.filter(period=period, unit=county_reporter.unit).values_list(
            "status", flat=True
        )
    ) == {"pending"}


def test_the_combined_status_is_what_needs_the_unit_most():
    assert combined.overall_status([None, None]) is None
    assert combined.overall_status(["submitted", None]) == "draft"
    assert combined.overall_status(["submitted", None, "returned"]) == "returned"
    assert combined.overall_status(["approved", "pending"]) == "pending"
    assert combined.overall_status(["approved", "submitted"]) == "submitted"
