"""Importing a plan document: a new plan, or a new version updated in place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import ValidationFailed
from luoshi.org import services as org_services
from luoshi.org.models import Region, Unit
from luoshi.org.resolver import Directory
from luoshi.plans import diff as plan_diff
from luoshi.plans import documents
from luoshi.plans.models import (
    Assignment,
    Chapter,
    Plan,
    PlanRevision,
    Section,
    Target,
    Task,
)
from luoshi.plans.services.current import keep_default_on_import
from luoshi.plans.services.reading import (
    AssignmentSpec,
    cn_numeral,
    default_coordinating_unit,
    find_existing_plan,
    is_unchanged,
    names_in,
    parent_plan_for,
    parse_date,
    parse_decimal,
    plan_as_dict,
    require_import,
    section_titles,
    task_assignments,
)

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
    parsed: dict | None = None,
    assume: dict[str, Unit] | None = None,
    ignore: Iterable[str] = (),
) -> ImportResult:
    """Import a plan document (or a new version of `plan`) in one transaction. `parsed`
    is the document's reading when it was read already (an upload draft keeps it); without
    it the document is read here. `mappings` are saved as aliases; `assume` resolves names
    for this import only; names in `ignore` assign nobody (fragments, collectives kept as
    words) but stay in the task's units as written."""
    require_import(actor, None)
    if parsed is None:
        parsed = documents.read(data, filename)
    sha = documents.sha256(data)
    if plan is None:
        plan = find_existing_plan(region, sha, parsed)
    elif plan.region_id != region.pk:
        raise ValidationFailed(_("This plan belongs to another directory."))
    require_import(actor, plan)
    if plan is not None:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if is_unchanged(plan, sha, parsed):
            latest = plan.revisions.defer("document").order_by("-number").first()
            return ImportResult(
                plan=plan, revision=latest, created=False, changed=False, changes={}
            )
    names_map(actor=actor, region=region, mappings=mappings)
    directory = Directory(region)
    for name, unit in (assume or {}).items():
        directory.assume(name, unit)
    for name in ignore:
        directory.ignore(name)
    unknown = [
        name
        for name in names_in(parsed)
        if directory.get(name) is None and not directory.is_ignored(name)
    ]
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
    reference = documents.parent_reference(parsed)
    source_name = PurePath(filename).name[:255]
    if plan is None:
        return _create_plan(
            actor=actor,
            region=region,
            parsed=parsed,
            data=data,
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
        data=data,
        sha=sha,
        source_name=source_name,
        directory=directory,
        coordinating_unit=coordinating_unit,
        reference=reference,
    )


def _plan_fields(parsed: dict, source_name: str, reference: str) -> dict:
    return {
        "title": (parsed.get("title") or PurePath(source_name).stem or _("Untitled plan"))[:200],
        "issuer": (parsed.get("issuer") or "")[:100],
        "doc_number": (parsed.get("doc_number") or "")[:60],
        "issued_on": parse_date(parsed.get("date")),
        "parent_reference": reference[:200],
    }


def _link_family(plan: Plan) -> None:
    """Link the plan to the parent it cites and the plans citing it, when not linked yet."""
    if plan.parent_id is None and plan.parent_reference:
        parent = parent_plan_for(plan.parent_reference, exclude=plan)
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

    def chapter_row(title: str, number: str, order: int, text: str = "") -> Chapter:
        chapter = by_title.get(title) or (by_number.get(number) if number else None)
        if chapter is None or chapter.pk in outline.chapters:
            chapter = Chapter.objects.create(
                plan=plan, title=title, number=number, order=order, text=text
            )
            chapter._section_rows = {}
        elif (chapter.title, chapter.number, chapter.order, chapter.text) != (
            title,
            number,
            order,
            text,
        ):
            chapter.title, chapter.number, chapter.order, chapter.text = title, number, order, text
            chapter.save(update_fields=["title", "number", "order", "text"])
        if not hasattr(chapter, "_section_rows"):
            chapter._section_rows = {s.title: s for s in chapter.sections.all()}
        outline.chapters.add(chapter.pk)
        outline.rows[(title, "")] = (chapter, None)
        return chapter

    def section_row(chapter: Chapter, title: str, order: int) -> None:
        section = chapter._section_rows.get(title)
        number = cn_numeral(order + 1)
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
            (item.get("title") or "")[:200],
            (item.get("number") or "")[:10],
            order,
            item.get("text") or "",
        )
        for s_order, title in enumerate(section_titles(item)):
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
        "deadline_date": parse_date(task.get("deadline_date")),
        "chapter": chapter,
        "section": section,
        "order": order,
        "active": True,
        "roles_rule": (task.get("rule") or "")[:20],
        "roles_confidence": task.get("confidence"),
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
    qualitative = {plan_diff.norm(t.text): t for t in existing if t.qualitative}
    kept: set[int] = set()
    order = 0
    for item in parsed.get("targets") or []:
        values = {
            "text": (item.get("text") or item.get("indicator") or "")[:500],
            "indicator_name": (item.get("indicator") or "")[:120],
            "comparator": (item.get("comparator") or "")[:2],
            "value": parse_decimal(item.get("value")),
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
        row = qualitative.get(plan_diff.norm(values["text"]))
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
    *,
    actor,
    region,
    parsed,
    data,
    sha,
    source_name,
    directory,
    coordinating_unit,
    reference,
    is_demo,
) -> ImportResult:
    plan = Plan.objects.create(
        region=region,
        coordinating_unit=coordinating_unit,
        is_demo=is_demo,
        created_by=actor_or_none(actor),
        **_plan_fields(parsed, source_name, reference),
    )
    _link_family(plan)
    keep_default_on_import(actor=actor, plan=plan)
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
        document=data,
        changes=changes,
        imported_by=actor_or_none(actor),
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
    *, actor, plan, parsed, data, sha, source_name, directory, coordinating_unit, reference
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
    latest = plan.revisions.defer("document").order_by("-number").first()
    revision = PlanRevision.objects.create(
        plan=plan,
        number=(latest.number if latest else 0) + 1,
        source_name=source_name,
        sha256=sha,
        parsed=parsed,
        document=data,
        changes=changes,
        imported_by=actor_or_none(actor),
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
