"""Writes to plans: import (with preview), revisions, drafts, parent links.

Import semantics, in one place:
- `plan_import_preview` parses and resolves, writes nothing.
- `plan_import` saves the name mappings as aliases, refuses while a name is unresolved,
  and imports in one transaction.
- Without `plan`, a document the region already holds — the same file (sha256), the same
  document number or the same title — is treated as a new version of that plan.
- Re-importing the same document (same sha256 as the latest revision, or the same parsed
  content apart from warnings) changes nothing: no rows, no revision, no audit event.
- A revised document updates the plan in place: tasks matched by number and title
  (see luoshi.plans.diff), removed tasks, assignments and targets kept with active=False,
  a new PlanRevision holding the changes, every changed task audited.
- `actor=None` is the system itself (the demo loader, the command line).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.accounts.roles import Role, role_of
from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.org import services as org_services
from luoshi.org.models import Region, Unit
from luoshi.org.resolver import Directory, Resolution
from luoshi.plans import diff as plan_diff
from luoshi.plans import documents, permissions
from luoshi.plans.models import (
    Assignment,
    Chapter,
    Plan,
    PlanImportDraft,
    PlanRevision,
    Section,
    Target,
    Task,
)

log = logging.getLogger(__name__)

ROLE_OF_KEY = {
    "lead_units": Assignment.Role.LEAD,
    "cooperating_units": Assignment.Role.COOPERATING,
    "implicit_units": Assignment.Role.IMPLICIT,
}
ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.COOPERATING: 1, Assignment.Role.IMPLICIT: 2}
DRAFT_LIFETIME = dt.timedelta(days=1)


# --- Reading the parsed document ----------------------------------------------------------------


def _cn_numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def _section_titles(chapter: dict) -> list[str]:
    """Section titles of a chapter; the contract gives strings (dicts are accepted too)."""
    titles = []
    for item in chapter.get("sections") or []:
        title = item.get("title") if isinstance(item, dict) else item
        if title:
            titles.append(str(title))
    return titles


def _names_in(parsed: dict) -> list[str]:
    """Every unit name the plan uses, in first-appearance order."""
    seen: dict[str, None] = {}
    for task in parsed.get("tasks") or []:
        for key in ROLE_OF_KEY:
            for name in task.get(key) or []:
                seen.setdefault(name, None)
    return list(seen)


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class AssignmentSpec:
    unit: Unit
    role: str
    via_group: Unit | None
    source_name: str
    order: int


def task_assignments(task: dict, directory: Directory) -> dict[int, AssignmentSpec]:
    """unit id -> the assignment a parsed task gives it.

    Group names expand to their members (via_group remembers the group). A unit named
    twice keeps its strongest role (lead > cooperating > implicit); at equal role a
    direct mention wins over membership of a group.
    """
    specs: dict[int, AssignmentSpec] = {}
    order = 0
    for key, role in ROLE_OF_KEY.items():
        for name in task.get(key) or []:
            resolution = directory.get(name)
            if resolution is None:
                continue
            group = resolution.unit if resolution.is_group else None
            for unit in resolution.members:
                current = specs.get(unit.pk)
                if current is not None:
                    stronger = ROLE_RANK[role] < ROLE_RANK[current.role]
                    more_direct = (
                        ROLE_RANK[role] == ROLE_RANK[current.role]
                        and current.via_group
                        and not group
                    )
                    if not (stronger or more_direct):
                        continue
                    specs[unit.pk] = AssignmentSpec(unit, role, group, name[:120], current.order)
                    continue
                specs[unit.pk] = AssignmentSpec(unit, role, group, name[:120], order)
                order += 1
    return specs


# --- Preview --------------------------------------------------------------------------------------


@dataclass
class NameInfo:
    """A unit name as the document writes it and what the directory makes of it."""

    name: str
    resolution: Resolution | None
    roles: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)

    @property
    def unit(self) -> Unit | None:
        return self.resolution.unit if self.resolution else None

    @property
    def members(self) -> tuple[Unit, ...]:
        return self.resolution.members if self.resolution and self.resolution.is_group else ()


@dataclass
class TaskPreview:
    number: str
    title: str
    chapter: str
    section: str
    text: str
    deadline: str
    lead: list[NameInfo]
    cooperating: list[NameInfo]
    implicit: list[NameInfo]


@dataclass
class ImportPreview:
    filename: str
    sha256: str
    size: int
    region: Region
    parsed: dict
    plan: Plan | None
    names: list[NameInfo]
    unknown: list[str]
    warnings: list[str]
    tasks: list[TaskPreview]
    coordinating_unit: Unit | None
    parent_reference: str
    parent_plan: Plan | None
    changes: dict | None = None
    unchanged: bool = False

    @property
    def is_reimport(self) -> bool:
        return self.plan is not None

    @property
    def can_confirm(self) -> bool:
        return not self.unknown and not self.unchanged

    def summary_lines(self) -> list[str]:
        """The preview as a few lines of plain text (the command line prints them)."""
        parsed = self.parsed
        lines = [
            _("Plan: %(title)s") % {"title": parsed.get("title") or self.filename},
            _(
                "Tasks: %(tasks)d in %(sections)d sections; targets: %(targets)d numeric, %(qual)d qualitative"
            )
            % {
                "tasks": len(parsed.get("tasks") or []),
                "sections": len(
                    {(t.get("chapter"), t.get("section")) for t in parsed.get("tasks") or []}
                ),
                "targets": len(parsed.get("targets") or []),
                "qual": len(parsed.get("qualitative_targets") or []),
            },
            _("Unit names: %(known)d resolved, %(unknown)d unknown")
            % {"known": len(self.names) - len(self.unknown), "unknown": len(self.unknown)},
        ]
        if self.coordinating_unit:
            lines.append(_("Coordinating office: %(unit)s") % {"unit": self.coordinating_unit.name})
        if self.parent_reference:
            lines.append(_("Parent plan: %(ref)s") % {"ref": self.parent_reference})
        if self.plan is not None:
            if self.unchanged:
                lines.append(
                    _("Same document as the current version of plan #%(id)d: nothing to import.")
                    % {"id": self.plan.pk}
                )
            else:
                s = (self.changes or {}).get("summary", {})
                lines.append(
                    _(
                        "New version of plan #%(id)d: %(added)d tasks added, %(removed)d removed, "
                        "%(reworded)d reworded, %(units)d with changed units, %(targets)d target changes"
                    )
                    % {
                        "id": self.plan.pk,
                        "added": s.get("added", 0),
                        "removed": s.get("removed", 0),
                        "reworded": s.get("reworded", 0),
                        "units": s.get("units_changed", 0),
                        "targets": s.get("targets_changed", 0),
                    }
                )
        for warning in self.warnings:
            lines.append(_("Warning: %(text)s") % {"text": warning})
        if self.unknown:
            lines.append(_("Unknown unit names: %(names)s") % {"names": "、".join(self.unknown)})
        return lines


def _require_import(actor, plan: Plan | None) -> None:
    if actor is not None and not permissions.can_import_plan(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may import it."))


def find_existing_plan(region: Region, sha: str, parsed: dict) -> Plan | None:
    """The plan of this region the document is a version of, if any (see the module doc)."""
    revision = (
        PlanRevision.objects.filter(plan__region=region, sha256=sha)
        .select_related("plan")
        .order_by("-id")
        .first()
    )
    if revision is not None:
        return revision.plan
    plans = Plan.objects.filter(region=region, status=Plan.Status.ACTIVE).order_by("-id")
    if parsed.get("doc_number"):
        hit = plans.filter(doc_number=parsed["doc_number"]).first()
        if hit is not None:
            return hit
    if parsed.get("title"):
        return plans.filter(title=parsed["title"][:200]).first()
    return None


def default_coordinating_unit(
    *, actor, region: Region, directory: Directory, plan: Plan | None
) -> Unit | None:
    """The plan's office unless told otherwise: the plan's current one; else the importing
    coordinator's unit; else the unit LUOSHI_PLAN_COORDINATING_UNIT names (市科技局)."""
    if plan is not None and plan.coordinating_unit_id:
        return plan.coordinating_unit
    if role_of(actor) == Role.COORDINATOR and actor.unit_id and actor.unit.region_id == region.pk:
        return actor.unit
    name = getattr(settings, "LUOSHI_PLAN_COORDINATING_UNIT", "市科技局")
    hit = directory.get(name) if name else None
    return hit.unit if hit is not None and not hit.is_group else None


