"""Pages render for the people they are for, read well on a phone, and link up."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.supervision import services


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def returned(past_period, tasks, coop_reporter, coop_approver, coordinator):
    report = services.report_save_draft(
        actor=coop_reporter, period=past_period, task=tasks["1"], version=0, work_done="第一稿"
    )
    report = services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    report = services.report_return(actor=coordinator, report=report, comment="请补充数据")
    report = services.report_save_draft(
        actor=coop_reporter,
        period=past_period,
        task=tasks["1"],
        version=report.version,
        work_done="第二稿，补充了数据",
    )
    return services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )


def test_the_todo_is_the_home_of_reporters_and_lists_returned_reports_first(
    past_period, tasks, coop_reporter, coop_approver, coordinator
):
    report = services.report_save_draft(
        actor=coop_reporter, period=past_period, task=tasks["3"], version=0, work_done="x"
    )
    report = services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    services.report_return(actor=coordinator, report=report, comment="请补充数据")
    client = client_for(coop_reporter)
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("supervision:todo")
    items = home.context["items"]
    assert items[0].kind == "returned" and items[0].detail == "请补充数据"
    dates = [i.due for i in items if i.due]
    assert dates == sorted(dates)


def test_the_overview_is_the_home_of_the_office(coordinator, period):
    home = client_for(coordinator).get("/", follow=True)
    assert home.redirect_chain[-1][0] == reverse("supervision:overview")
    assert 'data-testid="matrix"' in home.content.decode()


def test_the_matrix_links_each_light_to_its_report_and_explains_it(
    coordinator, past_period, returned
):
    page = (
        client_for(coordinator)
        .get(reverse("supervision:overview"), {"period": past_period.pk})
        .content.decode()
    )
    url = reverse(
        "supervision:report_view", args=[past_period.pk, returned.task_id, returned.unit_id]
    )
    assert f'href="{url}"' in page
    assert re.search(r'title="[^"]*(submitted|报送)[^"]*"', page)


def test_versions_can_be_compared(coordinator, returned):
    versions = list(returned.versions.order_by("number"))
    assert [v.event for v in versions] == ["submitted", "returned", "submitted"]
    page = client_for(coordinator).get(
        reverse("supervision:version_diff", args=[versions[0].pk, versions[2].pk])
    )
    html = page.content.decode()
    assert "<ins>" in html and "补充了数据" in html
    # Words, not codes; only what changed is marked.
    assert "on_track" not in html and "off_track" not in html
    changed = [
        f
        for f in ("work_done", "progress_pct")
        if versions[0].content.get(f) != versions[2].content.get(f)
    ]
    assert changed and "已修改" in html
    assert "未修改" not in html


def test_a_diff_of_another_units_draft_is_not_shown(outsider, returned):
    versions = list(returned.versions.order_by("number"))
    response = client_for(outsider).get(
        reverse("supervision:version_diff", args=[versions[0].pk, versions[1].pk])
    )
    assert response.status_code == 404


def test_the_report_page_shows_the_review_form_to_the_office_only(coordinator, leader, returned):
    url = reverse(
        "supervision:report_view", args=[returned.period_id, returned.task_id, returned.unit_id]
    )
    assert 'data-testid="review-form"' in client_for(coordinator).get(url).content.decode()
    assert 'data-testid="review-form"' not in client_for(leader).get(url).content.decode()


def test_the_plans_task_page_carries_the_panel(coordinator, tasks, period):
    task = tasks["1"]
    response = client_for(coordinator).get(reverse("plans:task", args=[task.pk]))
    html = response.content.decode()
    # The plans page as plans renders it, with supervision's panel in its task_extra block.
    assert response.status_code == 200 and 'data-testid="task-title"' in html
    assert 'data-testid="supervision-panel"' in html and "市经济和信息化局" in html
    assert reverse("supervision:task_timeline", args=[task.pk]) in html


@pytest.mark.parametrize("name", ["todo", "overview", "notifications", "notices"])
def test_pages_use_responsive_markup(coordinator, period, name):
    page = client_for(coordinator).get(reverse(f"supervision:{name}")).content.decode()
    assert 'name="viewport"' in page
    if "<table" in page:
        assert "table-responsive" in page


def test_notifications_are_listed_and_marked_read(coop_reporter, leader, tasks):
    services.instruction_add(actor=leader, task=tasks["1"], text="请加快")
    client = client_for(coop_reporter)
    page = client.get(reverse("supervision:notifications"))
    assert "请加快" in page.content.decode()
    client.post(reverse("supervision:notifications_read"))
    assert not coop_reporter.notifications.filter(read_at__isnull=True).exists()


def test_the_cycle_page_is_for_the_office(plan, coordinator, lead_reporter, cycle):
    assert (
        client_for(coordinator).get(reverse("supervision:cycle", args=[plan.pk])).status_code == 200
    )
    assert (
        client_for(lead_reporter).get(reverse("supervision:cycle", args=[plan.pk])).status_code
        == 404
    )


def test_the_nothing_new_button_reports_in_one_click(coop_approver, period, tasks):
    client = client_for(coop_approver)
    response = client.post(
        reverse("supervision:report_nothing_new", args=[period.pk, tasks["1"].pk]), {"version": 0}
    )
    assert response.status_code == 302
    report = tasks["1"].unit_reports.get(period=period)
    assert report.nothing_new and report.status == "submitted"


def test_a_reporters_nothing_new_goes_to_the_approver(coop_reporter, period, tasks):
    client_for(coop_reporter).post(
        reverse("supervision:report_nothing_new", args=[period.pk, tasks["1"].pk])
    )
    assert tasks["1"].unit_reports.get(period=period).status == "pending"


def test_server_side_validation_refuses_bad_input_and_saves_nothing(coop_reporter, period, tasks):
    response = client_for(coop_reporter).post(
        reverse("supervision:report_save", args=[period.pk, tasks["1"].pk]),
        {
            "version": 0,
            "work_done": "x",
            "progress_pct": 150,
            "q0_label": "企业",
            "q0_value": "很多",
        },
        HTTP_HX_REQUEST="true",
    )
    assert 'data-testid="autosave-errors"' in response.content.decode()
    assert not tasks["1"].unit_reports.exists()
    response = client_for(coop_reporter).post(
        reverse("supervision:report_save", args=[period.pk, tasks["1"].pk]),
        {"version": 0, "work_done": "x", "q0_label": "企业", "q0_value": "很多"},
        HTTP_HX_REQUEST="true",
    )
    assert "很多" in response.content.decode()
    assert not tasks["1"].unit_reports.exists()
