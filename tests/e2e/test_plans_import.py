"""The coordinating office imports a plan: upload a .docx → preview → map the unknown unit →
confirm → plan overview → responsibility matrix."""

import pytest
from playwright.sync_api import expect

from luoshi.plans.tests.factories import docx_bytes

pytestmark = pytest.mark.django_db(transaction=True)

UNKNOWN = "市科学技术普及协会"


def test_the_office_imports_a_docx_plan_mapping_an_unknown_unit(
    page, live_server, sign_in, shot, personas, tmp_path
):
    from luoshi.org.models import UnitAlias
    from luoshi.plans.tests.conftest import DATA

    document = tmp_path / "遂宁市增强协同创新发展能力行动方案.docx"
    text = DATA.read_text("utf-8").replace("市科协)", f"{UNKNOWN})")
    document.write_bytes(docx_bytes(text.splitlines()))

    sign_in(page, personas["coordinator"].username)
    page.goto(f"{live_server.url}/plans/")
    expect(page.get_by_text("还没有导入任何方案")).to_be_visible()
    page.get_by_test_id("import-plan").click()
    expect(page.locator("h1")).to_contain_text("导入方案")
    page.set_input_files("input[type=file]", str(document))
    shot(page, "upload")
    page.get_by_role("button", name="上传并预览").click()

    expect(page.get_by_test_id("preview-title")).to_contain_text(
        "遂宁市增强协同创新发展能力行动方案"
    )
    expect(page.get_by_test_id("unknown-names")).to_contain_text("1 个单位名称不在单位名录中")
    expect(page.get_by_test_id("preview-tasks")).to_contain_text("融入成渝地区双城经济圈建设")
    expect(page.get_by_test_id("preview-tasks").locator(".unknown-name").first).to_contain_text(
        UNKNOWN
    )
    shot(page, "preview-unknown-unit")

    select = page.locator(f'[data-testid=map-select][data-name="{UNKNOWN}"]')
    from luoshi.org.models import Unit

    select.select_option(value=str(Unit.objects.get(short_name="市科协").pk))
    page.locator(f'[data-testid=name-row][data-name="{UNKNOWN}"] input[name$=_alias]').check()
    shot(page, "preview-mapped")
    page.get_by_test_id("confirm").click()

    # Confirming writes the plan, its units and its reporting set-up in one request: on a
    # loaded 2-core CI machine that can take longer than the default five seconds.
    expect(page.get_by_role("alert")).to_contain_text("方案已导入（第 1 版）", timeout=20_000)
    page.get_by_role("link", name="方案", exact=True).first.click()
    page.get_by_role("link", name="遂宁市增强协同创新发展能力行动方案").click()
    expect(page.get_by_test_id("plan-title")).to_have_text("遂宁市增强协同创新发展能力行动方案")
    expect(page.get_by_test_id("outline")).to_contain_text("推进创新平台共建共享")
    expect(page.get_by_test_id("outline")).to_contain_text("市科协")
    expect(page.get_by_test_id("targets")).to_contain_text("全社会研发投入强度")
    shot(page, "plan-overview")
    assert UnitAlias.objects.filter(name=UNKNOWN, unit__short_name="市科协").exists()

    page.get_by_test_id("open-matrix").click()
    expect(page.get_by_test_id("matrix-title")).to_contain_text("责任矩阵")
    expect(page.get_by_test_id("matrix").locator("td.cell-lead").first).to_have_text("牵头")
    shot(page, "matrix")

    page.locator("select[name=kind]").select_option("county")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("matrix").locator("thead th.unit-col")).to_have_count(5)
    shot(page, "matrix-counties")


def test_the_plan_pages_read_well_on_a_phone(
    page, live_server, sign_in, shot, personas, plan_for_e2e
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, personas["county_reporter"].username)
    for path, name in [
        (f"/plans/{plan_for_e2e.pk}/", "phone-overview"),
        (f"/plans/{plan_for_e2e.pk}/matrix/", "phone-matrix"),
        (f"/plans/units/{personas['county_reporter'].unit_id}/", "phone-unit"),
    ]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone: {width}px"
        shot(page, name)


@pytest.fixture
def plan_for_e2e(directory, coordinator):
    from luoshi.plans import services
    from luoshi.plans.tests.conftest import DATA

    return services.plan_import(
        actor=coordinator, data=DATA.read_bytes(), filename=DATA.name, region=directory
    ).plan


def test_the_office_confirms_tasks_whose_units_are_a_guess(
    page, live_server, sign_in, shot, personas, tmp_path
):
    from luoshi.plans.models import Plan
    from luoshi.plans.tests.factories import plan_text

    # Clauses split by a comma and no rule stated anywhere: who leads is the parser's guess.
    document = tmp_path / "科技创新工作方案.txt"
    document.write_text(
        plan_text("遂宁市科技创新工作方案", 3, units=["市科技局", "市财政局", "市教育体育局"]),
        encoding="utf-8",
    )
    sign_in(page, personas["coordinator"].username)
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="上传并预览").click()

    expect(page.get_by_test_id("low-confidence")).to_contain_text("有 3 项任务需要核对")
    expect(page.get_by_test_id("unsure-task")).to_have_count(3)
    expect(page.get_by_test_id("task-rule").first).to_contain_text("按惯例以逗号前的单位为牵头")
    shot(page, "preview-low-confidence")

    page.get_by_test_id("confirm-task").first.check()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("confirm-form")).to_contain_text("请核对并确认以下任务的责任单位")
    assert not Plan.objects.exists()

    page.get_by_test_id("confirm-all").locator("input").check()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("wizard-steps")).to_contain_text("单位账号")
    assert Plan.objects.get().title == "遂宁市科技创新工作方案"
    shot(page, "imported-after-checking")
