"""A newcomer's walk through luoshi in chromium, from an empty plan list to the dashboard.

The coordinating office imports a plan from a Word file and maps the one unit name the
directory does not know, sets up the reporting cycle (which opens the quarter just ended),
links the plan's targets and sees the task red on the dashboard. The cooperating unit
reports (reporter drafts, approver signs off); the lead unit reports and consolidates; the
office returns the consolidation with a comment, the lead unit revises it, the office
approves — and the dashboard's task-supervision summary turns the task green.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "遂宁市科技成果转化三年行动方案"
UNKNOWN = "市科学技术普及协会"
LINES = [
    "遂宁市人民政府办公室",
    "2026年1月5日",
    TITLE,
    "为加快推动科技成果在遂宁转化落地，结合遂宁实际，制定本方案。",
    "一、总体要求",
    "(一)发展目标。到2028年，成功创建国家高新技术产业开发区，技术合同认定登记额突破10亿元。",
    "二、重点任务",
    "(一)建设转化平台",
    "1.建设中试熟化基地。支持高校院所与企业共建中试基地，推动科技成果就地转化。"
    "〔责任单位:市发展改革委,市经济和信息化局。逗号前的单位为牵头单位,下同〕",
    "(二)普及科学知识",
    f"2.开展科普进企业活动。组织科技人员进园区、进企业开展科普和技术服务。(责任单位:市科技局,{UNKNOWN})",
    "三、保障措施",
    "(一)强化组织领导。各责任单位要细化工作措施，确保各项任务落到实处。",
]


def plan_docx(path) -> None:
    """The plan as an official would receive it: a Word file, one paragraph per line."""
    document = Document()
    for line in LINES:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def previous_quarter_start(today: dt.date) -> dt.date:
    start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    month = start.month - 3
    return dt.date(start.year - (month < 1), (month - 1) % 12 + 1, 1)


def sign_out(page):
    page.locator("form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def summary_row(page, section: str):
    """The dashboard's task-supervision row of a section: (green, yellow, red, grey)."""
    row = page.get_by_test_id("supervision-summary").locator("tbody tr").filter(has_text=section)
    cells = row.locator("td.num").all_inner_texts()
    return tuple(int(c) for c in cells)


