"""The office takes in a patent list and a platform list as published: the patent list
imported (preview, then commit) → the 每万人高价值发明专利 card is computed from the registry
→ its target page shows the computed numerator → which drills down to exactly the
high-value patents → the firm's page lists its patents and platforms. Desktop, then phone."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

HEAD = ("专利号", "专利名称", "专利权人", "所在县（市、区）", "申请日", "授权日", "IPC主分类号",
        "法律状态", "法律状态日期", "战略性新兴产业", "海外同族", "维持10年以上", "质押融资", "获奖")  # fmt: skip


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
    from luoshi.enterprises import services as registry
    from luoshi.enterprises.testing import credit_code
    from luoshi.indicators import services
    from luoshi.indicators.models import DataElement
    from luoshi.indicators.tests.helpers import suining_plan

    plan = suining_plan()
    demo.load(stdout=io.StringIO())
    services.element_save(
        actor=None,
        element=DataElement.objects.get(code="hv_patents"),
        computation="hv_invention_patents",
    )
    firm = registry.enterprise_save(
        actor=None,
        credit_code=credit_code("510903", 31),
        name="遂宁锂能科技有限公司",
        address="遂宁高新技术产业园区创新大道8号",
    )
    return plan, firm


@pytest.fixture
def lists():
    from luoshi.patents.testing import patent_number

    high = [patent_number(2019, 11), patent_number(2014, 12), patent_number(2020, 13)]
    plain = patent_number(2021, 14)
    lapsed = patent_number(2018, 15)
    patents = _xlsx(
        [("遂宁市有效发明专利清单（2025年12月31日）",), HEAD,
         (high[0], "一种锂电池正极材料", "遂宁锂能科技有限公司", "", "2019-03-01", "2021-06-01",
          "H01M 4/525", "有效", "", "是", "否", "否", "否", "否"),
         (high[1], "一种天然气脱硫装置", "遂宁锂能科技有限公司", "", "2014-05-01", "2016-05-01",
          "C10L 3/10", "有效", "", "否", "否", "否", "否", "否"),  # ten years in 2024
         (high[2], "一种食品保鲜方法", "川中职业技术学院", "船山区", "2020-02-01", "2022-08-01",
          "A23B 7/00", "有效", "", "否", "是", "否", "否", "是"),
         (plain, "一种包装箱", "遂宁锂能科技有限公司", "", "2021-01-05", "2023-01-05",
          "B65D 5/00", "有效", "", "否", "否", "否", "否", "否"),
         (lapsed, "一种纺织机械", "遂宁锂能科技有限公司", "", "2018-01-05", "2020-01-05",
          "D01H 1/00", "未缴年费专利权终止", "2024-03-01", "是", "否", "否", "否", "否")]
    )  # fmt: skip
    platforms = _xlsx(
        [("平台名称", "类别", "级别", "依托单位", "认定时间"),
         ("四川省锂电材料工程技术研究中心", "", "", "遂宁锂能科技有限公司", "2022-06-01")]
    )  # fmt: skip
    return high, plain, lapsed, patents, platforms


def _import(page, url, path, name, data):
    page.goto(f"{url}/{path}/import/")
    page.set_input_files(
        "#id_file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_test_id("import-preview").click()
    expect(page.get_by_test_id("import-summary")).to_be_visible()
    page.get_by_test_id("import-commit").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()


def test_a_patent_list_becomes_the_high_value_numerator_and_drills_down(
    page, live_server, sign_in, shot, personas, suining, lists
):
    url = live_server.url
    _plan, firm = suining
    high, plain, lapsed, patents, platforms = lists
    sign_in(page, personas["coordinator"].username)
    page.goto(f"{url}/enterprises/")
    page.get_by_test_id("nav-patents").click()
    page.get_by_test_id("patents-import").click()
    _import(page, url, "patents", "有效发明专利清单.xlsx", patents)
    expect(page.get_by_test_id("import-summary")).to_contain_text("新增 5")
    shot(page, "patents-imported")
    _import(page, url, "platforms", "平台名单.xlsx", platforms)

    page.goto(f"{url}/indicators/")
    card = page.get_by_test_id("target-card").filter(has_text="每万人高价值发明专利")
    # 3 high-value patents ÷ 271–273万 residents: the registry's figure, not the demo's
    # reported 411–449 (which would give about 1.5)
    expect(card).to_contain_text("0.01")
    shot(page, "dashboard")
    card.click()
    computed = page.get_by_test_id("computed-2025")
    expect(computed).to_have_text("3")  # each patent once; the lapsed and the plain one left out
    shot(page, "target-computed")
    computed.click()
    expect(page.get_by_test_id("drilldown-figure")).to_have_text("3")
    rows = page.get_by_test_id("drilldown-rows")
    for number in high:
        expect(rows).to_contain_text(number)
    expect(rows).not_to_contain_text(plain)
    expect(rows).not_to_contain_text(lapsed)
    shot(page, "drilldown")

    page.goto(f"{url}/enterprises/{firm.pk}/")
    expect(page.get_by_test_id("firm-patents")).to_contain_text(lapsed)
    expect(page.get_by_test_id("firm-platforms")).to_contain_text("四川省锂电材料工程技术研究中心")
    shot(page, "firm")

    page.goto(f"{url}/patents/?standing=high_value&year=2025")
    expect(page.get_by_test_id("patent-count")).to_contain_text("3")
    shot(page, "patents-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/patents/", "/platforms/", f"/enterprises/{firm.pk}/", "/patents/import/"):
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        shot(page, f"phone{path.replace('/', '-')}")
