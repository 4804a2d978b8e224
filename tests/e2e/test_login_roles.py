"""Two roles sign in through the real login page and land on their own homes."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_page_is_in_chinese_and_each_role_lands_on_its_home(
    page, live_server, sign_in, shot, personas
):
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("登录")
    shot(page, "login")

    sign_in(page, personas["admin"].username)
    expect(page.get_by_test_id("home-title")).to_contain_text("系统管理")
    expect(page.get_by_test_id("current-user")).to_contain_text("系统管理员")
    shot(page, "admin-home")
    page.get_by_role("button", name="退出").click()

    sign_in(page, personas["lead_reporter"].username)
    expect(page.get_by_test_id("current-user")).to_contain_text("市发展改革委")
    expect(page.get_by_test_id("current-user")).to_contain_text("填报员")
    expect(page.get_by_role("link", name="系统管理")).to_have_count(0)
    shot(page, "reporter-home")


def test_home_reads_well_on_a_phone(page, live_server, sign_in, shot, personas):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, personas["coordinator"].username)
    # The menu collapses behind the toggler on a narrow screen and opens on a tap.
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.locator("#mainnav.show")).to_be_visible()
    page.wait_for_function("!document.querySelector('#mainnav').classList.contains('collapsing')")
    expect(page.locator("#mainnav").get_by_role("link", name="单位名录")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone: {width}px"
    shot(page, "phone-coordinator")