def plan_as_dict(plan: Plan) -> dict:
    """The plan as it stands in the database, shaped like the parser's contract (tasks
    carry `id` and `active`), to be compared with a new version."""
    tasks = []
    for task in plan.tasks.select_related("chapter", "section").order_by("order", "id"):
        raw = task.units_raw or {}
        tasks.append(
            {
                "id": task.pk,
                "active": task.active,
                "number": task.number,
                "chapter": task.chapter.title if task.chapter else None,
                "section": task.section.title if task.section else None,
                "title": task.title,
                "text": task.text,
                "lead_units": raw.get("lead", []),
                "cooperating_units": raw.get("cooperating", []),
                "implicit_units": raw.get("implicit", []),
                "deadline": task.deadline_text or None,
            }
        )
    targets, qualitative = [], []
    for target in plan.targets.filter(active=True).order_by("order", "id"):
        if target.qualitative:
            qualitative.append({"text": target.text, "year": target.year, "id": target.pk})
        else:
            targets.append(
                {
                    "id": target.pk,
                    "text": target.text,
                    "indicator": target.indicator_name,
                    "comparator": target.comparator,
                    "value": float(target.value) if target.value is not None else None,
                    "unit": target.unit,
                    "year": target.year,
                }
            )
    return {
        "title": plan.title,
        "issuer": plan.issuer or None,
        "date": plan.issued_on.isoformat() if plan.issued_on else None,
        "doc_number": plan.doc_number or None,
        "tasks": tasks,
        "targets": _plain_numbers(targets),
        "qualitative_targets": qualitative,
    }


