"""A plan on the desk to a notified reporting round, as a new user of the office would do it.

The plan (tests/e2e/fixtures/遂宁市数字经济高质量发展三年行动方案.txt) was written for
this journey and is not in the parser's golden corpus: 20 tasks, 29 unit names — six of them
units the Suining directory does not have (市通信发展办公室, 市住房城乡建设局, 市大数据中心,
市邮政管理局, 市应急管理局, 市委网信办), two abbreviations it does not know (市大数据局,
市经合局), one collective (市级各有关部门) and two groups.

The journey counts every click (a file chosen counts as one) and every field typed into, and
times the run from the sign-in page to the summary of who was notified, without the time
spent taking screenshots. Screenshots of each step at desktop and phone width go to
test-results/test_the_office_opens_a_first_round_from_an_unseen_plan/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

DOCUMENT = Path(__file__).parent / "fixtures" / "遂宁市数字经济高质量发展三年行动方案.txt"
TITLE = "遂宁市数字经济高质量发展三年行动方案（2026—2028年）"
NEW_UNITS = [
    "市通信发展办公室",
    "市住房城乡建设局",
    "市大数据中心",
    "市邮政管理局",
    "市应急管理局",
    "市委网信办",
]
MAX_CLICKS = 15
MAX_SECONDS = 300


class Journey:
    """Clicks, fields and time of a journey, screenshots at two widths kept out of the time."""

    def __init__(self, page, shot):
        self.page = page
        self._shot = shot
        self.clicks = 0
        self.fields = 0
        self.shooting = 0.0
        self.started = time.monotonic()

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def fill(self, locator, value: str):
        self.fields += 1
        locator.fill(value)

    def choose_file(self, locator, path: Path):
        self.clicks += 1
        self.fields += 1
        locator.set_input_files(str(path))

    def select(self, locator, **option):
        self.clicks += 1
        self.fields += 1
        locator.select_option(**option)

    def shot(self, name: str):
        """Desktop and phone screenshots of the page as it stands; also checks the phone
        page does not scroll sideways."""
        began = time.monotonic()
        self._shot(self.page, f"{name}-desktop")
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": 390, "height": 844})
        width = self.page.evaluate("document.documentElement.scrollWidth")
        self._shot(self.page, f"{name}-phone")
        self.page.set_viewport_size(size)
        self.shooting += time.monotonic() - began
        assert width <= 390, f"{name} scrolls sideways on a phone: {width}px"

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started - self.shooting


def test_the_office_opens_a_first_round_from_an_unseen_plan(
    page, live_server, shot, personas, mailoutbox
):
    from luoshi.accounts.models import User
    from luoshi.core.testing import PASSWORD
    from luoshi.org.models import Unit
    from luoshi.plans.models import Plan
    from luoshi.supervision.models import Notification, Period

    # Two units already have accounts with an e-mail address; every other unit has none.
    for key, address in (
        ("lead_reporter", "fgw@example.gov.cn"),
        ("coop_reporter", "jxj@example.gov.cn"),
    ):
        personas[key].email = address
        personas[key].save(update_fields=["email"])

    journey = Journey(page, shot)
    page.goto(f"{live_server.url}/accounts/login/")
    journey.fill(page.locator("input[name=username]"), personas["coordinator"].username)
    journey.fill(page.locator("input[name=password]"), PASSWORD)
    journey.click(page.locator("button[type=submit]"))

    # The office's home says what to do first.
    expect(page.get_by_test_id("home-title")).to_be_visible()
    journey.shot("home")
    journey.click(page.get_by_test_id("import-plan"))

    # 1. Upload.
    expect(page.get_by_test_id("wizard-steps")).to_be_visible()
    journey.choose_file(page.locator("input[type=file]"), DOCUMENT)
    journey.shot("upload")
    journey.click(page.get_by_role("button", name="上传并预览"))

    # 2. Review the structure and resolve the unit names: each comes with a proposal.
    expect(page.get_by_test_id("preview-title")).to_contain_text(TITLE)
    expect(
        page.get_by_test_id("preview-tasks").locator("tbody tr:not(.table-light)")
    ).to_have_count(20)
    rows = page.get_by_test_id("name-row")
    expect(rows).to_have_count(11)  # 9 unknown names, 2 groups
    abbreviation = page.locator('[data-testid=map-select][data-name="市大数据局"]')
    expect(abbreviation.locator("option:checked")).to_contain_text("市政务服务和大数据局")
    expect(
        page.locator('[data-testid=map-select][data-name="市级各有关部门"] option:checked')
    ).to_have_text("统称，不分派到具体单位")
    for name in NEW_UNITS:
        expect(
            page.locator(f'[data-testid=map-select][data-name="{name}"] option:checked')
        ).to_have_text("新建此单位")
    journey.shot("review-units")
    # The person knows 市大数据中心 sits under the big-data bureau and says so.
    centre = page.locator('[data-testid=name-row][data-name="市大数据中心"]')
    journey.select(
        centre.locator("select[name$=_parent]"),
        label="市政务服务和大数据局（遂宁市政务服务和大数据管理局）",
    )
    expect(page.get_by_test_id("draft-saved")).to_be_visible()
    journey.click(page.get_by_test_id("confirm"))

    # 3. Accounts for the units that have none, on a sheet of one-time sign-in links.
    expect(page.get_by_test_id("without-accounts")).to_be_visible()
    journey.shot("accounts")
    journey.click(page.get_by_test_id("create-accounts"))
    expect(page.get_by_test_id("credential").first).to_be_visible()
    links = page.get_by_test_id("credential-link").all_inner_texts()
    usernames = page.get_by_test_id("credential-username").all_inner_texts()
    journey.shot("sign-in-sheet")
    journey.click(page.get_by_test_id("next-step"))

    # 4. The reporting cycle, proposed; saving opens the round and tells every unit.
    expect(page.get_by_test_id("cycle-form")).to_be_visible()
    expect(page.get_by_test_id("cannot-notify")).to_have_count(0)
    journey.shot("cycle")
    journey.click(page.get_by_test_id("open-round"))

    # 5. Who was told, who cannot be.
    expect(page.get_by_test_id("setup-title")).to_contain_text("本轮报送已开启")
    expect(page.get_by_test_id("cannot-be-notified")).to_have_count(0)
    seconds = journey.seconds
    journey.shot("notified")

    plan = Plan.objects.get(title=TITLE)
    period = Period.objects.get(plan=plan, opened_at__isnull=False)
    units = set(
        plan.tasks.filter(assignments__active=True).values_list("assignments__unit", flat=True)
    )
    told = Notification.objects.filter(kind="round_opened", params__period_id=period.pk)
    told_units = set(told.values_list("recipient__unit", flat=True))
    assert told_units == units, "every responsible unit was notified in the app"
    expect(page.get_by_test_id("round-row")).to_have_count(len(units))
    expect(page.locator("[data-testid=round-row][data-state=notified]")).to_have_count(len(units))
    # Each unit is told its own number of tasks (市经信局 holds 6 of the 20).
    jxj = told.filter(recipient=personas["coop_reporter"]).get()
    assert jxj.params["count"] == 6
    assert {m.to[0] for m in mailoutbox} == {"fgw@example.gov.cn", "jxj@example.gov.cn"}
    created = Unit.objects.filter(short_name__in=NEW_UNITS)
    assert created.count() == 6
    assert created.get(short_name="市大数据中心").parent.short_name == "市政务服务和大数据局"
    with_accounts = set(
        User.objects.exclude(username__in=usernames)
        .filter(unit__in=units, role__in=["reporter", "approver"])
        .values_list("unit", flat=True)
    )
    assert len(links) == len(usernames) == 2 * len(units - with_accounts)

    print(
        f"\nfirst round: {journey.clicks} clicks, {journey.fields} fields, {seconds:.1f} s, "
        f"{len(units)} units notified, {len(links)} accounts created"
    )
    assert journey.clicks <= MAX_CLICKS, f"{journey.clicks} clicks"
    assert seconds <= MAX_SECONDS

    # A unit's new reporter opens its one-time link, chooses a password and sees the round.
    page.context.clear_cookies()
    page.goto(links[0])
    page.get_by_test_id("use-link").click()
    expect(page.locator("h1")).to_contain_text("设置您的密码")
    page.fill("input[name=password]", "Luoshi-first-2026")
    page.fill("input[name=password2]", "Luoshi-first-2026")
    shot(page, "first-password")
    page.get_by_test_id("choose-password").click()
    page.goto(f"{live_server.url}/supervision/notifications/")
    expect(page.locator("main")).to_contain_text("报送已开启")
    shot(page, "unit-notified")
    # The link was spent.
    page.context.clear_cookies()
    page.goto(links[0])
    expect(page.get_by_test_id("link-error")).to_be_visible()
    assert re.search(r"/accounts/welcome/[\w-]{40,}/$", links[0])
