"""Plan targets become monitored goals; milestones have steps and evidence files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.indicators import services
from luoshi.indicators.models import Evidence, Goal
from luoshi.indicators.tests.helpers import suining_plan, ten_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def goals(city, units):
    plan = suining_plan()
    ten_indicators()
    services.goals_link_plan(actor=None, plan=plan, baseline_year=2021)
    return {g.name: g for g in Goal.objects.filter(plan=plan)}


def test_the_six_numeric_targets_link_by_indicator_name(goals):
    numeric = {name: g for name, g in goals.items() if g.kind == Goal.Kind.NUMERIC}
    assert set(numeric) == {
        "全社会研发投入强度",
        "每万人高价值发明专利拥有量",
        "国家高新技术企业",
        "科技型中小企业",
        "高新技术产业营业收入",
        "技术合同认定登记额",
    }
    contracts = numeric["技术合同认定登记额"]
    assert (
        contracts.comparator == ">"
        and contracts.target_value == 10
        and contracts.target_year == 2025
    )


def test_only_the_verifiable_qualitative_target_becomes_a_milestone(goals):
    milestones = [g for g in goals.values() if g.kind == Goal.Kind.MILESTONE]
    assert [g.name for g in milestones] == ["成功创建国家高新技术产业开发区"]


def test_linking_twice_adds_nothing(goals, city):
    plan = next(iter(goals.values())).plan
    assert services.goals_link_plan(actor=None, plan=plan) == []


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "批复.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )


def test_a_milestone_step_takes_a_pdf_as_evidence(goals, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = goals["成功创建国家高新技术产业开发区"]
    step = services.milestone_step_save(actor=coordinator, goal=milestone, title="国务院批复")
    evidence = services.evidence_add(actor=coordinator, step=step, upload=_pdf())
    assert evidence.content_type == "application/pdf" and evidence.original_name == "批复.pdf"


def test_a_file_whose_content_is_not_allowed_is_refused_whatever_its_name(
    goals, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    milestone = goals["成功创建国家高新技术产业开发区"]
    step = services.milestone_step_save(actor=coordinator, goal=milestone, title="国务院批复")
    fake = SimpleUploadedFile(
        "批复.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf"
    )
    with pytest.raises(ValidationFailed):
        services.evidence_add(actor=coordinator, step=step, upload=fake)
    assert not Evidence.objects.exists()


def test_other_units_may_not_update_the_milestone(goals, outsider, leader):
    milestone = goals["成功创建国家高新技术产业开发区"]
    for user in (outsider, leader):
        with pytest.raises(PermissionDenied):
            services.milestone_step_save(actor=user, goal=milestone, title="x")


def test_the_evidence_download_answers_with_the_file(
    goals, coordinator, leader, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    milestone = goals["成功创建国家高新技术产业开发区"]
    step = services.milestone_step_save(actor=coordinator, goal=milestone, title="国务院批复")
    evidence = services.evidence_add(actor=coordinator, step=step, upload=_pdf())
    response = login(leader).get(f"/indicators/evidence/{evidence.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_office_edits_a_target_baseline(goals, coordinator):
    goal = goals["科技型中小企业"]
    services.goal_update(actor=coordinator, goal=goal, baseline_value=420)
    goal.refresh_from_db()
    assert goal.baseline_value == 420
    with pytest.raises(ValidationFailed):
        services.goal_update(actor=coordinator, goal=goal, baseline_year=2030)
