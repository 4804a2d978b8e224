"""One report or consolidation through the supervision rules, written as bulk rows.

The history generator (history.py) decides what happens to each record; this module
plays those steps through the rules the services use (luoshi.supervision.rules) and hands
the resulting rows — the record, its figures, versions and reviews — to the bulk writer.
A test holds them against what the services write for the same steps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from luoshi.demo.gen.writer import BulkWriter, to_json
from luoshi.supervision import rules
from luoshi.supervision.models import (
    Consolidation,
    ReportQuantity,
    ReportVersion,
    Review,
    UnitReport,
)

DRAFT = "draft"
SUBMITTED = ReportVersion.Event.SUBMITTED
RETURNED = ReportVersion.Event.RETURNED
APPROVED = ReportVersion.Event.APPROVED


REPORT_BLANK = dict.fromkeys(("work_done", "problems", "next_steps", "self_status"), "") | {
    "progress_pct": None,
    "nothing_new": False,
}
CONSOLIDATION_BLANK = dict.fromkeys(("summary", "problems", "next_steps", "self_status"), "") | {
    "progress_pct": None
}


class Record(SimpleNamespace):
    """A row being built: the model's field attnames as attributes, as the rules read them."""


@dataclass(frozen=True)
class Step:
    """One thing that happens to a report or consolidation: a draft saved (DRAFT), a
    sign-off or submission (SUBMITTED), the office's return or approval."""

    event: str
    at: dt.datetime
    by: int | None
    comment: str = ""


def report_rows(
    writer: BulkWriter,
    *,
    period_id: int,
    task_id: int,
    unit_id: int,
    values: dict[str, Any],
    steps: Iterable[Step],
    figures: list[dict[str, Any]] = (),
    milestones: list[Record] = (),
) -> Record:
    """Write a unit report that went through `steps` (the first saves its draft), with its
    figures, versions and reviews. `values` is its content (UnitReport.CONTENT_FIELDS);
    `milestones` are the owner's milestones it ticks, done at its first sign-off."""
    report = Record(
        id=writer[UnitReport].new_id(),
        period_id=period_id,
        task_id=task_id,
        unit_id=unit_id,
        status=UnitReport.Status.DRAFT,
        version=0,
        milestones_done=[m.id for m in milestones],
        return_count=0,
        first_submitted_at=None,
        submitted_at=None,
        signed_by_id=None,
        returned_at=None,
        return_comment="",
        approved_at=None,
        created_at=None,
        updated_at=None,
        updated_by_id=None,
        is_demo=True,
        **{**REPORT_BLANK, **values},
    )
    content = rules.report_content(report, figures, (), {})
    versions, reviews = [], []
    for index, step in enumerate(steps):
        if step.event == DRAFT:
            rules.report_save(report, by=step.by, at=step.at, new=index == 0)
        elif step.event == SUBMITTED:
            versions.append(rules.report_sign_off(report, by=step.by, at=step.at, content=content))
            for milestone in milestones:
                if milestone.done_on is None:
                    rules.milestone_done(milestone, report)
        else:
            review, version = rules.review(
                UnitReport,
                report,
                decision=Review.Decision.RETURN
                if step.event == RETURNED
                else Review.Decision.APPROVE,
                comment=step.comment,
                by=step.by,
                at=step.at,
                content=content,
            )
            reviews.append(review)
            versions.append(version)
    writer[UnitReport].add(**vars(report))
    for order, row in enumerate(figures):
        writer[ReportQuantity].add(report_id=report.id, order=order, **row)
    _versions(writer, versions, reviews, report_id=report.id, consolidation_id=None)
    return report


def consolidation_rows(
    writer: BulkWriter,
    *,
    period_id: int,
    task_id: int,
    unit_id: int,
    values: dict[str, Any],
    steps: Iterable[Step],
) -> Record:
    """Write the lead unit's consolidation that went through `steps` (the first saves it),
    with its versions and reviews. `values` is its content (Consolidation.CONTENT_FIELDS)."""
    consolidation = Record(
        id=writer[Consolidation].new_id(),
        period_id=period_id,
        task_id=task_id,
        author_unit_id=unit_id,
        status=Consolidation.Status.DRAFT,
        version=0,
        return_count=0,
        first_submitted_at=None,
        submitted_at=None,
        submitted_by_id=None,
        returned_at=None,
        return_comment="",
        approved_at=None,
        created_at=None,
        updated_at=None,
        updated_by_id=None,
        is_demo=True,
        **{**CONSOLIDATION_BLANK, **values},
    )
    content = rules.consolidation_content(consolidation, ())
    versions, reviews = [], []
    for index, step in enumerate(steps):
        if step.event == DRAFT:
            rules.consolidation_save(
                consolidation, unit_id=unit_id, by=step.by, at=step.at, new=index == 0
            )
        elif step.event == SUBMITTED:
            versions.append(
                rules.consolidation_submit(
                    consolidation, unit_id=unit_id, by=step.by, at=step.at, content=content
                )
            )
        else:
            review, version = rules.review(
                Consolidation,
                consolidation,
                decision=Review.Decision.RETURN
                if step.event == RETURNED
                else Review.Decision.APPROVE,
                comment=step.comment,
                by=step.by,
                at=step.at,
                content=content,
            )
            reviews.append(review)
            versions.append(version)
    writer[Consolidation].add(**vars(consolidation))
    _versions(writer, versions, reviews, report_id=None, consolidation_id=consolidation.id)
    return consolidation


def _versions(writer, versions, reviews, **key) -> None:
    if versions:
        # Every version of a generated record holds the same content: serialise it once.
        content = to_json(versions[0]["content"])
        for row in versions:
            writer[ReportVersion].add(**key, **{**row, "content": content})
    for row in reviews:
        writer[Review].add(**key, **row)