def _plain_numbers(targets: list[dict]) -> list[dict]:
    for target in targets:
        value = target.get("value")
        if isinstance(value, float) and value.is_integer():
            target["value"] = int(value)
    return targets


def _is_unchanged(plan: Plan, sha: str, parsed: dict) -> bool:
    latest = plan.revisions.order_by("-number").first()
    if latest is None:
        return False
    return latest.sha256 == sha or plan_diff.comparable(latest.parsed) == plan_diff.comparable(
        parsed
    )


def plan_import_preview(
    *, actor, data: bytes, filename: str, region: Region, plan: Plan | None = None
) -> ImportPreview:
    """Parse and resolve the document; write nothing. Raises ValidationFailed for a bad
    file and PermissionDenied for someone who may not import."""
    _require_import(actor, None)
    kind = documents.check_upload(data, filename)
    parsed = documents.parse(data, filename)
    sha = documents.sha256(data)
    if plan is None:
        plan = find_existing_plan(region, sha, parsed)
    elif plan.region_id != region.pk:
        raise ValidationFailed(_("This plan belongs to another directory."))
    _require_import(actor, plan)
    directory = Directory(region)
    return _build_preview(
        actor=actor,
        data=data,
        kind=kind,
        filename=filename,
        region=region,
        parsed=parsed,
        sha=sha,
        plan=plan,
        directory=directory,
    )


def _build_preview(
    *, actor, data, kind, filename, region, parsed, sha, plan, directory
) -> ImportPreview:
    infos: dict[str, NameInfo] = {}
    for name in _names_in(parsed):
        infos[name] = NameInfo(name=name, resolution=directory.get(name))
    tasks = []
    for task in parsed.get("tasks") or []:
        by_role: dict[str, list[NameInfo]] = {}
        for key, role in ROLE_OF_KEY.items():
            by_role[role] = []
            for name in task.get(key) or []:
                info = infos[name]
                if role not in info.roles:
                    info.roles.append(role)
                if task["number"] not in info.tasks:
                    info.tasks.append(task["number"])
                by_role[role].append(info)
        tasks.append(
            TaskPreview(
                number=task["number"],
                title=task.get("title") or "",
                chapter=task.get("chapter") or "",
                section=task.get("section") or "",
                text=task.get("text") or "",
                deadline=task.get("deadline") or "",
                lead=by_role[Assignment.Role.LEAD],
                cooperating=by_role[Assignment.Role.COOPERATING],
                implicit=by_role[Assignment.Role.IMPLICIT],
            )
        )
    warnings = list(parsed.get("warnings") or [])
    for info in infos.values():
        if info.resolution is not None and info.resolution.is_group and not info.members:
            warnings.append(
                _(
                    "“%(name)s” is a group without members in the directory: nobody would be assigned."
                )
                % {"name": info.name}
            )
    reference = documents.parent_reference(data, kind, parsed)
    changes, unchanged = None, False
    if plan is not None:
        unchanged = _is_unchanged(plan, sha, parsed)
        changes = plan_diff.diff_plans(plan_as_dict(plan), parsed)
    return ImportPreview(
        filename=PurePath(filename).name,
        sha256=sha,
        size=len(data),
        region=region,
        parsed=parsed,
        plan=plan,
        names=list(infos.values()),
        unknown=[n for n, info in infos.items() if info.resolution is None],
        warnings=warnings,
        tasks=tasks,
        coordinating_unit=default_coordinating_unit(
            actor=actor, region=region, directory=directory, plan=plan
        ),
        parent_reference=reference,
        parent_plan=_parent_plan(reference, exclude=plan),
        changes=changes,
        unchanged=unchanged,
    )


