"""Milestones (工作要点): created one by one or imported from a spreadsheet, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, audit_many, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.spreadsheets import read_spreadsheet
from luoshi.org.models import Unit
from luoshi.org.resolver import Directory
from luoshi.plans.models import Assignment, Plan, Task
from luoshi.supervision import permissions
from luoshi.supervision.models import Milestone

MAX_IMPORT_BYTES = 5 * 1024 * 1024
# A file of more than LUOSHI_TASKS_INLINE_ROWS rows is imported by a background task; this
# bounds what one file may hold (about 6 s of work).
MAX_ROWS = 20000
# Column headers a spreadsheet may use, Chinese or English → field.
HEADERS = {
    "任务编号": "task",
    "任务": "task",
    "task": "task",
    "task number": "task",
    "年度": "year",
    "年份": "year",
    "year": "year",
    "工作要点": "title",
    "要点": "title",
    "milestone": "title",
    "work item": "title",
    "title": "title",
    "责任单位": "owner",
    "牵头单位": "owner",
    "owner": "owner",
    "owner unit": "owner",
    "unit": "owner",
    "完成时限": "deadline",
    "时限": "deadline",
    "截止日期": "deadline",
    "deadline": "deadline",
}
_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?\s*$")
_MONTH_END = re.compile(r"^\s*(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?(底|末)?\s*$")


def _validate(task: Task, owner: Unit, title: str, year, deadline) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    elif len(title) > 300:
        errors["title"] = [_("At most 300 characters.")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("A year such as 2025.")]
    if not isinstance(deadline, dt.date):
        errors["deadline"] = [_("Enter a date.")]
    elif isinstance(year, int) and deadline.year != year:
        errors["deadline"] = [_("The deadline falls outside the year.")]
    if not Assignment.objects.filter(task=task, unit=owner, active=True).exists():
        errors["owner"] = [_("This unit is not responsible for the task.")]
    return errors


@transaction.atomic
def milestone_create(
    *,
    actor,
    task: Task,
    year: int,
    title: str,
    owner: Unit,
    deadline: dt.date,
    is_demo: bool = False,
) -> Milestone:
    if actor is not None and not permissions.can_manage_milestones(actor, task):
        raise PermissionDenied(
            _("Only the coordinating office or the task's lead unit may set milestones.")
        )
    errors = _validate(task, owner, title, year, deadline)
    if errors:
        raise ValidationFailed(_("Please correct the milestone."), errors=errors)
    milestone = Milestone.objects.create(
        task=task,
        year=year,
        title=title.strip(),
        owner=owner,
        deadline=deadline,
        created_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=milestone, verb="milestone_create")
    return milestone


@transaction.atomic
def milestone_delete(*, actor, milestone: Milestone) -> None:
    if not permissions.can_manage_milestones(actor, milestone.task):
        raise PermissionDenied(
            _("Only the coordinating office or the task's lead unit may set milestones.")
        )
    if milestone.done:
        raise ValidationFailed(_("A milestone reported done is kept."))
    audit(
        actor=actor,
        action="delete",
        obj=milestone,
        before=snapshot(milestone),
        verb="milestone_delete",
    )
    milestone.delete()


# -- import -----------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    task: str
    year: object
    title: str
    owner: str
    deadline: object

    def as_json(self) -> dict:
        """The row as JSON values; a date cell becomes ISO text, which `parse_date` reads."""
        values = {**self.__dict__}
        for name in ("year", "deadline"):
            if isinstance(values[name], dt.date | dt.datetime):
                value = values[name]
                values[name] = (
                    value.date() if isinstance(value, dt.datetime) else value
                ).isoformat()
        return values


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def milestone_rows(upload) -> list[ImportRow]:
    """The rows of an uploaded milestone list (.xlsx or .csv), not yet checked."""
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    data = upload.read()
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed(_("The file is too large for a milestone list (at most 5 MB)."))
    if name.endswith(".xlsx"):
        table = [list(row) for row in read_spreadsheet(data, max_rows=MAX_ROWS + 1)]
    elif name.endswith(".csv"):
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        text = str(best) if best is not None else data.decode("utf-8", errors="replace")
        table = [list(row) for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))]
    else:
        raise ValidationFailed(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    table = [row for row in table if any(_cell_text(c) for c in row)]
    if not table:
        raise ValidationFailed(_("The file has no rows."))
    header = [HEADERS.get(_cell_text(c).lower()) for c in table[0]]
    missing = {"task", "year", "title", "owner", "deadline"} - set(header)
    if missing:
        raise ValidationFailed(
            _(
                "The first row must name the columns 任务编号, 年度, 工作要点, 责任单位, 完成时限; missing: %(cols)s"
            )
            % {"cols": ", ".join(sorted(missing))}
        )
    rows = []
    for offset, raw in enumerate(table[1:], start=2):
        cells = {field: raw[i] if i < len(raw) else None for i, field in enumerate(header) if field}
        rows.append(
            ImportRow(
                line=offset,
                task=_cell_text(cells["task"]).rstrip("."),
                year=cells["year"],
                title=_cell_text(cells["title"]),
                owner=_cell_text(cells["owner"]),
                deadline=cells["deadline"],
            )
        )
    if len(rows) > MAX_ROWS:
        raise ValidationFailed(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
    return rows


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    match = _CN_DATE.match(text)
    try:
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = _MONTH_END.match(text)
        if match:
            from luoshi.supervision.cycles import add_months

            return add_months(dt.date(int(match[1]), int(match[2]), 1), 1) - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def _parse_year(value) -> int | None:
    text = _cell_text(value).removesuffix("年")
    return int(text) if text.isdigit() else None


@transaction.atomic
def milestone_import(
    *, actor, plan: Plan, upload=None, rows: Iterable[ImportRow] | None = None
) -> list[Milestone]:
    """Create every milestone the file lists, or none: a bad row rejects the whole file,
    with one message per bad row. `rows` are those `milestone_rows` already read from the
    file (a large file imported by a background task)."""
    if not permissions.can_import_milestones(actor, plan):
        raise PermissionDenied(_("You may not import milestones for this plan."))
    if rows is None:
        rows = milestone_rows(upload)
    tasks = {
        t.number: t for t in Task.objects.filter(plan=plan, active=True).select_related("plan")
    }
    assigned = set(
        Assignment.objects.filter(task__plan=plan, active=True).values_list("task_id", "unit_id")
    )
    directory = Directory(plan.region)
    allowed_tasks: dict[int, bool] = {}
    problems: list[str] = []
    valid: list[Milestone] = []
    for row in rows:
        errs = []
        task = tasks.get(row.task)
        if task is None:
            errs.append(_("no task numbered “%(n)s” in this plan") % {"n": row.task})
        elif actor is not None:
            if task.pk not in allowed_tasks:
                allowed_tasks[task.pk] = permissions.can_manage_milestones(actor, task)
            if not allowed_tasks[task.pk]:
                errs.append(_("you may not set milestones on task %(n)s") % {"n": row.task})
        year = _parse_year(row.year)
        if year is None or not 2000 <= year <= 2100:
            errs.append(_("year “%(y)s” is not a year") % {"y": _cell_text(row.year)})
        if not row.title:
            errs.append(_("the work item is empty"))
        elif len(row.title) > 300:
            errs.append(_("the work item is longer than 300 characters"))
        hit = directory.get(row.owner) if row.owner else None
        owner = hit.unit if hit is not None and not hit.is_group else None
        if owner is None:
            errs.append(_("unknown unit “%(u)s”") % {"u": row.owner})
        elif task is not None and (task.pk, owner.pk) not in assigned:
            errs.append(_("%(u)s is not responsible for task %(n)s") % {"u": owner, "n": row.task})
        deadline = parse_date(row.deadline)
        if deadline is None:
            errs.append(_("deadline “%(d)s” is not a date") % {"d": _cell_text(row.deadline)})
        elif year is not None and deadline.year != year:
            errs.append(_("the deadline falls outside %(y)s") % {"y": year})
        if errs:
            problems.append(
                _("Row %(line)s: %(errors)s") % {"line": row.line, "errors": "; ".join(errs)}
            )
            continue
        valid.append(
            Milestone(
                task=task,
                year=year,
                title=row.title,
                owner=owner,
                deadline=deadline,
                created_by=actor_or_none(actor),
            )
        )
    if problems:
        raise ValidationFailed(
            _("Nothing was imported: %(n)s row(s) need correcting.") % {"n": len(problems)},
            errors={"rows": problems},
        )
    if not valid:
        raise ValidationFailed(_("The file has no milestones."))
    created = Milestone.objects.bulk_create(valid)
    # One insert for the audit trail too: a query per row made a 10,000-row file take 6 s.
    audit_many(actor=actor, action="create", objs=created, verb="milestone_import")
    return created
