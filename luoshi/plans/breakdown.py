"""The task-breakdown workbook (任务分解表) of an imported plan, from the database.

The layout itself is luoshi.planparse.export's (the same file `luoshi parse --format
xlsx` writes); this module rebuilds a parser Plan from the plan's live rows so that
what was mapped, revised or linked after the import is what gets printed.
"""

from __future__ import annotations

import io

from luoshi import planparse
from luoshi.plans import permissions, selectors
from luoshi.plans.models import Plan

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _names(entries) -> tuple[str, ...]:
    return tuple(e.unit.display_name for e in entries)


def as_parsed_plan(*, viewer, plan: Plan) -> planparse.Plan:
    """The plan's live tasks and targets as a parser Plan, the shape planparse.export takes.

    Units are written by their directory names (a group as the group's name, not its
    members), so a name mapped during the import prints as the unit it was mapped to."""
    tasks = selectors.plan_tasks(viewer=viewer, plan=plan)
    overview_chapters = {}
    for chapter in selectors.plan_chapters(viewer=viewer, plan=plan):
        overview_chapters[chapter.pk] = planparse.Chapter(
            number=chapter.number,
            title=chapter.title,
            sections=tuple(s.title for s in chapter.sections.all()),
        )
    targets = []
    qualitative = []
    for target in selectors.plan_targets(viewer=viewer, plan=plan):
        if target.qualitative or target.value is None:
            qualitative.append(planparse.QualitativeTarget(text=target.text, year=target.year))
        else:
            targets.append(
                planparse.Target(
                    text=target.text,
                    indicator=target.indicator_name,
                    comparator=target.comparator,
                    value=float(target.value) if target.value is not None else None,
                    unit=target.unit,
                    year=target.year,
                )
            )
    return planparse.Plan(
        title=plan.title,
        issuer=plan.issuer or None,
        date=plan.issued_on.isoformat() if plan.issued_on else None,
        doc_number=plan.doc_number or None,
        chapters=tuple(overview_chapters.values()),
        targets=tuple(targets),
        qualitative_targets=tuple(qualitative),
        tasks=tuple(
            planparse.Task(
                number=t.number,
                chapter=t.chapter.title if t.chapter else None,
                # Numbered as in the document, "(一)融入协同创新格局", like the hand-made tables.
                section=str(t.section) if t.section else None,
                title=t.title,
                text=t.text,
                lead_units=_names(t.leads),
                cooperating_units=_names(t.cooperating),
                implicit_units=_names(t.involved),
                deadline=t.deadline_text or None,
                deadline_date=t.deadline_date.isoformat() if t.deadline_date else None,
            )
            for t in tasks
        ),
    )


def get_plan_for_export(pk) -> Plan:
    """The plan for the command line, which acts as the system (raises NotFound)."""
    return permissions.get_plan_for_user(permissions.SYSTEM, pk)


def rows(parsed: planparse.Plan) -> int:
    """Rows the workbook writes: one per task and per target."""
    return len(parsed.tasks) + len(parsed.targets) + len(parsed.qualitative_targets)


def render(
    *, viewer, plan: Plan, fmt: str, parsed: planparse.Plan | None = None
) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the workbook in `fmt` (xlsx or docx);
    `parsed` when the caller already has `as_parsed_plan`."""
    from luoshi.planparse import export

    if parsed is None:
        parsed = as_parsed_plan(viewer=viewer, plan=plan)
    buffer = io.BytesIO()
    if fmt == "xlsx":
        export.write_xlsx(parsed, buffer)
    else:
        export.write_docx(parsed, buffer)
    return buffer.getvalue(), FORMATS[fmt], export.suggested_filename(parsed, fmt)