def _parent_plan(reference: str, exclude: Plan | None = None) -> Plan | None:
    if not reference:
        return None
    qs = Plan.objects.filter(doc_number=reference)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-id").first()


# --- Import -----------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    plan: Plan
    revision: PlanRevision
    created: bool
    changed: bool
    changes: dict


def names_map(*, actor, region: Region, mappings: dict[str, Any] | None) -> list[str]:
    """Save each `name -> unit (or unit id)` as an alias of that unit in `region`.

    A name the directory already resolves to the same unit is skipped. Returns the names
    saved. Runs inside the caller's transaction when there is one.
    """
    saved = []
    if not mappings:
        return saved
    with transaction.atomic():
        directory = Directory(region)
        units = {u.pk: u for u in directory.units}
        for name, target in mappings.items():
            if target in (None, ""):
                continue
            try:
                unit = target if isinstance(target, Unit) else units.get(int(target))
            except (TypeError, ValueError):
                unit = None
            if unit is None or unit.region_id != region.pk:
                raise ValidationFailed(
                    _("“%(name)s” was mapped to a unit outside this directory.") % {"name": name}
                )
            hit = directory.get(name)
            if hit is not None and hit.unit.pk == unit.pk:
                continue
            org_services.alias_add(actor=actor, unit=unit, name=name)
            saved.append(name)
    return saved


@transaction.atomic
def plan_import(
    *,
    actor,
    data: bytes,
    filename: str,
    region: Region,
    mappings: dict[str, Any] | None = None,
    plan: Plan | None = None,
    coordinating_unit: Unit | None = None,
    is_demo: bool = False,
) -> ImportResult:
    """Import a plan document (or a new version of `plan`) in one transaction."""
    _require_import(actor, None)
    kind = documents.check_upload(data, filename)
    parsed = documents.parse(data, filename)
    sha = documents.sha256(data)
    if plan is None:
        plan = find_existing_plan(region, sha, parsed)
    elif plan.region_id != region.pk:
        raise ValidationFailed(_("This plan belongs to another directory."))
    _require_import(actor, plan)
    if plan is not None:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if _is_unchanged(plan, sha, parsed):
            latest = plan.revisions.order_by("-number").first()
            return ImportResult(
                plan=plan, revision=latest, created=False, changed=False, changes={}
            )
    names_map(actor=actor, region=region, mappings=mappings)
    directory = Directory(region)
    unknown = [name for name in _names_in(parsed) if directory.get(name) is None]
    if unknown:
        raise ValidationFailed(
            _("Map every unknown unit name to a unit before importing: %(names)s")
            % {"names": "、".join(unknown)},
        )
    if coordinating_unit is not None and coordinating_unit.region_id != region.pk:
        raise ValidationFailed(_("The coordinating office must be a unit of this directory."))
    coordinating_unit = coordinating_unit or default_coordinating_unit(
        actor=actor, region=region, directory=directory, plan=plan
    )
    reference = documents.parent_reference(data, kind, parsed)
    source_name = PurePath(filename).name[:255]
    if plan is None:
        return _create_plan(
            actor=actor,
            region=region,
            parsed=parsed,
            sha=sha,
            source_name=source_name,
            directory=directory,
            coordinating_unit=coordinating_unit,
            reference=reference,
            is_demo=is_demo,
        )
    return _revise_plan(
        actor=actor,
        plan=plan,
        parsed=parsed,
        sha=sha,
        source_name=source_name,
        directory=directory,
        coordinating_unit=coordinating_unit,
        reference=reference,
    )


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _plan_fields(parsed: dict, source_name: str, reference: str) -> dict:
    return {
        "title": (parsed.get("title") or PurePath(source_name).stem or _("Untitled plan"))[:200],
        "issuer": (parsed.get("issuer") or "")[:100],
        "doc_number": (parsed.get("doc_number") or "")[:60],
        "issued_on": _date(parsed.get("date")),
        "parent_reference": reference[:200],
    }


