"""The demo history: loads on the Suining plan, consistent states, deterministic."""

import io

import pytest
from django.utils import timezone

from luoshi.demo import supervision as demo
from luoshi.supervision import status
from luoshi.supervision.models import (
    Consolidation,
    Instruction,
    Milestone,
    Period,
    ReportVersion,
    Review,
    SupervisionNotice,
    UnitReport,
)
from luoshi.supervision.selectors import assessment
from luoshi.supervision.tests import factories

# Tasks the demo's story uses: 7 (the instruction), 8 and 11 (the ad-hoc round), 12 (the
# unit that keeps missing its report and gets the supervision notices).
SPEC = [
    *factories.SMALL_PLAN,
    ("7", "搭建协同创新平台", "推进创新平台共建共享", ["kjj"], ["jxj"], ["chuanshan"]),
    ("8", "提升协同创新能力", "增强企业自主创新能力", ["kjj"], ["jxj"], ["chuanshan"]),
    ("11", "做优协同创新产业", "强化企业创新主体地位", ["kjj"], ["fgw"], ["chuanshan"]),
    ("12", "做优协同创新产业", "推进延链补链强链产业集聚", ["kjj"], ["jjhzj"], ["chuanshan"]),
]


@pytest.fixture
def suining(units, coordinator, leader, lead_reporter, lead_approver, coop_reporter, coop_approver):
    return factories.make_plan(units, SPEC)


def load() -> str:
    out = io.StringIO()
    demo.load(stdout=out)
    return out.getvalue()


def test_the_demo_builds_a_consistent_history(suining, coordinator):
    assert "quarters of reports" in load()
    periods = Period.objects.filter(plan=suining, kind="regular", is_demo=True)
    assert periods.order_by("start").first().start.isoformat() == "2022-07-01"
    reports = UnitReport.objects.filter(period__plan=suining)
    assert reports.count() > 50 and not reports.filter(is_demo=False).exists()
    # Every sent report has a version per submission, return and approval; states agree.
    for report in reports.exclude(status="draft").prefetch_related("versions", "reviews"):
        events = [v.event for v in report.versions.all()]
        assert events.count("returned") == report.return_count
        assert (
            events[-1]
            == {"approved": "approved", "returned": "returned", "submitted": "submitted"}[
                report.status
            ]
        )
        assert report.first_submitted_at and report.submitted_at >= report.first_submitted_at
        assert len(report.reviews.all()) == events.count("returned") + events.count("approved")
    for c in Consolidation.objects.filter(period__plan=suining):
        assert (
            c.versions.order_by("-number").first().event
            == {"approved": "approved", "submitted": "submitted"}[c.status]
        )
    # The office approves a task's unit reports with its consolidation: none that was
    # waiting then is still waiting.
    for c in Consolidation.objects.filter(period__plan=suining, status="approved"):
        waiting = reports.filter(period=c.period, task=c.task, status="submitted")
        assert not waiting.filter(submitted_at__lt=c.approved_at).exists()
        assert reports.filter(period=c.period, task=c.task, approved_at=c.approved_at).exists()
    blue, yellow = SupervisionNotice.objects.filter(plan=suining).order_by("issued_at")
    assert (blue.level, blue.status, yellow.level, yellow.previous) == (
        "blue",
        "closed",
        "yellow",
        blue,
    )
    assert Period.objects.filter(plan=suining, kind="adhoc").exists()
    assert suining.tasks.get(number="7").instructions.get().answers.exists()
    # Pages read it.
    overview = status.period_overview(viewer=coordinator, plan=suining, today=timezone.localdate())
    assert sum(overview.totals.values()) > 0
    assert assessment.scorecard(viewer=coordinator, plan=suining)["lines"]


def test_the_demo_is_deterministic(suining):
    load()
    first = list(
        UnitReport.objects.order_by("period__start", "task__order", "unit_id").values_list(
            "status", "work_done", "first_submitted_at", "return_count"
        )
    )
    SupervisionNotice.objects.all().delete()
    Instruction.objects.all().delete()
    Milestone.objects.all().delete()
    UnitReport.objects.all().delete()
    ReportVersion.objects.all().delete()
    Review.objects.all().delete()
    Consolidation.objects.all().delete()
    Period.objects.all().delete()
    load()
    second = list(
        UnitReport.objects.order_by("period__start", "task__order", "unit_id").values_list(
            "status", "work_done", "first_submitted_at", "return_count"
        )
    )
    assert first == second


def test_without_the_suining_plan_the_demo_says_so(db, units):
    assert "not loaded" in load()
