"""The office's review of unit reports: return with a reason, approve."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.supervision import permissions, rules
from luoshi.supervision.models import (
    Consolidation,
    ReportVersion,
    Review,
    UnitReport,
)
from luoshi.supervision.services.content import (
    actor_id,
    consolidation_snapshot,
    content_snapshot,
    report_params,
    report_url,
)
from luoshi.supervision.services.notify import notify, unit_users

# -- review by the office ---------------------------------------------------------------


def record_review(actor, obj: UnitReport | Consolidation, decision: str, comment: str, now):
    """The office's decision on a report or a consolidation: its status, the review row, a
    version and the audit event. The caller has locked `obj` and checked it may be reviewed."""
    before = snapshot(obj)
    is_report = isinstance(obj, UnitReport)
    review, version = rules.review(
        type(obj),
        obj,
        decision=decision,
        comment=comment,
        by=actor_id(actor),
        at=now,
        content=content_snapshot(obj) if is_report else consolidation_snapshot(obj),
    )
    obj.save()
    key = {"report": obj} if is_report else {"consolidation": obj}
    Review.objects.create(**key, **review)
    ReportVersion.objects.create(**key, **version)
    kind = "report" if is_report else "consolidation"
    verb = f"{kind}_{'return' if decision == Review.Decision.RETURN else 'approve'}"
    audit(
        actor=actor,
        action="action",
        obj=obj,
        before=before,
        after=snapshot(obj),
        verb=verb,
    )


def _review_target(actor, report: UnitReport, refusal: str) -> UnitReport:
    report = (
        UnitReport.objects.select_for_update()
        .select_related("period__plan", "task", "unit")
        .get(pk=report.pk)
    )
    if not permissions.can_review(actor, report.period.plan):
        raise PermissionDenied(_("Only the plan's coordinating office may review reports."))
    if report.status != UnitReport.Status.SUBMITTED:
        raise ValidationFailed(refusal)
    return report


@transaction.atomic
def report_return(*, actor, report: UnitReport, comment: str) -> UnitReport:
    """退回: the office sends a submitted report back to its unit with a comment."""
    report = _review_target(actor, report, _("Only a submitted report can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(
            _("Say what the unit should change."),
            errors={"comment": [_("This field is required.")]},
        )
    record_review(actor, report, Review.Decision.RETURN, comment, timezone.now())
    notify(
        unit_users([report.unit_id]),
        "report_returned",
        {**report_params(report), "comment": comment[:200]},
        report_url(report),
    )
    return report


@transaction.atomic
def report_approve(*, actor, report: UnitReport, comment: str = "") -> UnitReport:
    """The office approves a submitted report; approval locks it."""
    report = _review_target(actor, report, _("Only a submitted report can be approved."))
    record_review(actor, report, Review.Decision.APPROVE, (comment or "").strip(), timezone.now())
    notify(
        unit_users([report.unit_id]),
        "report_approved",
        report_params(report),
        report_url(report),
        email=False,
    )
    return report