def _link_family(plan: Plan) -> None:
    """Link the plan to the parent it cites and the plans citing it, when not linked yet."""
    if plan.parent_id is None and plan.parent_reference:
        parent = _parent_plan(plan.parent_reference, exclude=plan)
        if parent is not None:
            plan.parent = parent
            plan.save(update_fields=["parent"])
    if plan.doc_number:
        Plan.objects.filter(parent__isnull=True, parent_reference=plan.doc_number).exclude(
            pk=plan.pk
        ).update(parent=plan)


@dataclass
class Outline:
    """(chapter title, section title) -> (Chapter, Section or None); section "" for the chapter."""

    rows: dict[tuple[str, str], tuple[Chapter, Section | None]]
    chapters: set[int]
    sections: set[int]

    def place(self, task: dict) -> tuple[Chapter | None, Section | None]:
        chapter_title = (task.get("chapter") or "")[:200]
        hit = self.rows.get((chapter_title, (task.get("section") or "")[:200]))
        if hit is None:
            hit = self.rows.get((chapter_title, ""), (None, None))
        return hit


def _sync_outline(plan: Plan, parsed: dict) -> Outline:
    """Create or update the chapters and sections the document has."""
    existing = list(plan.chapters.prefetch_related("sections"))
    by_title = {c.title: c for c in existing}
    by_number = {c.number: c for c in existing if c.number}
    outline = Outline(rows={}, chapters=set(), sections=set())

    def chapter_row(title: str, number: str, order: int) -> Chapter:
        chapter = by_title.get(title) or (by_number.get(number) if number else None)
        if chapter is None or chapter.pk in outline.chapters:
            chapter = Chapter.objects.create(plan=plan, title=title, number=number, order=order)
            chapter._section_rows = {}
        elif (chapter.title, chapter.number, chapter.order) != (title, number, order):
            chapter.title, chapter.number, chapter.order = title, number, order
            chapter.save(update_fields=["title", "number", "order"])
        if not hasattr(chapter, "_section_rows"):
            chapter._section_rows = {s.title: s for s in chapter.sections.all()}
        outline.chapters.add(chapter.pk)
        outline.rows[(title, "")] = (chapter, None)
        return chapter

    def section_row(chapter: Chapter, title: str, order: int) -> None:
        section = chapter._section_rows.get(title)
        number = _cn_numeral(order + 1)
        if section is None or section.pk in outline.sections:
            section = Section.objects.create(
                chapter=chapter, title=title, number=number, order=order
            )
        elif (section.number, section.order) != (number, order):
            section.number, section.order = number, order
            section.save(update_fields=["number", "order"])
        outline.sections.add(section.pk)
        outline.rows[(chapter.title, title)] = (chapter, section)

    for order, item in enumerate(parsed.get("chapters") or []):
        chapter = chapter_row(
            (item.get("title") or "")[:200], (item.get("number") or "")[:10], order
        )
        for s_order, title in enumerate(_section_titles(item)):
            section_row(chapter, title[:200], s_order)
    # A task may name a chapter or section the outline lacks; give it one.
    for task in parsed.get("tasks") or []:
        chapter_title = (task.get("chapter") or "")[:200]
        section_title = (task.get("section") or "")[:200]
        if not chapter_title or (chapter_title, section_title) in outline.rows:
            continue
        if (chapter_title, "") not in outline.rows:
            chapter_row(chapter_title, "", len(outline.chapters))
        chapter = outline.rows[(chapter_title, "")][0]
        if section_title:
            section_row(
                chapter,
                section_title,
                sum(1 for c, s in outline.rows.values() if c == chapter and s),
            )
    return outline


