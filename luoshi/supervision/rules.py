"""What each state change of a unit report or a consolidated report writes.

Pure rules, no database: each takes the record (a model instance, or any object with the
model's field attnames as attributes), checks the move against the model's TRANSITIONS in
`transition()`, sets the fields the change sets (status, times, counters, version number)
and returns the rows the change adds (a version, a review) as field values, without the
key of the record they belong to. Users are given by id.

The services call these rules between their checks (permission, lock, version) and their
saves, audit and notifications; the demo's history generator calls the same rules to
build its bulk rows, so generated data is in the states the services produce.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.supervision.models import Consolidation, ReportVersion, Review, UnitReport

MAX_TEXT = 20000

Row = dict[str, Any]


def transition(model: type[UnitReport] | type[Consolidation], record, status: str) -> None:
    """Move `record` to `status`, refusing a move that `model.TRANSITIONS` does not list."""
    current = model.Status(record.status)
    if status not in model.TRANSITIONS[current]:
        raise ValidationFailed(
            _("A report that is “%(current)s” cannot become “%(new)s”.")
            % {"current": current.label, "new": model.Status(status).label}
        )
    record.status = status


def _written(record, at: dt.datetime, *, new: bool) -> None:
    """Every write moves the record's version on (optimistic locking: a new record starts
    at 1) and its times."""
    if new:
        record.version = 1
        record.created_at = at
    else:
        record.version += 1
    record.updated_at = at


def version(record, event: str, *, content: dict[str, Any], at: dt.datetime, by, comment="") -> Row:
    """The frozen copy kept at a submission, return or approval: numbered with the
    record's own version, so versions sort by it."""
    return {
        "number": record.version,
        "event": event,
        "content": content,
        "comment": comment,
        "created_at": at,
        "created_by_id": by,
    }


# -- content as kept in a version ---------------------------------------------------------


def figure(q) -> dict[str, str]:
    """A reported figure (a dict or a ReportQuantity) as kept in a version."""
    get = q.get if isinstance(q, dict) else lambda name: getattr(q, name)
    return {
        "label": get("label"),
        "value": str(get("value").normalize()),
        "unit_of_measure": get("unit_of_measure"),
        "indicator_code": get("indicator_code"),
    }


def report_content(report, figures, attachments, answers: dict[int, str]) -> dict[str, Any]:
    """A report's content in a version: texts, status, figures, attachments, answers."""
    data = {name: getattr(report, name) for name in UnitReport.CONTENT_FIELDS}
    data["quantities"] = [figure(q) for q in figures]
    data["attachments"] = list(attachments)
    data["answers"] = {str(pk): text for pk, text in answers.items() if text}
    return data


def consolidation_content(consolidation, attachments) -> dict[str, Any]:
    data = {name: getattr(consolidation, name) for name in Consolidation.CONTENT_FIELDS}
    data["attachments"] = list(attachments)
    return data


# -- unit reports ---------------------------------------------------------------------------


def report_save(report, *, by, at: dt.datetime, new: bool = False) -> None:
    """A draft saved as typed (its content already set on `report`)."""
    report.updated_by_id = by
    _written(report, at, new=new)


def report_hand_in(report, *, by, at: dt.datetime) -> None:
    """The reporter hands the draft to the unit's approver."""
    transition(UnitReport, report, UnitReport.Status.PENDING)
    report.updated_by_id = by
    _written(report, at, new=False)


def report_sign_off(
    report, *, by, at: dt.datetime, content: dict[str, Any], new: bool = False
) -> Row:
    """The unit's approver signs the report off; returns its submitted version."""
    transition(UnitReport, report, UnitReport.Status.SUBMITTED)
    report.submitted_at = at
    report.first_submitted_at = report.first_submitted_at or at
    report.signed_by_id = by
    report.updated_by_id = by
    _written(report, at, new=new)
    return version(report, ReportVersion.Event.SUBMITTED, content=content, at=at, by=by)


def milestone_done(milestone, report) -> None:
    """A milestone ticked in a report is done on the day the report is signed off."""
    milestone.done_on = timezone.localdate(report.submitted_at)
    milestone.done_report_id = report.id


# -- consolidated reports -------------------------------------------------------------------


def consolidation_save(
    consolidation, *, unit_id: int, by, at: dt.datetime, new: bool = False
) -> None:
    """The consolidation saved as typed by a lead unit (its content already set)."""
    consolidation.author_unit_id = unit_id
    consolidation.updated_by_id = by
    _written(consolidation, at, new=new)


def consolidation_submit(
    consolidation, *, unit_id: int, by, at: dt.datetime, content: dict[str, Any]
) -> Row:
    """A lead unit sends the consolidation to the office; returns its submitted version."""
    transition(Consolidation, consolidation, Consolidation.Status.SUBMITTED)
    consolidation.submitted_at = at
    consolidation.first_submitted_at = consolidation.first_submitted_at or at
    consolidation.submitted_by_id = by
    consolidation.author_unit_id = unit_id
    _written(consolidation, at, new=False)
    return version(consolidation, ReportVersion.Event.SUBMITTED, content=content, at=at, by=by)


# -- the office's review --------------------------------------------------------------------


def review(
    model: type[UnitReport] | type[Consolidation],
    record,
    *,
    decision: str,
    comment: str,
    by,
    at: dt.datetime,
    content: dict[str, Any],
) -> tuple[Row, Row]:
    """The office returns or approves a submitted report or consolidation; returns the
    review row and the version row."""
    if decision == Review.Decision.RETURN:
        transition(model, record, model.Status.RETURNED)
        record.return_count += 1
        record.returned_at = at
        record.return_comment = comment[:MAX_TEXT]
        event = ReportVersion.Event.RETURNED
    else:
        transition(model, record, model.Status.APPROVED)
        record.approved_at = at
        event = ReportVersion.Event.APPROVED
    _written(record, at, new=False)
    row = {"decision": decision, "comment": comment, "reviewer_id": by, "at": at}
    return row, version(record, event, content=content, at=at, by=by, comment=comment)
