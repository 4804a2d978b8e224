"""The office takes a year's assessment from rules to a locked result and its 通报; a unit
objects while it is under review; then anyone, signed out, reads the plan's public page and
downloads the document the office published there."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(personas, units):
    from luoshi.assessment.tests.conftest import submit
    from luoshi.supervision.tests import factories

    plan = factories.make_plan(units)
    tasks = factories.tasks_of(plan)
    round_ = factories.open_round(
        plan,
        personas["coordinator"],
        due_in_days=-1,
        tasks=[tasks["1"], tasks["3"]],
        title="考核轮次",
    )
    submit(round_, tasks["1"], personas["coop_reporter"], personas["coop_approver"])
    submit(round_, tasks["1"], personas["lead_reporter"], personas["lead_approver"])
    plan.round_year = round_.end.year
    return plan


def test_the_office_locks_a_years_result_a_unit_objects_first(
    page, live_server, sign_in, shot, personas, plan, browser
):
    sign_in(page, personas["coordinator"].username)
    page.goto(f"{live_server.url}/assessment/?plan={plan.pk}")
    page.fill("#new-year", str(plan.round_year))
    page.get_by_test_id("scheme-new").click()
    expect(page.get_by_test_id("state")).to_have_text("草稿")
    expect(page.get_by_test_id("scorecard").first).to_contain_text("市经济和信息化局")
    expect(page.get_by_test_id("formula").first).to_contain_text("得分 = 100 ×")
    shot(page, "draft")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("state")).to_have_text("公示复核中")
    scheme_url = page.url

    # The cooperating unit objects, in its own browser.
    unit = browser.new_context(locale="zh-CN").new_page()
    sign_in(unit, personas["coop_reporter"].username)
    unit.goto(scheme_url)
    expect(unit.get_by_test_id("own-result")).to_contain_text("市经济和信息化局")
    unit.fill("#objection-text", "任务1已按时报送，请核对。")
    unit.get_by_test_id("object").click()
    expect(unit.get_by_test_id("objections")).to_contain_text("待处理")
    shot(unit, "unit-objects")

    page.reload()
    expect(page.get_by_test_id("lock")).to_be_disabled()
    page.select_option("select[name=decision]", "reject")
    page.locator("input[name=answer]").fill("经核实，报送时间无误。")
    page.get_by_test_id("answer").click()
    expect(page.get_by_test_id("objections")).to_contain_text("未采纳")
    page.get_by_test_id("lock").click()
    expect(page.get_by_test_id("state")).to_have_text("定稿")
    with page.expect_download() as download:
        page.get_by_test_id("export-docx").click()
    from docx import Document

    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "目标考核结果的通报" in text and "得分 = 100 ×" in text
    shot(page, "locked")


def test_anyone_signed_out_reads_the_public_page_and_downloads_a_published_document(
    page, live_server, shot, personas, plan
):
    from luoshi.assessment import services as assessment
    from luoshi.assessment.models import IssuedDocument
    from luoshi.public import services as public

    office = personas["coordinator"]
    public.public_page_save(actor=office, plan=plan, enabled=True, intro="本页面公开方案落实情况。")
    document = assessment.document_issue(
        actor=office, plan=plan, kind=IssuedDocument.Kind.BULLETIN, doc_number="遂科督〔2026〕2号"
    )
    assessment.document_publish(actor=office, document=document, published=True)

    page.goto(f"{live_server.url}/public/plans/{plan.pk}/")
    expect(page.get_by_test_id("public-title")).to_have_text(plan.title)
    expect(page.get_by_test_id("current-user")).to_have_count(0)  # nobody is signed in
    expect(page.get_by_test_id("public-group").first).to_contain_text("融入协同创新格局")
    expect(page.get_by_test_id("public-documents")).to_contain_text("遂科督〔2026〕2号")
    shot(page, "public-page")
    with page.expect_download() as download:
        page.get_by_test_id("public-documents").get_by_role("link").first.click()
    assert download.value.suggested_filename.startswith("遂科督〔2026〕2号")
    # A phone shows the same page.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("public-title")).to_be_visible()
    shot(page, "public-page-phone")
    assert "sessionid" not in {c["name"] for c in page.context.cookies()}