def _prune_outline(plan: Plan, outline: Outline) -> None:
    """Drop the chapters and sections the new version no longer has. Only removed
    (inactive) tasks can still point at them; they keep their text, not their place."""
    stale_sections = Section.objects.filter(chapter__plan=plan).exclude(pk__in=outline.sections)
    Task.objects.filter(section__in=stale_sections, active=False).update(section=None)
    stale_sections.delete()
    stale_chapters = Chapter.objects.filter(plan=plan).exclude(pk__in=outline.chapters)
    Task.objects.filter(chapter__in=stale_chapters, active=False).update(chapter=None)
    stale_chapters.delete()


def _task_fields(task: dict, order: int, outline: Outline) -> dict:
    chapter, section = outline.place(task)
    return {
        "number": str(task.get("number") or "")[:10],
        "title": (task.get("title") or "")[:300],
        "text": task.get("text") or "",
        "deadline_text": (task.get("deadline") or "")[:100],
        "deadline_date": _date(task.get("deadline_date")),
        "chapter": chapter,
        "section": section,
        "order": order,
        "active": True,
        "units_raw": {
            "lead": list(task.get("lead_units") or []),
            "cooperating": list(task.get("cooperating_units") or []),
            "implicit": list(task.get("implicit_units") or []),
        },
    }


def _sync_assignments(
    task: Task, specs: dict[int, AssignmentSpec], existing: list[Assignment]
) -> bool:
    """Make the task's assignments match `specs`; True when anything changed."""
    changed = False
    current = {a.unit_id: a for a in existing}
    new_rows = []
    for unit_id, spec in specs.items():
        row = current.get(unit_id)
        values = {
            "role": spec.role,
            "via_group_id": spec.via_group.pk if spec.via_group else None,
            "source_name": spec.source_name,
            "order": spec.order,
            "active": True,
        }
        if row is None:
            new_rows.append(Assignment(task=task, unit=spec.unit, **values))
            changed = True
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save(
                update_fields=[k.removesuffix("_id") if k == "via_group_id" else k for k in values]
            )
            changed = True
    Assignment.objects.bulk_create(new_rows)
    gone = [a.pk for a in existing if a.unit_id not in specs and a.active]
    if gone:
        Assignment.objects.filter(pk__in=gone).update(active=False)
        changed = True
    return changed


def _sync_targets(plan: Plan, parsed: dict) -> None:
    existing = list(plan.targets.all())
    numeric = {(t.indicator_name, t.year): t for t in existing if not t.qualitative}
    qualitative = {plan_diff._norm(t.text): t for t in existing if t.qualitative}
    kept: set[int] = set()
    order = 0
    for item in parsed.get("targets") or []:
        values = {
            "text": (item.get("text") or item.get("indicator") or "")[:500],
            "indicator_name": (item.get("indicator") or "")[:120],
            "comparator": (item.get("comparator") or "")[:2],
            "value": _decimal(item.get("value")),
            "unit": (item.get("unit") or "")[:20],
            "year": item.get("year"),
            "qualitative": False,
            "order": order,
            "active": True,
        }
        order += 1
        row = numeric.get((values["indicator_name"], values["year"]))
        kept.add(_upsert(Target, row, plan, values))
    for item in parsed.get("qualitative_targets") or []:
        values = {
            "text": (item.get("text") or "")[:500],
            "year": item.get("year"),
            "qualitative": True,
            "order": order,
            "active": True,
        }
        order += 1
        row = qualitative.get(plan_diff._norm(values["text"]))
        kept.add(_upsert(Target, row, plan, values))
    plan.targets.exclude(pk__in=kept).filter(active=True).update(active=False)


