"""Yearly targets broken down to counties and parks (分解下达): entered on the target's page
or from the workbook, only by the office, all or nothing; each place's result against them;
and the outcomes of the plan's targets once the target year is over."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.core.errors import PermissionDenied
from luoshi.indicators import breakdown_excel, outcome, selectors, services
from luoshi.indicators.models import Goal, YearlyTarget
from luoshi.indicators.tests.helpers import entry, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(city, catalogue):
    return Goal.objects.create(
        region=city,
        name="国家高新技术企业",
        indicator=catalogue["firm_count"],
        comparator=">=",
        baseline_year=2021,
        baseline_value=Decimal("100"),
        target_year=2025,
        target_value=Decimal("300"),
    )


def targets(goal, places, rows):
    return [
        services.YearlyTargetInput(goal=goal, region=places[name], year=year, value=Decimal(v))
        for name, year, v in rows
    ]


def test_the_office_sets_yearly_targets_for_the_city_and_its_counties(goal, places, coordinator):
    result = services.yearly_targets_save(
        actor=coordinator,
        entries=targets(goal, places, [("遂宁市", 2024, "250"), ("船山区", 2024, "80")]),
    )
    assert result.created == 2
    assert YearlyTarget.objects.get(goal=goal, region=places["船山区"], year=2024).value == 80


@pytest.mark.parametrize("who", ["leader", "lead_reporter", "county_reporter"])
def test_nobody_but_the_office_sets_yearly_targets(goal, places, personas, who):
    with pytest.raises(PermissionDenied):
        services.yearly_targets_save(
            actor=personas[who], entries=targets(goal, places, [("船山区", 2024, "80")])
        )
    assert not YearlyTarget.objects.exists()


def test_another_citys_office_cannot_break_down_this_citys_target(goal, places, elsewhere):
    with pytest.raises(PermissionDenied):
        services.yearly_targets_save(
            actor=elsewhere["office"], entries=targets(goal, places, [("船山区", 2024, "80")])
        )


def test_one_wrong_cell_saves_nothing_and_says_why(goal, places, coordinator):
    entries = targets(goal, places, [("船山区", 2024, "80"), ("安居区", 2027, "10")])
    with pytest.raises(services.RowsInvalid) as caught:
        services.yearly_targets_save(actor=coordinator, entries=entries)
    assert "2027" in str(caught.value.rows[0])
    assert not YearlyTarget.objects.exists()


def test_an_empty_cell_clears_a_yearly_target(goal, places, coordinator):
    services.yearly_targets_save(
        actor=coordinator, entries=targets(goal, places, [("船山区", 2024, "80")])
    )
    cleared = services.YearlyTargetInput(goal=goal, region=places["船山区"], year=2024, value=None)
    assert services.yearly_targets_save(actor=coordinator, entries=[cleared]).deleted == 1
    assert not YearlyTarget.objects.exists()


def test_the_page_saves_the_grid_and_shows_each_place_against_its_target(
    goal, places, catalogue, coordinator, login
):
    publish(catalogue["unit"], [entry(catalogue["firms"], places["船山区"], 2024, 60)])
    client = login(coordinator)
    url = reverse("indicators:goal_breakdown", args=[goal.pk])
    response = client.post(url, {f"y-{places['船山区'].pk}-2024": "80"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'value="80"' in page and "75%" in page  # 60 of 80


def test_a_leader_reads_the_page_without_inputs_and_cannot_post(goal, places, leader, login):
    client = login(leader)
    url = reverse("indicators:goal_breakdown", args=[goal.pk])
    table = client.get(url).content.decode().split('data-testid="breakdown"')[1]
    assert "<input" not in table.split("</table>")[0]
    assert client.post(url, {f"y-{places['船山区'].pk}-2024": "80"}).status_code == 403


def test_the_workbook_goes_round_trip(goal, places, coordinator, city, login):
    from luoshi.plans.models import Plan

    plan = Plan.objects.create(region=city, title="测试方案")
    goal.plan = plan
    goal.save()
    client = login(coordinator)
    content = client.get(reverse("indicators:breakdown_xlsx", args=[plan.pk])).content
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    year_col = header.index("2024") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 4).value == "安居区")
    sheet.cell(row, year_col, 33)
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("分解.xlsx", out.getvalue())
    client.post(
        reverse("indicators:breakdown_upload", args=[plan.pk]), {"file": upload, "goal": goal.pk}
    )
    assert YearlyTarget.objects.get(region=places["安居区"], year=2024).value == 33


def test_a_file_that_is_not_the_workbook_is_refused(goal, places, coordinator):
    entries, problems = breakdown_excel.read_workbook(
        SimpleUploadedFile("x.xlsx", b"not a workbook"), goals=[goal], places=list(places.values())
    )
    assert not entries and len(problems) == 1 and ".xlsx" in str(problems[0])


def test_place_results_score_each_county_against_its_share_in_constant_queries(
    goal, places, catalogue, coordinator, city
):
    from luoshi.plans.models import Plan

    plan = Plan.objects.create(region=city, title="测试方案")
    Goal.objects.filter(pk=goal.pk).update(plan=plan)
    counties = ["船山区", "安居区", "射洪市"]
    services.yearly_targets_save(
        actor=coordinator, entries=targets(goal, places, [(c, 2024, "50") for c in counties])
    )
    publish(
        catalogue["unit"],
        [
            entry(catalogue["firms"], places["船山区"], 2024, 60),
            entry(catalogue["firms"], places["安居区"], 2024, 40),
        ],
    )
    with CaptureQueriesContext(connection) as queries:
        results = selectors.place_results(
            plan=plan, year=2024, place_ids=[p.pk for p in places.values()]
        )
    assert len(queries) == 3
    rate = {p.name: results[p.pk][0][1].rate for p in places.values() if p.pk in results}
    assert rate == {"船山区": 1.0, "安居区": 0.8, "射洪市": 0.0}
    assert results[places["射洪市"].pk][0][1].data_status == outcome.MISSING


def test_plan_outcomes_after_the_target_year(goal, places, catalogue, city, leader):
    from luoshi.plans.models import Plan

    plan = Plan.objects.create(region=city, title="测试方案")
    Goal.objects.filter(pk=goal.pk).update(plan=plan)
    publish(catalogue["unit"], [entry(catalogue["firms"], city, 2025, 280)])
    [result] = selectors.plan_outcomes(viewer=leader, plan=plan, today=dt.date(2026, 3, 1))
    assert result.outcome.state == outcome.NOT_ACHIEVED
    assert result.gap_text.startswith("−") and "20" in result.gap_text
    [early] = selectors.plan_outcomes(viewer=leader, plan=plan, today=dt.date(2025, 3, 1))
    assert early.outcome.state == outcome.NOT_DUE
