"""Supervision journey in chromium: a cooperating unit reports (the draft saves as it is
typed), its approver signs off, the lead unit consolidates, the office returns it with a
comment, the lead unit resubmits, the office approves — and the lights change."""

import re

import pytest
from playwright.sync_api import expect

from luoshi.supervision.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journey(units, coordinator, coop_reporter, coop_approver, lead_reporter, lead_approver):
    plan = factories.make_plan(units)
    factories.setup_cycle(plan, coordinator)
    period = factories.last_due_period(plan)
    task = factories.tasks_of(plan)["1"]
    return plan, period, task


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def jxj_light(page, live_server, period, task, units):
    page.goto(f"{live_server.url}/supervision/overview/?period={period.pk}")
    link = page.locator(
        f'a[href="/supervision/periods/{period.pk}/tasks/{task.pk}/units/{units["jxj"].pk}/"]'
    )
    return link.get_attribute("data-colour"), link.get_attribute("title")


def test_report_sign_off_consolidate_return_approve(
    page, live_server, sign_in, shot, journey, units, personas, coop_approver
):
    plan, period, task = journey

    # The office sees the cooperating unit red: nothing reported, past the grace days.
    sign_in(page, personas["coordinator"].username)
    colour, reason = jxj_light(page, live_server, period, task, units)
    assert colour == "red" and "逾期" in reason
    shot(page, "office-overview-before")
    sign_out(page)

    # The cooperating unit's reporter lands on the to-do and opens the overdue report.
    sign_in(page, personas["coop_reporter"].username)
    expect(page.get_by_test_id("home-title")).to_contain_text("我的待办")
    shot(page, "reporter-todo")
    page.locator(
        f'a[href="/supervision/periods/{period.pk}/tasks/{task.pk}/report/"]'
    ).first.click()
    expect(page.locator("h1")).to_contain_text(task.title)
    page.fill("textarea[name=work_done]", "配合开展成渝地区对接活动3次，签订合作协议2份。")
    page.fill("input[name=progress_pct]", "100")
    expect(page.get_by_test_id("saved")).to_be_visible(timeout=5000)  # saved as typed
    shot(page, "reporter-autosaved")
    page.get_by_test_id("hand-in").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("待签发")
    shot(page, "reporter-handed-in")
    sign_out(page)

    # Its approver signs it off.
    sign_in(page, coop_approver.username)
    page.locator('[data-kind="sign_off"]').first.click()
    expect(page.locator("textarea[name=work_done]")).to_have_value(re.compile("签订合作协议2份"))
    page.get_by_test_id("sign-off").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("已报送")
    shot(page, "approver-signed-off")
    sign_out(page)

    # The lead unit sees the submission side by side, brings the units' text into its draft,
    # edits it and hands it to its approver.
    sign_in(page, personas["lead_reporter"].username)
    page.locator('[data-kind="consolidate"]').filter(has_text=task.title).first.click()
    expect(page.get_by_test_id("contributions")).to_contain_text("签订合作协议2份")
    expect(page.get_by_test_id("missing-units")).to_be_visible()
    page.get_by_test_id("pull-text").click()
    expect(page.locator("textarea[name=summary]")).to_have_value(
        re.compile("【市经济和信息化局】.*签订合作协议2份")
    )
    page.fill("textarea[name=summary]", "牵头汇总：各单位积极推进成渝协同。")
    shot(page, "lead-consolidating")
    page.get_by_test_id("hand-in-consolidation").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("待签发")
    sign_out(page)

    # Its approver signs it off from the to-do, saying it goes without the missing units.
    sign_in(page, personas["lead_approver"].username)
    page.locator('[data-kind="sign_off"]').filter(has_text=task.title).first.click()
    page.get_by_test_id("confirm-missing").check()
    page.get_by_test_id("submit-consolidation").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已报送")
    shot(page, "lead-approver-signed-off")
    sign_out(page)

    # The office: the cell is green now; it returns the consolidation with a comment.
    sign_in(page, personas["coordinator"].username)
    colour, reason = jxj_light(page, live_server, period, task, units)
    assert colour == "green"
    shot(page, "office-overview-submitted")
    page.get_by_role("link", name="待审核").click()
    page.get_by_test_id("queue-consolidations").get_by_role("link").first.click()
    page.fill("#review-comment", "请补充量化数据。")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已退回")
    shot(page, "office-returned")
    sign_out(page)

    # The lead unit's approver reads the comment, revises and resubmits.
    sign_in(page, personas["lead_approver"].username)
    page.goto(f"{live_server.url}/supervision/periods/{period.pk}/tasks/{task.pk}/consolidation/")
    expect(page.get_by_test_id("return-comment")).to_contain_text("请补充量化数据")
    page.fill("textarea[name=summary]", "牵头汇总：开展对接活动3次，签订合作协议2份，落实项目3个。")
    page.get_by_test_id("confirm-missing").check()
    page.get_by_test_id("submit-consolidation").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已报送")
    shot(page, "lead-resubmitted")
    sign_out(page)

    # The office approves: the unit's report is approved with it and the light says so.
    sign_in(page, personas["coordinator"].username)
    page.goto(f"{live_server.url}/supervision/periods/{period.pk}/tasks/{task.pk}/consolidation/")
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已审核")
    colour, reason = jxj_light(page, live_server, period, task, units)
    assert colour == "green" and "审核通过" in reason
    row = page.locator(f'tr[data-task="{task.number}"]')
    expect(row.locator("td.cell").first).to_contain_text("✓")
    shot(page, "office-overview-approved")
    # The scorecard's old address leads to the yearly assessment; the office sets up the
    # year and every responsible unit is listed in it.
    page.goto(f"{live_server.url}/supervision/scorecard/?plan={plan.pk}")
    page.fill("#new-year", str(period.end.year))
    page.get_by_test_id("scheme-new").click()
    expect(page.get_by_test_id("scorecard").first).to_contain_text("市经济和信息化局")
    shot(page, "office-assessment")


def test_the_to_do_and_the_overview_read_well_on_a_phone(
    page, live_server, sign_in, shot, journey, personas
):
    plan, period, task = journey
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, personas["coop_reporter"].username)
    expect(page.get_by_test_id("todo-list")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-todo")
    page.locator(
        f'a[href="/supervision/periods/{period.pk}/tasks/{task.pk}/report/"]'
    ).first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-report")
    sign_out_button = page.locator(".navbar-toggler")
    sign_out_button.click()
    sign_out(page)
    sign_in(page, personas["coordinator"].username)
    page.goto(f"{live_server.url}/supervision/overview/?period={period.pk}")
    expect(page.get_by_test_id("matrix")).to_be_visible()
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= 390
    )  # the matrix scrolls inside its box
    shot(page, "phone-overview")