def _upsert(model, row, plan: Plan, values: dict) -> int:
    if row is None:
        return model.objects.create(plan=plan, **values).pk
    if any(getattr(row, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(row, k, v)
        row.save(update_fields=list(values))
    return row.pk


def _create_plan(
    *, actor, region, parsed, sha, source_name, directory, coordinating_unit, reference, is_demo
) -> ImportResult:
    plan = Plan.objects.create(
        region=region,
        coordinating_unit=coordinating_unit,
        is_demo=is_demo,
        created_by=_actor(actor),
        **_plan_fields(parsed, source_name, reference),
    )
    _link_family(plan)
    outline = _sync_outline(plan, parsed)
    assignments = []
    for order, item in enumerate(parsed.get("tasks") or []):
        task = Task.objects.create(plan=plan, **_task_fields(item, order, outline))
        for spec in task_assignments(item, directory).values():
            assignments.append(
                Assignment(
                    task=task,
                    unit=spec.unit,
                    role=spec.role,
                    via_group=spec.via_group,
                    source_name=spec.source_name,
                    order=spec.order,
                )
            )
    Assignment.objects.bulk_create(assignments)
    _sync_targets(plan, parsed)
    changes = plan_diff.initial_changes(parsed)
    revision = PlanRevision.objects.create(
        plan=plan,
        number=1,
        source_name=source_name,
        sha256=sha,
        parsed=parsed,
        changes=changes,
        imported_by=_actor(actor),
    )
    audit(
        actor=actor,
        action="create",
        obj=plan,
        after=snapshot(plan),
        verb="import",
        extra={
            "revision": 1,
            "tasks": len(parsed.get("tasks") or []),
            "assignments": len(assignments),
        },
    )
    audit(
        actor=actor,
        action="create",
        obj=revision,
        after=snapshot(revision, ["plan", "number", "source_name", "sha256"]),
    )
    return ImportResult(plan=plan, revision=revision, created=True, changed=True, changes=changes)


def _revise_plan(
    *, actor, plan, parsed, sha, source_name, directory, coordinating_unit, reference
) -> ImportResult:
    current = plan_as_dict(plan)
    changes = plan_diff.diff_plans(current, parsed)
    before = snapshot(plan)
    for key, value in _plan_fields(parsed, source_name, reference).items():
        setattr(plan, key, value)
    plan.coordinating_unit = coordinating_unit
    plan.save()
    _link_family(plan)
    outline = _sync_outline(plan, parsed)
    rows = {t.pk: t for t in plan.tasks.all()}
    existing_assignments: dict[int, list[Assignment]] = {}
    for assignment in Assignment.objects.filter(task__plan=plan):
        existing_assignments.setdefault(assignment.task_id, []).append(assignment)
    new_tasks = list(parsed.get("tasks") or [])
    old_tasks = current["tasks"]
    for i, j in plan_diff.match_tasks(old_tasks, new_tasks):
        if j is None:
            task = rows[old_tasks[i]["id"]]
            task_before = snapshot(task)
            task.active = False
            task.save(update_fields=["active"])
            audit(
                actor=actor,
                action="update",
                obj=task,
                before=task_before,
                after=snapshot(task),
                verb="remove",
            )
            continue
        item = new_tasks[j]
        fields = _task_fields(item, j, outline)
        if i is None:
            task = Task.objects.create(plan=plan, **fields)
            _sync_assignments(task, task_assignments(item, directory), [])
            audit(actor=actor, action="create", obj=task, verb="import")
            continue
        task = rows[old_tasks[i]["id"]]
        task_before = snapshot(task)
        for key, value in fields.items():
            setattr(task, key, value)
        task.save()
        units_changed = _sync_assignments(
            task, task_assignments(item, directory), existing_assignments.get(task.pk, [])
        )
        task_after = snapshot(task)
        if task_before != task_after or units_changed:
            audit(
                actor=actor,
                action="update",
                obj=task,
                before=task_before,
                after=task_after,
                verb="revise",
                extra={"assignments_changed": units_changed},
            )
    _prune_outline(plan, outline)
    _sync_targets(plan, parsed)
    latest = plan.revisions.order_by("-number").first()
    revision = PlanRevision.objects.create(
        plan=plan,
        number=(latest.number if latest else 0) + 1,
        source_name=source_name,
        sha256=sha,
        parsed=parsed,
        changes=changes,
        imported_by=_actor(actor),
    )
    audit(
        actor=actor,
        action="update",
        obj=plan,
        before=before,
        after=snapshot(plan),
        verb="revise",
        extra={"revision": revision.number, "summary": changes.get("summary", {})},
    )
    audit(
        actor=actor,
        action="create",
        obj=revision,
        after=snapshot(revision, ["plan", "number", "source_name", "sha256"]),
    )
    return ImportResult(plan=plan, revision=revision, created=False, changed=True, changes=changes)


# --- Upload drafts (the file kept between upload and confirmation) ------------------------------------


@transaction.atomic
def import_draft_create(
    *, actor, data: bytes, filename: str, region: Region, plan: Plan | None = None
) -> PlanImportDraft:
    """Check and parse the upload, then keep it for the preview. Bad files raise
    ValidationFailed and nothing is saved."""
    _require_import(actor, plan)
    documents.read(data, filename)
    PlanImportDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME).delete()
    draft = PlanImportDraft.objects.create(
        region=region,
        plan=plan,
        filename=PurePath(filename).name[:255],
        sha256=documents.sha256(data),
        data=data,
        created_by=actor,
    )
    return draft


def import_draft_preview(*, actor, draft: PlanImportDraft) -> ImportPreview:
    return plan_import_preview(
        actor=actor,
        data=bytes(draft.data),
        filename=draft.filename,
        region=draft.region,
        plan=draft.plan,
    )


@transaction.atomic
def import_draft_map_names(*, actor, draft: PlanImportDraft, mappings: dict[str, Any]) -> list[str]:
    """Save the preview's name mappings as aliases, without importing yet."""
    _require_import(actor, draft.plan)
    return names_map(actor=actor, region=draft.region, mappings=mappings)


@transaction.atomic
def import_draft_confirm(
    *,
    actor,
    draft: PlanImportDraft,
    mappings: dict[str, Any] | None = None,
    coordinating_unit: Unit | None = None,
) -> ImportResult:
    result = plan_import(
        actor=actor,
        data=bytes(draft.data),
        filename=draft.filename,
        region=draft.region,
        mappings=mappings,
        plan=draft.plan,
        coordinating_unit=coordinating_unit,
    )
    draft.delete()
    return result


@transaction.atomic
def import_draft_discard(*, actor, draft: PlanImportDraft) -> None:
    if draft.created_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This upload belongs to someone else."))
    draft.delete()


# --- Hierarchy -----------------------------------------------------------------------------------------


def _ancestors(plan: Plan | None) -> set[int]:
    seen: set[int] = set()
    while plan is not None and plan.pk not in seen:
        seen.add(plan.pk)
        plan = plan.parent
    return seen


@transaction.atomic
def plan_set_parent(*, actor, plan: Plan, parent: Plan | None) -> Plan:
    """Name the higher-level plan this one implements (province → city → county)."""
    if actor is not None and not permissions.can_link_parent(actor, plan):
        raise PermissionDenied(
            _("Only the plan's coordinating office may link it to a parent plan.")
        )
    if parent is not None and plan.pk in _ancestors(parent):
        raise ValidationFailed(_("A plan cannot implement itself or one of its own sub-plans."))
    before = snapshot(plan)
    plan.parent = parent
    plan.save(update_fields=["parent"])
    if parent is None:
        Task.objects.filter(plan=plan, parent_task__isnull=False).update(parent_task=None)
    else:
        Task.objects.filter(plan=plan, parent_task__isnull=False).exclude(
            parent_task__plan=parent
        ).update(parent_task=None)
    audit(
        actor=actor,
        action="update",
        obj=plan,
        before=before,
        after=snapshot(plan),
        verb="link_parent",
    )
    return plan


@transaction.atomic
def task_link_parent(*, actor, task: Task, parent_task: Task | None) -> Task:
    """Link a task to the task of the parent plan it implements (or unlink with None)."""
    if actor is not None and not permissions.can_link_task_parent(actor, task):
        raise PermissionDenied(
            _("Only the plan's coordinating office may link its tasks to a parent plan.")
        )
    if parent_task is not None:
        if task.plan.parent_id is None:
            raise ValidationFailed(_("Name the plan's parent plan first."))
        if parent_task.plan_id != task.plan.parent_id:
            raise ValidationFailed(
                _("Choose a task of the parent plan “%(plan)s”.")
                % {"plan": task.plan.parent.title},
                errors={"parent_task": [_("Not a task of the parent plan.")]},
            )
    before = snapshot(task)
    task.parent_task = parent_task
    task.save(update_fields=["parent_task"])
    audit(
        actor=actor,
        action="update",
        obj=task,
        before=before,
        after=snapshot(task),
        verb="link_parent",
    )
    return task
