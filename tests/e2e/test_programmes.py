"""The programmes in the browser: a project call from a prefilled application with its
attachments to acceptance; a challenge published, taken and accepted; a talent card applied
for, issued and a service request answered in time; a loan disbursed, defaulted, compensated
from the pool and money recovered, with the balance right; the offices' configuration pages.
Each step at desktop width; the key pages also at phone width."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _person(serial, name, kind, username, region=None):
    from luoshi.finance.tests.people import admin_of, organisation

    return admin_of(organisation(serial, name, kind, username, region=region))


@pytest.fixture(autouse=True)
def expert_database(units):
    from luoshi.projects.tests.conftest import expert_pool

    expert_pool(n=9)


@pytest.fixture
def firm(units):
    from luoshi.org.models import Region

    return _person(
        7601, "遂宁锂电科技有限公司", "enterprise", "e2e-firm", Region.objects.get(name="船山区")
    )


@pytest.fixture
def institute(units):
    return _person(7602, "遂宁先进材料研究院", "institute", "e2e-institute")


def _phone(browser, live_server, sign_in, shot, username, path, name):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    phone = context.new_page()
    sign_in(phone, username)
    phone.goto(f"{live_server.url}{path}")
    shot(phone, name)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{path} scrolls sideways on a phone ({width}px)"
    context.close()


def test_a_call_from_a_prefilled_application_to_acceptance(
    page, live_server, sign_in, shot, coordinator, firm, browser, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.projects import services

    today = timezone.localdate()
    call = services.call_create(
        actor=coordinator,
        title="市级重点研发计划",
        year=today.year,
        guide="锂电关键技术",
        categories=["重点研发"],
        budget=1_000_000,
        max_request=500_000,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        org_kinds=["enterprise"],
        publicity_days=0,
        attachment_kinds=["申报书", "财务报表"],
    )
    services.call_open(actor=coordinator, call=call)
    # An earlier application: its leader and team, and its financial statement, are offered
    # again.
    services.application_submit(
        attachments={
            "申报书": SimpleUploadedFile("去年申报书.pdf", PDF),
            "财务报表": SimpleUploadedFile("2024年财务报表.pdf", PDF),
        },
        actor=firm,
        call=call,
        category="重点研发",
        title="去年的项目",
        summary="s",
        requested=1000,
        matching=0,
        leader_name="张总工",
        leader_phone="13900000000",
        team="研发部",
    )

    sign_in(page, firm.username)
    page.goto(f"{live_server.url}/projects/calls/{call.pk}/")
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("profile")).to_contain_text(
        firm.org_membership.organisation.credit_code
    )
    expect(page.get_by_test_id("profile")).to_contain_text("船山区")
    expect(page.locator("input[name=leader_name]")).to_have_value("张总工")
    page.fill("input[name=title]", "高镍正极材料循环寿命提升")
    page.fill("textarea[name=summary]", "掺杂包覆工艺")
    page.fill("input[name=requested]", "400000")
    page.fill("input[name=matching]", "800000")
    expect(page.get_by_test_id("attachments")).to_contain_text("2024年财务报表.pdf")
    expect(page.locator("input[name=reuse-1]")).to_be_checked()
    shot(page, "application-prefilled")
    # Last year's 申报书 is offered too; a new project needs a new one. Without it the
    # submission is refused and says what is missing.
    page.uncheck("input[name=reuse-0]")
    page.get_by_test_id("project-submit").click()
    expect(page.locator(".alert", has_text="请上传指南要求的附件")).to_contain_text("申报书")
    shot(page, "application-missing-attachment")
    page.fill("input[name=title]", "高镍正极材料循环寿命提升")
    page.fill("textarea[name=summary]", "掺杂包覆工艺")
    page.fill("input[name=requested]", "400000")
    page.fill("input[name=matching]", "800000")
    form_file = tmp_path / "申报书.pdf"
    form_file.write_bytes(PDF)
    page.set_input_files("input[name=attachment-0]", str(form_file))
    page.get_by_test_id("project-submit").click()
    expect(page.get_by_test_id("my-applications")).to_contain_text("高镍正极材料循环寿命提升")
    _phone(
        browser,
        live_server,
        sign_in,
        shot,
        firm.username,
        f"/projects/calls/{call.pk}/apply/",
        "apply-phone",
    )

    office = browser.new_context(locale="zh-CN").new_page()
    sign_in(office, coordinator.username)
    office.goto(f"{live_server.url}/projects/calls/{call.pk}/")
    office.get_by_test_id("call-close").click()
    row = office.get_by_test_id("applications").locator("tr", has_text="高镍正极材料循环寿命提升")
    expect(row.get_by_test_id("attachment-link")).to_have_count(2)
    expect(row).to_contain_text("2024年财务报表.pdf")
    with office.expect_download() as download:
        row.get_by_test_id("attachment-link").first.click()
    assert download.value.suggested_filename == "申报书.pdf"
    assert open(download.value.path(), "rb").read() == PDF
    shot(office, "call-with-attachments")
    for _ in range(2):  # each decision reloads the page
        office.locator("[data-testid^=formal-]").first.click()
        office.wait_for_load_state("networkidle")
    office.fill("input[name=field_codes]", "430")
    office.get_by_test_id("panel-draw").click()
    expect(office.get_by_test_id("panel")).to_contain_text("7")
    inputs = office.locator("[data-testid=score-sheet] input")
    for i in range(inputs.count()):
        inputs.nth(i).fill(str(70 + i % 10))
    inputs.first.fill("20")  # an outlier
    office.get_by_test_id("scores-save").click()
    expect(office.get_by_test_id("score-sheet")).to_contain_text("异常分")
    shot(office, "score-sheet")
    office.get_by_test_id("call-publish").click()
    expect(office.get_by_test_id("approval-list")).to_contain_text("高镍正极材料循环寿命提升")
    office.get_by_test_id("call-decide").click()
    expect(office.get_by_test_id("call-state")).to_have_text("已确定立项")
    row = office.get_by_test_id("approval-list").locator("tr", has_text="高镍正极材料循环寿命提升")
    row.locator("summary").click()
    row.locator("input[name=starts_on]").fill(today.isoformat())
    row.locator("input[name=ends_on]").fill((today + dt.timedelta(days=730)).isoformat())
    row.locator("textarea[name=targets]").fill("发明专利申请: 3")
    row.locator("[data-testid^=contract-sign-]").click()
    expect(office.get_by_test_id("project-state")).to_have_text("实施中")
    office.get_by_test_id("pay-0").click()
    office.select_option("select[name=stage]", "final")
    office.fill("textarea[name=achieved]", "发明专利申请: 4")
    office.get_by_test_id("acceptance-save").click()
    expect(office.get_by_test_id("project-state")).to_have_text("已结题：验收通过")
    shot(office, "project-accepted")


def test_a_challenge_published_taken_and_accepted(
    page, live_server, sign_in, shot, coordinator, firm, institute, browser
):
    today = timezone.localdate()
    sign_in(page, firm.username)
    page.goto(f"{live_server.url}/projects/")
    page.get_by_test_id("challenge-new").click()
    page.fill("input[name=title]", "固态电解质界面稳定性")
    page.fill("textarea[name=goal]", "循环寿命≥1500次")
    page.fill("textarea[name=indicators]", "循环寿命(次): 1500")
    page.fill("input[name=budget]", "4000000")
    page.fill("input[name=deadline]", (today + dt.timedelta(days=20)).isoformat())
    page.get_by_test_id("challenge-save").click()
    expect(page.get_by_test_id("challenge-state")).to_have_text("草稿")
    url = page.url

    office = browser.new_context(locale="zh-CN").new_page()
    sign_in(office, coordinator.username)
    office.goto(url)
    office.get_by_test_id("challenge-publish").click()
    expect(office.get_by_test_id("challenge-state")).to_have_text("已发榜")

    team = browser.new_context(locale="zh-CN").new_page()
    sign_in(team, institute.username)
    team.goto(url)
    team.fill("textarea[name=plan]", "原子层沉积界面修饰")
    team.fill("input[name=price]", "3500000")
    team.fill("input[name=leader_name]", "钱教授")
    team.get_by_test_id("bid-submit").click()
    expect(team.get_by_test_id("my-bid")).to_be_visible()
    shot(team, "taken")

    office.reload()
    office.get_by_test_id("challenge-close").click()
    office.fill("input[name=field_codes]", "430")
    office.get_by_test_id("panel-draw").click()
    for cell in office.locator("[data-testid=score-sheet] input").all():
        cell.fill("88")
    office.get_by_test_id("scores-save").click()
    office.fill("input[name=contract_amount]", "3500000")
    office.fill("input[name=on]", today.isoformat())
    office.get_by_test_id("challenge-sign").click()
    # 40 % of 350万 is 140万, under the 200万 cap
    expect(office.get_by_test_id("winner")).to_contain_text("140.00万元")
    office.get_by_test_id("milestone-pay-0").click()
    office.fill("textarea[name=achieved]", "循环寿命(次): 1600")
    office.get_by_test_id("challenge-accept").click()
    expect(office.get_by_test_id("challenge-state")).to_have_text("验收通过")
    shot(office, "accepted")
    _phone(
        browser,
        live_server,
        sign_in,
        shot,
        institute.username,
        url.replace(live_server.url, ""),
        "challenge-phone",
    )


def test_a_talent_card_issued_and_a_service_request_answered_in_time(
    page, live_server, sign_in, shot, firm, units, browser
):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.core.testing import PASSWORD
    from luoshi.talent import services

    office = accounts.user_create(
        actor=None,
        username="e2e-rcb",
        password=PASSWORD,
        unit=units["rcb"],
        role=Role.COORDINATOR,
        full_name="人才办",
        validate=False,
    )
    school = accounts.user_create(
        actor=None,
        username="e2e-jtj",
        password=PASSWORD,
        unit=units["jtj"],
        role=Role.REPORTER,
        full_name="教体局",
        validate=False,
    )
    services.category_save(actor=office, code="B", name="B卡", max_level=3, validity_years=3)
    services.service_kind_save(
        actor=office, code="schooling", name="子女入学", unit=units["jtj"], time_limit_days=10
    )

    sign_in(page, firm.username)
    page.goto(f"{live_server.url}/talent/")
    page.get_by_test_id("talent-apply").click()
    page.select_option("select[name=category]", label="B卡")
    page.fill("input[name=person_name]", "刘振华")
    page.fill("input[name=phone]", "13800000000")
    page.fill("input[name=level]", "2")
    page.get_by_test_id("talent-submit").click()
    expect(page.get_by_test_id("applications")).to_contain_text("刘振华")

    rcb = browser.new_context(locale="zh-CN").new_page()
    sign_in(rcb, office.username)
    rcb.goto(f"{live_server.url}/talent/")
    rcb.locator("[data-testid^=talent-decide-]").first.click()
    expect(rcb.get_by_test_id("cards")).to_contain_text("SZYC")
    shot(rcb, "card-issued")

    page.goto(f"{live_server.url}/talent/")
    page.get_by_test_id("cards").locator("a").first.click()
    expect(page.get_by_test_id("card-number")).to_contain_text("SZYC")
    page.select_option("select[name=kind]", label="子女入学")
    page.fill("textarea[name=description]", "子女转学")
    page.get_by_test_id("request-file").click()

    unit = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900}).new_page()
    sign_in(unit, school.username)
    unit.goto(f"{live_server.url}/talent/")
    unit.get_by_test_id("requests").locator("a").first.click()
    unit.fill("#answer", "已安排入学")
    unit.get_by_test_id("request-answer").click()
    expect(unit.get_by_test_id("request-state")).to_contain_text("按时")

    page.goto(unit.url)
    page.get_by_test_id("request-rate").click()
    expect(page.get_by_test_id("rating")).to_contain_text("5")
    shot(page, "rated")
    _phone(browser, live_server, sign_in, shot, office.username, "/talent/", "talent-phone")


def test_a_loan_disbursed_defaulted_and_compensated_with_the_balance_right(
    page, live_server, sign_in, shot, coordinator, firm, browser, units, lead_reporter
):
    from luoshi.finance import services

    bank = _person(7603, "遂宁银行科技支行", "bank", "e2e-bank")
    pool = services.pool_create(
        actor=coordinator, name="风险补偿资金池", pool_share=40, bank_share=60
    )
    services.pool_contribute(
        actor=coordinator, pool=pool, amount=5_000_000, on=timezone.localdate()
    )
    services.product_save(
        actor=coordinator,
        name="天府科创贷",
        kind="tianfu",
        accepted_kinds=["tech_sme", "high_tech"],
        caps=[(2020, 10_000_000, 12), (2025, 20_000_000, 12)],
        pool=pool,
    )

    sign_in(page, firm.username)
    page.goto(f"{live_server.url}/finance/apply/")
    page.select_option("select[name=product]", label="天府科创贷")
    page.select_option("select[name=bank]", label="遂宁银行科技支行")
    page.fill("input[name=amount]", "2000000")
    page.fill("input[name=purpose]", "研发设备")
    page.check("input[name=declared_kinds][value=high_tech]")
    shot(page, "apply")
    page.get_by_test_id("apply-submit").click()
    expect(page.get_by_test_id("loan-state")).to_have_text("待银行审批")
    loan_url = page.url

    lender = browser.new_context(locale="zh-CN").new_page()
    sign_in(lender, bank.username)
    lender.goto(loan_url)
    lender.get_by_test_id("loan-decide").click()
    lender.get_by_test_id("loan-disburse").click()
    expect(lender.get_by_test_id("loan-state")).to_have_text("已放款")
    lender.fill("#rep-amount", "500000")
    lender.get_by_test_id("loan-repay").click()
    expect(lender.get_by_test_id("outstanding")).to_have_text("150.00万元")
    lender.get_by_test_id("loan-default").click()
    lender.get_by_test_id("loan-claim").click()
    expect(lender.get_by_test_id("claim")).to_contain_text("60.00万元")  # 40 % of 150万

    office = browser.new_context(locale="zh-CN").new_page()
    sign_in(office, coordinator.username)
    office.goto(loan_url)
    office.get_by_test_id("claim-decide").click()
    expect(office.get_by_test_id("claim-paid")).to_have_text("60.00万元")
    office.goto(f"{live_server.url}/finance/pools/{pool.pk}/")
    expect(office.get_by_test_id("balance")).to_have_text("440.00万元")
    shot(office, "pool")
    # 追偿: 50万 recovered from the borrower, 40 % of it back into the pool.
    office.goto(loan_url)
    office.fill("#rec-amount", "500000")
    office.get_by_test_id("loan-recover").click()
    expect(office.get_by_test_id("recoveries")).to_contain_text("20.00万元")
    shot(office, "loan-recovered")
    # More than the loss less what was recovered is refused with the room left.
    office.fill("#rec-amount", "1000001")
    office.get_by_test_id("loan-recover").click()
    expect(office.locator(".alert", has_text="最多还可追偿")).to_contain_text("1,000,000")
    office.goto(f"{live_server.url}/finance/pools/{pool.pk}/")
    expect(office.get_by_test_id("balance")).to_have_text("460.00万元")
    expect(office.get_by_test_id("recovered")).to_have_text("20.00万元")
    _phone(
        browser,
        live_server,
        sign_in,
        shot,
        coordinator.username,
        loan_url.replace(live_server.url, ""),
        "loan-recovered-phone",
    )
    _phone(browser, live_server, sign_in, shot, coordinator.username, "/finance/", "finance-phone")
    _task_18_reports_show_the_loans(
        office, browser, live_server, sign_in, shot, coordinator, units, lead_reporter
    )


def _task_18_reports_show_the_loans(
    office, browser, live_server, sign_in, shot, coordinator, units, reporter
):
    """The office picks task 18's programme figures on the task page; a unit writing its
    report on task 18 sees the loans lent this year, counted from the loan records."""
    import io

    from django.core.management import call_command

    from luoshi.indicators import services as indicators
    from luoshi.supervision.tests import factories

    plan = factories.make_plan(
        units, [("18", "科技金融", "深化科技金融创新", ["jrj"], ["fgw"], ["chuanshan"])]
    )
    factories.setup_cycle(plan, coordinator)
    task = plan.tasks.get(number="18")
    today = timezone.localdate()
    period = plan.periods.get(kind="regular", start__lte=today, end__gte=today)
    for code, name in (
        ("tech_finance_lent", "科技贷款放款额"),
        ("ip_pledge_lent", "知识产权质押融资额"),
    ):
        indicators.element_save(
            actor=None,
            code=code,
            name=name,
            unit_of_measure="万元",
            supplying_unit=units["jrj"],
            computation=code,
        )
    call_command("refresh_indicators", stdout=io.StringIO())  # the daily timer

    office.goto(f"{live_server.url}/plans/tasks/{task.pk}/")
    office.get_by_test_id("choose-task-figures").click()
    office.get_by_role("checkbox", name="科技贷款放款额").check()
    office.get_by_role("checkbox", name="知识产权质押融资额").check()
    shot(office, "task-figures-choose")
    office.get_by_test_id("save-task-figures").click()
    expect(office.get_by_test_id("task-figures")).to_contain_text("科技贷款放款额")

    report = f"/supervision/periods/{period.pk}/tasks/{task.pk}/report/"
    unit = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900}).new_page()
    sign_in(unit, reporter.username)
    unit.goto(f"{live_server.url}{report}")
    figures = unit.get_by_test_id("task-figures")
    expect(figures).to_contain_text("科技贷款放款额")
    expect(figures).to_contain_text("由名录计算")
    row = figures.locator("[data-code=tech_finance_lent]")
    expect(row.get_by_test_id("task-figure-latest")).to_have_text("200")  # 200万元 lent
    shot(unit, "report-with-task-figures")
    row.get_by_test_id("task-figure-latest").click()
    expect(unit.get_by_test_id("drilldown-figure")).to_have_text("200")
    _phone(browser, live_server, sign_in, shot, reporter.username, report, "report-figures-phone")
    choose = f"/indicators/tasks/{task.pk}/figures/edit/"
    _phone(browser, live_server, sign_in, shot, coordinator.username, choose, "choose-phone")


def test_the_offices_configure_products_pools_categories_and_services(
    page, live_server, sign_in, shot, coordinator, units, browser
):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.core.testing import PASSWORD

    sign_in(page, coordinator.username)
    page.goto(f"{live_server.url}/finance/")
    page.get_by_test_id("pool-new").click()
    page.fill("input[name=name]", "科创贷风险池")
    page.fill("input[name=pool_share]", "50")
    page.fill("input[name=bank_share]", "40")
    page.get_by_test_id("configure-save").click()
    expect(page.get_by_test_id("form-error").first).to_contain_text("100")
    shot(page, "pool-shares-refused")
    page.fill("input[name=bank_share]", "50")
    page.get_by_test_id("configure-save").click()
    expect(page.get_by_test_id("balance")).to_be_visible()
    page.goto(f"{live_server.url}/finance/")
    page.get_by_test_id("product-new").click()
    page.fill("input[name=name]", "知识产权质押贷")
    page.select_option("select[name=kind]", "ip_pledge")
    page.select_option("select[name=pool]", label="科创贷风险池")
    page.fill("textarea[name=caps]", "2020, 0, 12")
    page.get_by_test_id("configure-save").click()
    expect(page.get_by_test_id("error-caps")).to_be_visible()
    shot(page, "product-cap-refused")
    page.fill("textarea[name=caps]", "2020, 10000000, 12\n2025, 20000000, 12")
    page.get_by_test_id("configure-save").click()
    expect(page.locator("body")).to_contain_text("知识产权质押贷")
    _phone(browser, live_server, sign_in, shot, coordinator.username, "/finance/products/new/",
           "product-phone")  # fmt: skip

    office = accounts.user_create(
        actor=None,
        username="e2e-rcb2",
        password=PASSWORD,
        unit=units["rcb"],
        role=Role.COORDINATOR,
        full_name="人才办",
        validate=False,
    )
    talent = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    t = talent.new_page()
    sign_in(t, office.username)
    t.goto(f"{live_server.url}/talent/")
    t.get_by_test_id("category-new").click()
    t.fill("input[name=code]", "A")
    t.fill("input[name=name]", "A卡")
    t.fill("input[name=max_level]", "2")
    t.fill("input[name=min_salary]", "500000")
    t.fill("input[name=titles]", "正高级工程师，教授")
    shot(t, "category-new")
    t.get_by_test_id("configure-save").click()
    expect(t.locator("body")).to_contain_text("A卡")
    t.get_by_test_id("service-kind-new").click()
    t.fill("input[name=code]", "housing")
    t.fill("input[name=name]", "住房保障")
    t.select_option("select[name=unit]", str(units["jtj"].pk))
    t.fill("input[name=time_limit_days]", "15")
    shot(t, "service-kind-new")
    t.get_by_test_id("configure-save").click()
    expect(t.locator("body")).to_contain_text("住房保障")
    talent.close()
    _phone(browser, live_server, sign_in, shot, office.username, "/talent/categories/new/",
           "category-phone")  # fmt: skip
    _phone(browser, live_server, sign_in, shot, office.username, "/talent/services/new/",
           "service-phone")  # fmt: skip
