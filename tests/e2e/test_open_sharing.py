"""Open sharing in Debian chromium: an enterprise registers, the office verifies it, it books
an instrument and the owner approves; a firm applies for a voucher, uses it with a provider
and is settled; the office draws experts for a review with a conflict excluded."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / "营业执照.pdf"
    path.write_bytes(PDF)
    return path


@pytest.fixture
def instrument(other_org_admin):
    from luoshi.instruments import services

    return services.instrument_save(
        actor=other_org_admin,
        owner=other_org_admin.org_membership.organisation,
        name="场发射扫描电子显微镜",
        model_number="SU8010",
        category="analysis",
        original_value=Decimal("3200000"),
        capabilities="锂电池正极材料形貌观察",
        fees={"machine_hour": Decimal("400")},
    )


def test_an_enterprise_registers_is_verified_books_and_the_owner_approves(
    page, live_server, sign_in, shot, coordinator, other_org_admin, instrument, pdf_file, browser
):
    from luoshi.organisations.codes import synthetic_credit_code

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_test_id("register-organisation").click()
    page.fill("#id_name", "遂宁新能源材料有限公司")
    page.fill("#id_credit_code", "91510903000000019X")  # a wrong check character first
    page.select_option("#id_kind", "enterprise")
    page.fill("#id_contact_name", "王经理")
    page.fill("#id_contact_phone", "13800000000")
    page.set_input_files("#id_proof", str(pdf_file))
    page.fill("#id_username", "xinnengyuan")
    page.fill("#id_password", "Kq7-turbine-Nov-2025")
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_test_id("error-credit_code")).to_contain_text("统一社会信用代码")
    shot(page, "credit-code-refused")
    page.fill("#id_credit_code", synthetic_credit_code(31415))
    page.set_input_files("#id_proof", str(pdf_file))
    page.fill("#id_password", "Kq7-turbine-Nov-2025")
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_test_id("org-state")).to_have_text("待审核")
    shot(page, "registered")

    office = browser.new_context(locale="zh-CN").new_page()
    sign_in(office, coordinator.username)
    office.goto(f"{live_server.url}/organisations/")
    office.get_by_role("link", name="遂宁新能源材料有限公司").click()
    office.get_by_test_id("verify").click()
    expect(office.get_by_test_id("org-state")).to_have_text("已认证")
    shot(office, "verified")

    page.reload()
    expect(page.get_by_test_id("org-state")).to_have_text("已认证")
    page.goto(f"{live_server.url}/instruments/?q=锂电")
    page.get_by_role("link", name="场发射扫描电子显微镜").click()
    start = (timezone.localtime() + dt.timedelta(days=2)).replace(hour=9, minute=0)
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_purpose", "正极材料形貌观察")
    page.fill("#id_samples", "3")
    page.get_by_test_id("booking-submit").click()
    expect(page.get_by_test_id("booking-state").first).to_have_text("待审批")
    shot(page, "requested")

    owner = browser.new_context(locale="zh-CN").new_page()
    sign_in(owner, other_org_admin.username)
    owner.goto(f"{live_server.url}/instruments/bookings/?as=owner")
    owner.get_by_test_id("approve").click()
    expect(owner.get_by_test_id("booking-state").first).to_have_text("已批准")
    owner.goto(f"{live_server.url}/instruments/{instrument.pk}/")
    expect(owner.get_by_test_id("calendar")).to_be_visible()
    shot(owner, "calendar")
    page.reload()
    expect(page.get_by_test_id("booking-state").first).to_have_text("已批准")


def test_a_firm_applies_for_a_voucher_uses_it_and_is_settled(
    page, live_server, sign_in, shot, coordinator, org_admin, other_org_admin, pdf_file, browser
):
    from luoshi.vouchers import services

    batch = services.batch_create(
        actor=coordinator,
        year=timezone.localdate().year,
        name="科技创新券（测试批次）",
        budget=Decimal("1000000"),
        providers=[other_org_admin.org_membership.organisation],
    )
    sign_in(page, org_admin.username)
    page.goto(f"{live_server.url}/vouchers/")
    page.select_option(f"#q-{batch.pk}", "tech_sme")
    page.fill(f"#a-{batch.pk}", "50000")
    page.fill(f"#p-{batch.pk}", "电池检测")
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("applications")).to_contain_text("已报送")

    office = browser.new_context(locale="zh-CN").new_page()
    sign_in(office, coordinator.username)
    office.goto(f"{live_server.url}/vouchers/")
    office.get_by_test_id("approve-application").click()
    expect(office.get_by_test_id("vouchers")).to_contain_text("CXQ")
    shot(office, "issued")

    page.goto(f"{live_server.url}/vouchers/")
    page.get_by_test_id("vouchers").get_by_role("link").first.click()
    page.select_option("#id_provider", label="西南测试大学")
    page.select_option("#id_service_type", "testing")
    page.fill("#id_title", "电池安全检测服务合同")
    page.fill("#id_amount", "100000")
    page.get_by_test_id("contract-submit").click()
    form = page.get_by_test_id("redeem-form")
    form.locator("input[name=invoice]").set_input_files(str(pdf_file))
    form.locator("input[name=proof]").set_input_files(str(pdf_file))
    page.get_by_test_id("redeem").click()
    expect(page.get_by_test_id("redemption-state")).to_have_text("待审核")
    shot(page, "redemption-asked")

    office.goto(f"{live_server.url}/vouchers/")
    office.get_by_test_id("check").click()
    office.get_by_test_id("settle").click()
    expect(office.get_by_test_id("settle")).to_have_count(0)
    page.reload()
    expect(page.get_by_test_id("redemption-state")).to_have_text("已兑付")
    expect(page.get_by_test_id("voucher-amount")).to_contain_text("已兑付 3.00万元")
    shot(page, "settled")


def test_the_office_draws_experts_with_a_conflict_excluded(
    page, live_server, sign_in, shot, coordinator, org_admin, other_org_admin
):
    from luoshi.experts import services

    firm = org_admin.org_membership.organisation
    services.expert_add(
        actor=None, name="张工", field_code="480.40", field_name="能源材料", organisation=firm
    )
    services.expert_add(
        actor=None, name="李教授", field_code="480.40", field_name="能源材料", relations=[firm]
    )
    for name in ("王研究员", "赵教授", "钱高工"):
        services.expert_add(actor=None, name=name, field_code="480.41", field_name="材料")
    sign_in(page, coordinator.username)
    page.goto(f"{live_server.url}/experts/draws/")
    page.fill("#id_review_label", "锂电池材料项目评审")
    page.fill("#id_field_codes", "480")
    page.fill("#id_count", "3")
    page.select_option("#id_exclude_organisations", label=firm.name)
    page.get_by_test_id("draw-submit").click()
    expect(page.get_by_test_id("draw-verified")).to_contain_text("结果一致")
    expect(page.get_by_test_id("excluded")).to_contain_text("张工")
    expect(page.get_by_test_id("excluded")).to_contain_text("李教授")
    chosen = page.get_by_test_id("chosen")
    expect(chosen.locator("li")).to_have_count(3)
    expect(chosen).not_to_contain_text("张工")
    shot(page, "draw")


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"the page scrolls sideways by {width} px"


def test_the_office_keeps_the_expert_and_lab_databases(
    page, live_server, sign_in, shot, coordinator, org_admin
):
    from luoshi.experts import services
    from luoshi.experts.models import Expert, Lab, Relation

    services.expert_add(actor=None, name="何军", field_code="480.40", field_name="能源材料")
    firm = org_admin.org_membership.organisation
    sign_in(page, coordinator.username)
    page.goto(f"{live_server.url}/experts/")
    page.get_by_test_id("expert-new").click()
    page.fill("#id_name", "杨帆")
    page.fill("#id_field_code", "480.40")
    page.fill("#id_field_name", "能源材料")
    page.select_option("#id_region", label="射洪市")
    page.fill("#id_phone", "13800000000")
    page.get_by_test_id("expert-form").get_by_role("button").click()
    expect(page.get_by_test_id("relations")).to_be_visible()
    relations = page.get_by_test_id("relation-form")
    relations.locator("#id_related_expert").select_option(label="何军")
    relations.locator("#id_note").fill("博士导师与学生")
    relations.get_by_role("button").click()
    expect(page.get_by_test_id("relations")).to_contain_text("何军")
    relations.locator("#id_organisation").select_option(label=firm.name)
    relations.get_by_role("button").click()
    expect(page.get_by_test_id("relations")).to_contain_text(firm.name)
    shot(page, "expert-edit")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    shot(page, "phone-expert-edit")
    page.set_viewport_size({"width": 1440, "height": 900})
    expert = Expert.objects.get(name="杨帆")
    assert expert.region.name == "射洪市" and Relation.objects.filter(expert=expert).count() == 2

    page.goto(f"{live_server.url}/experts/labs/")
    page.get_by_test_id("lab-new").click()
    page.fill("#id_name", "潼南区检验检测中心")
    page.fill("#id_region_name", "重庆市潼南区")
    page.get_by_label("CMA").check()
    page.get_by_test_id("lab-form").get_by_role("button").click()
    expect(page.get_by_test_id("labs")).to_contain_text("潼南区检验检测中心")
    expect(page.get_by_test_id("labs")).to_contain_text("市外")
    shot(page, "labs")
    page.get_by_test_id("labs").get_by_role("link", name="潼南区检验检测中心").click()
    shot(page, "lab-edit")
    page.set_viewport_size({"width": 390, "height": 844})
    _no_sideways_scroll(page)
    shot(page, "phone-lab-edit")
    page.goto(f"{live_server.url}/experts/labs/")
    _no_sideways_scroll(page)
    shot(page, "phone-labs")
    assert Lab.objects.get().region is None
