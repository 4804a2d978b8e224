"""A quick walk through the services (the workflow test through views is test_workflow.py)."""

from luoshi.supervision import services
from luoshi.supervision.models import Consolidation, UnitReport


def test_a_cooperating_report_goes_from_draft_to_approved_through_consolidation(
    period, tasks, coop_reporter, coop_approver, lead_reporter, lead_approver, coordinator
):
    task = tasks["1"]
    report = services.report_save_draft(
        actor=coop_reporter, period=period, task=task, version=0, work_done="做了"
    )
    assert report.status == UnitReport.Status.DRAFT and report.version == 1
    report = services.report_hand_in(
        actor=coop_reporter, period=report.period, task=report.task, version=report.version
    )
    report = services.report_sign_off(
        actor=coop_approver, period=report.period, task=report.task, version=report.version
    )
    assert report.status == UnitReport.Status.SUBMITTED
    c = services.consolidation_save(
        actor=lead_reporter, period=period, task=task, version=0, summary="汇总"
    )
    c = services.consolidation_submit(
        actor=lead_approver, period=c.period, task=c.task, version=c.version, confirm_missing=True
    )
    c = services.consolidation_approve(actor=coordinator, consolidation=c)
    assert c.status == Consolidation.Status.APPROVED
    report.refresh_from_db()
    assert report.status == UnitReport.Status.APPROVED