def test_a_newcomer_walks_from_a_word_file_to_a_green_dashboard(
    page, live_server, sign_in, shot, personas, coop_approver, tmp_path
):
    from luoshi.plans.models import Plan
    from luoshi.supervision.models import Period

    office = personas["coordinator"].username
    url = live_server.url
    document = tmp_path / f"{TITLE}.docx"
    plan_docx(document)

    # 1. The office imports the Word file and maps the unknown unit.
    sign_in(page, office)
    page.goto(f"{url}/plans/")
    page.get_by_test_id("import-plan").click()
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_test_id("preview-title")).to_contain_text(TITLE)
    expect(page.get_by_test_id("unknown-names")).to_contain_text("1 个单位名称不在单位名录中")
    shot(page, "office-preview-unknown-unit")
    select = page.locator(f'[data-testid=map-select][data-name="{UNKNOWN}"]')
    from luoshi.org.models import Unit

    select.select_option(value=str(Unit.objects.get(short_name="市科协").pk))
    page.get_by_test_id("confirm").click()
    # The import leads on to the first round: accounts (skipped here), then the reporting
    # cycle, whose first save opens the quarter and tells the units.
    expect(page.get_by_test_id("wizard-steps")).to_contain_text("单位账号")
    shot(page, "office-plan-imported")
    plan = Plan.objects.get(title=TITLE)
    task = plan.tasks.get(number="1")
    page.get_by_test_id("next-step").click()

    # 2. It sets up the quarterly reporting cycle: the quarter just ended opens.
    page.select_option("select[name=frequency]", "quarterly")
    start = previous_quarter_start(dt.date.today())
    page.fill("input[name=first_period_start]", start.isoformat())
    page.get_by_test_id("open-round").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    page.goto(f"{url}/plans/{plan.pk}/")
    expect(page.get_by_test_id("plan-title")).to_have_text(TITLE)
    expect(page.get_by_test_id("outline")).to_contain_text("市科协")
    shot(page, "office-cycle-saved")
    period = Period.objects.get(plan=plan, kind="regular", start=start)
    assert period.due_date < dt.date.today(), "the quarter just ended is already due"

    # 3. The dashboard: the office links the plan's targets; task 1 is red (overdue).
    page.goto(f"{url}/indicators/")
    page.get_by_role("button", name="关联方案目标").click()
    expect(page.get_by_test_id("supervision-summary")).to_be_visible()
    green, _yellow, red, _grey = summary_row(page, "建设转化平台")
    assert (green, red) == (0, 1)
    shot(page, "office-dashboard-red")
    sign_out(page)

    report_url = f"/supervision/periods/{period.pk}/tasks/{task.pk}/report/"

    # 4. The cooperating unit: the reporter drafts (saved as typed) and hands in ...
    sign_in(page, personas["coop_reporter"].username)
    expect(page.get_by_test_id("home-title")).to_be_visible()
    page.locator(f'a[href="{report_url}"]').first.click()
    page.fill(
        "textarea[name=work_done]", "配合建设中试基地，组织3家企业对接高校院所，签订合作协议2份。"
    )
    page.fill("input[name=progress_pct]", "40")
    expect(page.get_by_test_id("saved")).to_be_visible(timeout=5000)
    shot(page, "coop-reporter-draft")
    page.get_by_test_id("hand-in").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("待签发")
    sign_out(page)
    # ... and its approver signs it off.
    sign_in(page, coop_approver.username)
    page.locator('[data-kind="sign_off"]').first.click()
    page.get_by_test_id("sign-off").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("已报送")
    shot(page, "coop-approver-signed-off")
    sign_out(page)

    # 5. The lead unit: its approver reports for the unit, then consolidates and signs the
    # consolidated report off.
    sign_in(page, personas["lead_approver"].username)
    page.goto(url + report_url)
    page.fill(
        "textarea[name=work_done]", "牵头制定中试基地建设方案，完成选址论证，落实启动资金500万元。"
    )
    page.fill("input[name=progress_pct]", "45")
    page.get_by_test_id("sign-off").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("已报送")
    shot(page, "lead-approver-reported")
    page.goto(url + "/supervision/")
    page.locator('[data-kind="consolidate"]').first.click()
    expect(page.get_by_test_id("contributions")).to_contain_text("签订合作协议2份")
    page.fill("textarea[name=summary]", "牵头汇总：中试基地完成选址论证，配合单位组织企业对接。")
    if page.get_by_test_id("confirm-missing").count():
        page.get_by_test_id("confirm-missing").check()
    page.get_by_test_id("submit-consolidation").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已报送")
    shot(page, "lead-consolidated")
    sign_out(page)

    consolidation_url = f"{url}/supervision/periods/{period.pk}/tasks/{task.pk}/consolidation/"

    # 6. The office returns the consolidation with a comment ...
    sign_in(page, office)
    page.goto(consolidation_url)
    page.fill("#review-comment", "请补充中试基地的建设进度和资金到位情况。")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已退回")
    shot(page, "office-returned")
    sign_out(page)
    # ... the lead unit revises and resubmits ...
    sign_in(page, personas["lead_approver"].username)
    page.goto(consolidation_url)
    expect(page.get_by_test_id("return-comment")).to_contain_text("资金到位情况")
    page.fill(
        "textarea[name=summary]",
        "牵头汇总：中试基地完成选址论证，启动资金500万元已到位，主体工程完成设计招标。",
    )
    if page.get_by_test_id("confirm-missing").count():
        page.get_by_test_id("confirm-missing").check()
    page.get_by_test_id("submit-consolidation").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已报送")
    shot(page, "lead-resubmitted")
    sign_out(page)
    # ... and the office approves it with the units' reports.
    sign_in(page, office)
    page.goto(consolidation_url)
    page.get_by_test_id("approve").click()
    expect(page.get_by_test_id("consolidation-status")).to_contain_text("已审核")
    shot(page, "office-approved")
    sign_out(page)

    # 7. A leader opens the dashboard: the task group is green now.
    sign_in(page, personas["leader"].username)
    page.goto(f"{url}/indicators/")
    green, _yellow, red, _grey = summary_row(page, "建设转化平台")
    assert (green, red) == (1, 0)
    shot(page, "leader-dashboard-green")
