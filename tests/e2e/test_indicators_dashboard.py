"""A city leader opens the dashboard (驾驶舱): seven target cards, charts that really
render, a chart switched to its table view; then the same page on a 390-px phone."""

import io

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def suining(personas):
    from luoshi.demo import indicators as demo
    from luoshi.indicators.tests.helpers import suining_plan

    plan = suining_plan()
    demo.load(stdout=io.StringIO())
    return plan


def _charts_drawn(page) -> None:
    # ECharts draws into a canvas inside each chart box; data-rendered is set after setOption.
    expect(page.locator(".chart[data-rendered='1']").first).to_be_visible()
    count = page.locator(".chart[data-rendered='1'] canvas").count()
    assert count >= 7, f"only {count} charts drew a canvas"


def test_the_leader_sees_seven_targets_and_switches_a_chart_to_its_table(
    page, live_server, sign_in, shot, personas, suining
):
    sign_in(page, personas["leader"].username)
    page.goto(f"{live_server.url}/indicators/")
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("驾驶舱")
    cards = page.get_by_test_id("target-card")
    expect(cards).to_have_count(7)
    expect(page.get_by_test_id("target-count")).to_have_text("7")
    # 2025, the plan's target year, is over and its figures are still in approval: the card
    # waits for them, showing the latest accepted figure meanwhile, and projects nothing.
    expect(page.get_by_test_id("outcomes-due")).to_contain_text("2025")
    hightech = cards.filter(has_text="国家高新技术企业")
    expect(hightech).to_contain_text("等待目标年度数据")
    expect(hightech).to_contain_text("2024年 236 家")
    expect(hightech).not_to_contain_text("预计")
    expect(cards.filter(has_text="成功创建国家高新技术产业开发区")).to_contain_text("2/4")
    expect(page.get_by_test_id("as-of")).to_contain_text("数据截至2024年")
    _charts_drawn(page)
    shot(page, "desktop")

    chart = page.locator("[data-chart='hightech_enterprises']")
    table = chart.get_by_test_id("chart-table")
    expect(table).to_be_hidden()
    chart.get_by_role("button", name="表格").click()
    expect(table).to_be_visible()
    expect(table).to_contain_text("2023")
    expect(table).to_contain_text("209")
    expect(chart.locator(".chart")).to_be_hidden()
    shot(page, "chart-as-table")
    chart.get_by_role("button", name="图表").click()
    expect(chart.locator(".chart")).to_be_visible()

    # The comparison switches indicator and sorts its table by value.
    page.select_option("#compare-select", label="国家高新技术企业")
    expect(page.locator("#compare-title")).to_contain_text("国家高新技术企业")
    compare = page.locator(".chart-card").filter(has=page.locator("#compare-chart"))
    compare.get_by_role("button", name="表格").click()
    visible = page.locator("[data-testid='compare-table']:visible")
    visible.get_by_role("button", name="数值").click()
    values = [
        float(v)
        for v in visible.locator("tbody td.num").evaluate_all(
            "tds => tds.map(td => td.dataset.value)"
        )
        if v
    ]
    assert values == sorted(values)

    with page.expect_download() as download:
        chart.get_by_role("button", name="下载图片").click()
    assert download.value.suggested_filename.endswith(".png")


def test_the_dashboard_reads_well_on_a_phone(page, live_server, sign_in, shot, personas, suining):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, personas["leader"].username)
    page.goto(f"{live_server.url}/indicators/")
    expect(page.get_by_test_id("target-card")).to_have_count(7)
    _charts_drawn(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone: {width}px"
    # No card's text spills out of its card.
    spills = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=target-card]')]
            .filter(card => card.scrollWidth > card.clientWidth + 1).length"""
    )
    assert spills == 0
    shot(page, "phone")
