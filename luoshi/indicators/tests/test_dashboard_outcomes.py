"""The dashboard once the plan's target year is over, and the words it uses before: one
"completed" figure per card, bands that tell 1 % from 13 % behind the path, 百分点 between
percentages, pictures that carry their title, unit, period and source, and task rows that
lead to the task's timeline."""

import datetime as dt
import io
import json
import re

import pytest
from django.utils import timezone, translation

from luoshi.demo import indicators as demo
from luoshi.indicators import trajectory
from luoshi.indicators.selectors.goalview import GoalView
from luoshi.indicators.templatetags.indicators import format_difference
from luoshi.indicators.tests.helpers import suining_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def suining(city, units):
    plan = suining_plan()
    demo.load(stdout=io.StringIO())
    return plan


def _payload(page: str):
    match = re.search(
        r'<script id="indicator-data" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(match.group(1))


def _on(monkeypatch, day: dt.date):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)


def test_after_the_target_year_the_cards_speak_of_the_outcome_not_a_projection(
    suining, leader, login, monkeypatch
):
    _on(monkeypatch, dt.date(2026, 3, 1))
    page = login(leader).get("/indicators/").content.decode()
    assert 'data-testid="outcomes-due"' in page
    # every numeric card shows the target year's figure, none a projection
    assert page.count('data-testid="outcome-value"') == 7
    assert "预计" not in page and "projected" not in page
    # 2025's figures are still in approval in the demo: the card says so rather than guess
    assert "目标年度数据尚未" in page or "审核" in page
    charts = _payload(page)["charts"]
    assert charts and all(
        not {"linear", "compound"} & {s["key"] for s in c["series"]} for c in charts
    )
    assert all("projection" not in c for c in charts)
    assert 'data-testid="evaluation-link"' in page


def test_before_the_target_year_is_over_there_is_no_outcome_and_the_projection_stays(
    suining, leader, login, monkeypatch
):
    _on(monkeypatch, dt.date(2025, 6, 30))
    page = login(leader).get("/indicators/").content.decode()
    assert 'data-testid="outcomes-due"' not in page
    assert 'data-testid="outcome-value"' not in page
    assert page.count('data-testid="completed"') >= 5
    revenue = next(c for c in _payload(page)["charts"] if c["code"] == "hightech_revenue")
    assert "linear" in {s["key"] for s in revenue["series"]}


def test_the_final_evaluation_is_linked_only_for_those_who_may_open_it(
    suining, lead_reporter, login, monkeypatch
):
    _on(monkeypatch, dt.date(2026, 3, 1))
    page = login(lead_reporter).get("/indicators/").content.decode()
    assert 'data-testid="outcomes-due"' in page
    assert 'data-testid="evaluation-link"' not in page


def _view(share: float | None) -> GoalView:
    a = trajectory.Assessment(
        baseline_year=2020,
        baseline=100,
        target_year=2025,
        target=200,
        comparator=">=",
        higher_is_better=True,
        latest_year=2023,
        latest=150 * (share or 1),
        expected=160,
        share_of_expected=share,
        pct_achieved=75,
    )
    return GoalView(goal=None, status=trajectory.AT_RISK, reason="", assessment=a)


def test_one_percent_and_thirteen_percent_behind_the_path_are_different_bands():
    slightly, behind, far = _view(0.99), _view(0.87), _view(0.70)
    assert (slightly.band, behind.band, far.band) == ("slightly_behind", "behind", "far_behind")
    assert _view(1.02).band == "ahead" and _view(None).band == ""
    with translation.override("zh-hans"):
        assert slightly.band_text == "落后路径 1.0%"
        assert behind.band_text == "落后路径 13.0%"


def test_a_difference_between_percentages_is_in_percentage_points():
    with translation.override("zh-hans"):
        assert format_difference(0.12, "%", 2) == "0.12个百分点"
        assert format_difference(12, "家", 0) == "12 家"
    with translation.override("en"):
        assert format_difference(0.12, "%", 2) == "0.12 percentage points"


def test_a_chart_picture_carries_title_unit_period_and_source(suining, leader, login):
    page = login(leader).get("/indicators/").content.decode()
    data = _payload(page)
    revenue = next(c for c in data["charts"] if c["code"] == "hightech_revenue")
    assert "亿元" in revenue["title"] and revenue["name"] in revenue["title"]
    assert re.search(r"20\d\d–20\d\d", revenue["subtitle"])
    assert "来源" in revenue["subtitle"] and "演示" in revenue["subtitle"]
    assert all(c["title"] and "来源" in c["subtitle"] for c in data["comparison"])
