"""The office takes in the lists as published and runs a post-subsidy round: a tech-SME list
and a high-tech recognition list imported (preview, then commit) → the dashboard's 高企 and
科小 cards show the computed 2025 figures → the figure drills down to the firms → the
pipeline page → a round from rules to the locked payment list. Desktop, then phone."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def suining(personas):
    from luoshi.demo import indicators as demo
    from luoshi.indicators import services
    from luoshi.indicators.models import DataElement
    from luoshi.indicators.tests.helpers import suining_plan

    plan = suining_plan()
    demo.load(stdout=io.StringIO())
    for code, key in (
        ("hightech_enterprises", "high_tech_valid"),
        ("tech_smes", "tech_sme_registered"),
    ):
        services.element_save(
            actor=None, element=DataElement.objects.get(code=code), computation=key
        )
    return plan


@pytest.fixture
def lists():
    from luoshi.enterprises.testing import credit_code

    firms = [
        ("遂宁锂能科技有限公司", credit_code("510903", 11)),
        ("射洪天然气装备有限公司", credit_code("510981", 12)),
        ("蓬溪电子材料有限公司", credit_code("510921", 13)),
        ("大英精细化工有限公司", credit_code("510923", 14)),
    ]
    tech_sme = _xlsx(
        [
            ("2025年第一批入库科技型中小企业名单",),
            ("序号", "企业名称", "统一社会信用代码", "入库登记编号"),
        ]
        + [(n + 1, name, code, f"2025510900{n:08d}") for n, (name, code) in enumerate(firms)]
    )
    high_tech = _xlsx(
        [("四川省2025年认定报备的高新技术企业名单",), ("序号", "企业名称", "证书编号")]
        + [(n + 1, name, f"GR20255100{n + 1:04d}") for n, (name, _c) in enumerate(firms[:3])]
    )
    return firms, tech_sme, high_tech


def _import(page, url, kind, name, data, **fields):
    page.goto(f"{url}/enterprises/import/")
    page.select_option("#id_kind", kind)
    page.set_input_files(
        "#id_file",
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}],
    )
    for field, value in fields.items():
        page.fill(f"#id_{field}", value)
    page.get_by_test_id("import-preview").click()
    expect(page.get_by_test_id("import-summary")).to_be_visible()
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()


def test_lists_in_figures_out_and_a_subsidy_round_to_payment(
    page, live_server, sign_in, shot, personas, suining, lists
):
    url = live_server.url
    firms, tech_sme, high_tech = lists
    sign_in(page, personas["coordinator"].username)
    _import(page, url, "tech_sme", "科小名单.xlsx", tech_sme)
    _import(page, url, "high_tech", "高企名单.xlsx", high_tech, issued_on="2025-10-30")
    shot(page, "import-done")

    page.goto(f"{url}/indicators/")
    cards = page.get_by_test_id("target-card")
    hightech = cards.filter(has_text="国家高新技术企业")
    smes = cards.filter(has_text="科技型中小企业")
    # The target year is over, so the cards show the outcome: computed from the lists.
    expect(hightech).to_contain_text("2025年为3 家")
    expect(smes).to_contain_text("2025年为4 家")
    shot(page, "dashboard")

    from luoshi.org.models import Region

    city = Region.objects.get(kind="city", name="遂宁市")
    page.goto(f"{url}/indicators/computed/hightech_enterprises/{city.pk}/2025/")
    for name, _code in firms[:3]:
        expect(page.get_by_text(name)).to_be_visible()
    shot(page, "drilldown")

    page.goto(f"{url}/enterprises/pipeline/?year=2025")
    expect(page.get_by_test_id("valid-end")).to_have_text("3")
    expect(page.get_by_test_id("projected")).to_be_visible()
    shot(page, "pipeline")

    # A round: 5% of the first 500万元, 8% above, cap 50万元, budget 30万元, high-tech only.
    page.goto(f"{url}/subsidies/")
    page.fill("#id_year", "2026")
    page.fill("#id_cap", "50")
    page.fill("#id_budget", "30")
    page.check("input[name=eligible_kinds][value=high_tech]")
    page.get_by_test_id("round-create").click()
    expect(page.get_by_test_id("round-state")).to_contain_text("准备中")
    for (name, code), spending in zip(
        firms, ["6000000", "3000000", "2000000", "9000000"], strict=True
    ):
        page.fill("#id_credit_code", code)
        page.fill("#id_spending", spending)
        page.locator("[data-testid=line-form] button[type=submit]").click()
        expect(page.locator("[data-testid=lines]")).to_contain_text(name)
    # 330,000 + 150,000 + 100,000 = 580,000 > 300,000: scaled; 大英 (no certificate) gets 0
    expect(page.get_by_test_id("factor")).to_contain_text("0.5172")
    expect(page.get_by_test_id("total-amount")).to_have_text("300,000元")
    shot(page, "round-computed")
    page.get_by_test_id("approve-all").click()
    page.fill("#id_notice_from", "2026-06-01")
    page.fill("#id_notice_until", "2026-06-07")
    page.get_by_test_id("publicise").click()
    expect(page.get_by_test_id("round-state")).to_contain_text("公示")
    page.get_by_test_id("finalise").click()
    expect(page.get_by_test_id("round-state")).to_contain_text("已定稿")
    with page.expect_download() as download:
        page.get_by_test_id("payment-list").click()
    assert download.value.suggested_filename == "payment-2026.xlsx"
    page.get_by_test_id("mark-paid").click()
    expect(page.get_by_test_id("round-state")).to_contain_text("已拨付")
    shot(page, "round-paid")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("total-amount")).to_be_visible()
    shot(page, "round-phone")
    page.goto(f"{url}/indicators/")
    shot(page, "dashboard-phone")
