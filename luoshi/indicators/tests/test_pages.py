"""Pages and downloads, as each role uses them."""

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from luoshi.demo import indicators as demo
from luoshi.indicators.models import DataValue, Indicator
from luoshi.indicators.tests.helpers import entry, publish, suining_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def suining(city, units):
    plan = suining_plan()
    demo.load(stdout=io.StringIO())
    return plan


def _data(page: str, element_id: str):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(match.group(1))


def test_the_dashboard_shows_seven_targets_charts_and_the_comparison(
    suining, leader, login, monkeypatch
):
    # during the plan: projections are drawn (after it, outcomes: test_dashboard_outcomes)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 6, 30))
    page = login(leader).get("/indicators/").content.decode()
    assert page.count('data-testid="target-card"') == 7
    data = _data(page, "indicator-data")
    assert {c["code"] for c in data["charts"]} >= {
        "rd_intensity",
        "hightech_enterprises",
        "tech_contracts",
    }
    revenue = next(c for c in data["charts"] if c["code"] == "hightech_revenue")
    assert revenue["target"] == {"year": 2025, "value": 700.0, "label": revenue["target"]["label"]}
    assert {s["key"] for s in revenue["series"]} >= {"actual", "straight", "growth", "linear"}
    # Technology contracts: linear fit and compound growth disagree, so both are drawn.
    contracts = next(c for c in data["charts"] if c["code"] == "tech_contracts")
    assert contracts["projection"]["disagree"]
    assert {"linear", "compound"} <= {s["key"] for s in contracts["series"]}
    assert len(data["comparison"][0]["rows"]) == 9
    assert "vendor/echarts.min.js" in page and "cdn" not in page.lower()


def test_the_target_page_explains_the_status(suining, leader, login):
    from luoshi.indicators.models import Goal

    goal = Goal.objects.get(indicator__code="hightech_revenue")
    page = login(leader).get(f"/indicators/targets/{goal.pk}/").content.decode()
    assert 'data-testid="reason"' in page and "700" in page
    milestone = Goal.objects.get(kind="milestone")
    page = login(leader).get(f"/indicators/targets/{milestone.pk}/").content.decode()
    assert "国务院批复" in page


def test_the_progress_brief_is_a_one_page_word_document(suining, leader, login):
    from docx import Document

    response = login(leader).get("/indicators/brief.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    table = document.tables[0]
    assert len(table.rows) == 1 + 7
    names = [row.cells[0].text for row in table.rows[1:]]
    assert "国家高新技术企业" in names and "成功创建国家高新技术产业开发区" in names


def test_the_indicator_table_downloads_with_a_sheet_per_indicator(suining, leader, login):
    response = login(leader).get("/indicators/table.xlsx")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    assert len(wb.sheetnames) == 1 + Indicator.objects.count()
    sheet = wb["国家高新技术企业"]
    rows = list(sheet.iter_rows(values_only=True))
    city = next(r for r in rows if r[0] == "遂宁市")
    assert 209 in city


def test_the_entry_form_saves_a_year_of_figures(catalogue, city, lead_reporter, login):
    firms, rd, gdp = catalogue["firms"], catalogue["rd"], catalogue["gdp"]
    data = {
        f"s-{firms.pk}": "final",
        f"src-{firms.pk}": "市发展改革委年报",
        f"s-{rd.pk}": "provisional",
        f"s-{gdp.pk}": "provisional",
        f"v-{firms.pk}-{city.pk}": "209",
        f"v-{rd.pk}-{city.pk}": "14.5",
        f"v-{gdp.pk}-{city.pk}": "1,740.6",
    }
    response = login(lead_reporter).post("/indicators/entry/2023/", data)
    assert response.status_code == 302
    firms_value = DataValue.objects.get(element=firms)
    assert firms_value.status == "final" and firms_value.source == "市发展改革委年报"
    assert DataValue.objects.get(element=gdp).value == Decimal("1740.6")


def test_the_entry_form_shows_the_problem_next_to_the_cell(catalogue, city, lead_reporter, login):
    firms = catalogue["firms"]
    response = login(lead_reporter).post(
        "/indicators/entry/2023/", {f"s-{firms.pk}": "final", f"v-{firms.pk}-{city.pk}": "2.5"}
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not DataValue.objects.exists()


def test_the_approval_queue_approves_and_accepts(
    catalogue, city, lead_reporter, lead_approver, coordinator, login
):
    from luoshi.indicators import services

    services.values_save(
        actor=lead_reporter,
        unit=catalogue["unit"],
        entries=[entry(catalogue["firms"], city, 2023, 209)],
    )
    value = DataValue.objects.get()
    assert (
        login(lead_approver)
        .post("/indicators/approvals/", {"action": "approve", "ids": [value.pk]})
        .status_code
        == 302
    )
    assert DataValue.objects.get().state == "approved"
    assert (
        login(coordinator)
        .post("/indicators/approvals/", {"action": "accept", "ids": [value.pk]})
        .status_code
        == 302
    )
    assert DataValue.objects.get().state == "accepted"


def test_the_unlock_page_needs_a_reason_and_shows_it_in_the_history(
    catalogue, city, coordinator, login
):
    (value,) = publish(catalogue["unit"], [entry(catalogue["firms"], city, 2023, 209)])
    client = login(coordinator)
    assert client.post(f"/indicators/values/{value.pk}/", {"reason": ""}).status_code == 200
    assert client.post(f"/indicators/values/{value.pk}/", {"reason": "年报更正"}).status_code == 302
    page = client.get(f"/indicators/values/{value.pk}/").content.decode()
    assert "年报更正" in page and DataValue.objects.get().state == "draft"


def test_a_bad_formula_is_shown_on_the_indicator_form(catalogue, coordinator, login):
    response = login(coordinator).post(
        "/indicators/definitions/indicators/new/",
        {
            "code": "broken",
            "name": "坏公式",
            "formula": "rd / nothing",
            "decimals": 2,
            "direction": "higher",
            "order": 0,
            "active": "on",
        },
    )
    assert response.status_code == 200 and "nothing" in response.content.decode()
    assert not Indicator.objects.filter(code="broken").exists()


def test_the_dashboard_without_targets_offers_the_office_to_link_them(
    catalogue, coordinator, login, city, units
):
    page = login(coordinator).get("/indicators/").content.decode()
    assert "/indicators/targets/link/" in page
