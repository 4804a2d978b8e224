"""The history generator builds the rows the services write: the same steps at the same
moments give the same report, consolidation, versions, reviews, figures and milestone,
field by field."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from luoshi.demo import history, rows
from luoshi.demo.gen.writer import BulkWriter
from luoshi.demo.rows import APPROVED, DRAFT, RETURNED, SUBMITTED, Record, Step
from luoshi.supervision import services
from luoshi.supervision.models import (
    Consolidation,
    Milestone,
    ReportQuantity,
    ReportVersion,
    Review,
    UnitReport,
)

pytestmark = pytest.mark.django_db

CONTENT = {
    "work_done": "召开专题推进会3次，细化年度任务清单。",
    "problems": "专业人才不足。",
    "next_steps": "下季度重点推进项目落地。",
    "self_status": "behind",
    "progress_pct": 62,
    "nothing_new": False,
}
FIGURE = {
    "label": "国家高新技术企业",
    "value": Decimal("125.5"),
    "unit_of_measure": "家",
    "indicator_code": "gxqy",
}
SUMMARY = {
    "summary": "牵头单位汇总：各责任单位扎实推进各项工作。",
    "problems": "资金保障压力较大。",
    "next_steps": "加强调度。",
    "self_status": "on_track",
    "progress_pct": 70,
}
COMMENT = "工作成效表述不具体，请补充量化数据。"


@pytest.fixture
def clock(monkeypatch):
    """Five moments an hour apart from now; `clock.at(i)` stops the clock at the i-th."""
    start = timezone.now().replace(microsecond=0)
    moments = [start + dt.timedelta(hours=i) for i in range(5)]

    class Clock:
        def at(self, i):
            monkeypatch.setattr(timezone, "now", lambda: moments[i])
            return moments[i]

    clock = Clock()
    clock.moments = moments
    return clock


def _row(obj, *skip) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in {"id", *skip}
    }


def _written(**key) -> dict:
    """The versions, reviews and figures kept for a report or consolidation."""
    skip = ("report_id", "consolidation_id")
    return {
        "versions": [
            _row(v, *skip) for v in ReportVersion.objects.filter(**key).order_by("number")
        ],
        "reviews": [_row(r, *skip) for r in Review.objects.filter(**key).order_by("at", "id")],
        "figures": [
            _row(q, "report_id")
            for q in ReportQuantity.objects.filter(report=key.get("report")).order_by("order")
        ],
    }


def test_a_generated_report_equals_the_one_the_services_write(
    period, tasks, units, coordinator, lead_reporter, lead_approver, clock
):
    task = tasks["1"]
    milestone = Milestone.objects.create(
        task=task, year=2026, title="完成年度工作方案", owner=units["fgw"], deadline=period.end
    )
    form = {
        **CONTENT,
        "quantities": [{**FIGURE, "value": "125.5"}],
        "milestones_done": [milestone.pk],
    }
    clock.at(0)
    services.report_save_draft(actor=lead_reporter, period=period, task=task, version=0, **form)
    clock.at(1)
    report = services.report_submit(
        actor=lead_approver, period=period, task=task, version=1, **form
    )
    clock.at(2)
    services.report_return(actor=coordinator, report=report, comment=COMMENT)
    clock.at(3)
    services.report_submit(actor=lead_approver, period=period, task=task, version=3, **form)
    clock.at(4)
    services.report_approve(actor=coordinator, report=report)

    report.refresh_from_db()
    milestone.refresh_from_db()
    by_services = {
        "report": _row(report, "milestones_done"),
        "ticked": report.milestones_done == [milestone.pk],
        "milestone": (milestone.done_on, milestone.done_report_id == report.pk),
        **_written(report=report),
    }
    assert report.status == "approved" and len(by_services["versions"]) == 4
    report.delete()

    t = clock.moments
    writer = BulkWriter(tuned=False)
    history.register(writer)
    ticked = Record(
        id=writer[Milestone].new_id(),
        task_id=task.pk,
        year=2026,
        title="完成年度工作方案",
        owner_id=units["fgw"].pk,
        deadline=period.end,
        done_on=None,
        done_report_id=None,
        is_demo=False,
    )
    rows.report_rows(
        writer,
        period_id=period.pk,
        task_id=task.pk,
        unit_id=units["fgw"].pk,
        values=CONTENT,
        figures=[FIGURE],
        milestones=[ticked],
        steps=[
            Step(DRAFT, t[0], lead_reporter.pk),
            Step(SUBMITTED, t[1], lead_approver.pk),
            Step(RETURNED, t[2], coordinator.pk, COMMENT),
            Step(SUBMITTED, t[3], lead_approver.pk),
            Step(APPROVED, t[4], coordinator.pk),
        ],
    )
    writer[Milestone].add(**vars(ticked))
    writer.close()

    generated = UnitReport.objects.get(period=period, task=task, unit=units["fgw"])
    done = Milestone.objects.get(pk=ticked.id)
    by_generator = {
        "report": {**_row(generated, "milestones_done"), "is_demo": False},
        "ticked": generated.milestones_done == [done.pk],
        "milestone": (done.done_on, done.done_report_id == generated.pk),
        **_written(report=generated),
    }
    assert generated.is_demo
    assert by_generator == by_services


def test_a_generated_consolidation_equals_the_one_the_services_write(
    period, tasks, units, coordinator, lead_reporter, clock
):
    task = tasks["1"]
    clock.at(0)
    c = services.consolidation_save(
        actor=lead_reporter, period=period, task=task, version=0, **SUMMARY
    )
    clock.at(1)
    services.consolidation_submit(actor=lead_reporter, consolidation=c, version=1)
    clock.at(2)
    services.consolidation_return(actor=coordinator, consolidation=c, comment=COMMENT)
    clock.at(3)
    services.consolidation_submit(actor=lead_reporter, consolidation=c, version=3)
    clock.at(4)
    services.consolidation_approve(actor=coordinator, consolidation=c)
    c.refresh_from_db()
    by_services = {"consolidation": _row(c), **_written(consolidation=c)}
    assert c.status == "approved" and c.return_count == 1
    c.delete()

    t = clock.moments
    writer = BulkWriter(tuned=False)
    history.register(writer)
    rows.consolidation_rows(
        writer,
        period_id=period.pk,
        task_id=task.pk,
        unit_id=units["fgw"].pk,
        values=SUMMARY,
        steps=[
            Step(DRAFT, t[0], lead_reporter.pk),
            Step(SUBMITTED, t[1], lead_reporter.pk),
            Step(RETURNED, t[2], coordinator.pk, COMMENT),
            Step(SUBMITTED, t[3], lead_reporter.pk),
            Step(APPROVED, t[4], coordinator.pk),
        ],
    )
    writer.close()
    generated = Consolidation.objects.get(period=period, task=task)
    by_generator = {
        "consolidation": {**_row(generated), "is_demo": False},
        **_written(consolidation=generated),
    }
    assert by_generator == by_services


def test_the_generator_refuses_a_step_the_state_machine_does_not_allow(
    period, tasks, units, lead_approver, coordinator, clock
):
    from luoshi.core.errors import ValidationFailed

    writer = BulkWriter(tuned=False)
    history.register(writer)
    with pytest.raises(ValidationFailed):
        rows.report_rows(
            writer,
            period_id=period.pk,
            task_id=tasks["1"].pk,
            unit_id=units["fgw"].pk,
            values=CONTENT,
            steps=[
                Step(DRAFT, clock.moments[0], lead_approver.pk),
                Step(APPROVED, clock.moments[1], coordinator.pk),  # never submitted
            ],
        )
