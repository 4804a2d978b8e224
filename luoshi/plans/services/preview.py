"""The import preview: the parsed plan, every unit name resolved, what would change."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.org.models import Region, Unit
from luoshi.org.resolver import Directory, Resolution
from luoshi.planparse import LOW_CONFIDENCE
from luoshi.plans import diff as plan_diff
from luoshi.plans import documents
from luoshi.plans.models import (
    Assignment,
    Plan,
)
from luoshi.plans.services.reading import (
    ROLE_OF_KEY,
    default_coordinating_unit,
    find_existing_plan,
    is_unchanged,
    names_in,
    parent_plan_for,
    plan_as_dict,
    require_import,
)

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
    index: int  # position in the document (task numbers may repeat)
    number: str
    title: str
    chapter: str
    section: str
    text: str
    deadline: str
    lead: list[NameInfo]
    cooperating: list[NameInfo]
    implicit: list[NameInfo]
    rule: str = ""
    confidence: float | None = None

    @property
    def rule_label(self) -> str:
        return documents.rule_label(self.rule)

    @property
    def low_confidence(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


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
        return not self.unchanged

    @property
    def has_tasks(self) -> bool:
        return bool(self.tasks)

    @property
    def low_confidence(self) -> list[TaskPreview]:
        return [t for t in self.tasks if t.low_confidence]

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
        for task in self.low_confidence:
            lines.append(
                _("Check the units of task %(number)s (%(rule)s, confidence %(confidence)s)")
                % {
                    "number": task.number,
                    "rule": task.rule_label,
                    "confidence": f"{task.confidence:.2f}",
                }
            )
        for warning in self.warnings:
            lines.append(_("Warning: %(text)s") % {"text": warning})
        if self.unknown:
            lines.append(_("Unknown unit names: %(names)s") % {"names": "、".join(self.unknown)})
        return lines


def plan_import_preview(
    *,
    actor,
    data: bytes,
    filename: str,
    region: Region,
    plan: Plan | None = None,
    parsed: dict | None = None,
) -> ImportPreview:
    """Resolve the document's reading (`parsed`, or the document read now when not given);
    write nothing. Raises ValidationFailed for a bad file and PermissionDenied for someone
    who may not import."""
    require_import(actor, None)
    if parsed is None:
        parsed = documents.read(data, filename)
    sha = documents.sha256(data)
    if plan is None:
        plan = find_existing_plan(region, sha, parsed)
    elif plan.region_id != region.pk:
        raise ValidationFailed(_("This plan belongs to another directory."))
    require_import(actor, plan)
    directory = Directory(region)
    return _build_preview(
        actor=actor,
        data=data,
        filename=filename,
        region=region,
        parsed=parsed,
        sha=sha,
        plan=plan,
        directory=directory,
    )


def _build_preview(*, actor, data, filename, region, parsed, sha, plan, directory) -> ImportPreview:
    infos: dict[str, NameInfo] = {}
    for name in names_in(parsed):
        infos[name] = NameInfo(name=name, resolution=directory.get(name))
    tasks = []
    for index, task in enumerate(parsed.get("tasks") or []):
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
                index=index,
                number=task["number"],
                title=task.get("title") or "",
                chapter=task.get("chapter") or "",
                section=task.get("section") or "",
                text=task.get("text") or "",
                deadline=task.get("deadline") or "",
                lead=by_role[Assignment.Role.LEAD],
                cooperating=by_role[Assignment.Role.COOPERATING],
                implicit=by_role[Assignment.Role.IMPLICIT],
                rule=task.get("rule") or "",
                confidence=task.get("confidence"),
            )
        )
    warnings = list(parsed.get("warnings") or [])
    if not tasks:
        warnings.insert(
            0,
            _(
                "The document has no tasks: it can be imported to be read, but no reporting "
                "period or round can be opened for it."
            ),
        )
    for info in infos.values():
        if info.resolution is not None and info.resolution.is_group and not info.members:
            warnings.append(
                _(
                    "“%(name)s” is a group without members in the directory: nobody would be assigned."
                )
                % {"name": info.name}
            )
    reference = documents.parent_reference(parsed)
    changes, unchanged = None, False
    if plan is not None:
        unchanged = is_unchanged(plan, sha, parsed)
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
        parent_plan=parent_plan_for(reference, exclude=plan),
        changes=changes,
        unchanged=unchanged,
    )
