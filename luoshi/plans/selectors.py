"""Reads of plans for pages, the API and the workbook. Each takes the viewer and loads
related rows once per page (never per row); counts are asserted in tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import NotFound
from luoshi.org.models import Region, Unit
from luoshi.plans import permissions
from luoshi.plans.models import (
    Assignment,
    Chapter,
    Plan,
    PlanChoice,
    PlanImportDraft,
    PlanRevision,
    Section,
    Target,
    Task,
)

ROLES = (Assignment.Role.LEAD, Assignment.Role.COOPERATING, Assignment.Role.IMPLICIT)
# Matrix columns: counties and parks after the departments, groups never (they expand).
KIND_ORDER = {
    Unit.Kind.GOVERNMENT: 0,
    Unit.Kind.PARTY: 1,
    Unit.Kind.DEPARTMENT: 2,
    Unit.Kind.JUDICIAL: 3,
    Unit.Kind.OTHER: 4,
    Unit.Kind.LEADING_GROUP: 5,
    Unit.Kind.COUNTY: 6,
    Unit.Kind.PARK: 7,
    Unit.Kind.GROUP: 8,
}


# Newest issued first on every database (PostgreSQL would put undated plans first).
NEWEST_FIRST = (F("issued_on").desc(nulls_last=True), "-id")


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(plan=OuterRef("pk"), **filters)
            .order_by()
            .values("plan")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def plan_list(*, viewer) -> QuerySet[Plan]:
    """Plans with their office, region, parent and counts of live tasks and revisions: one query."""
    return (
        permissions.plans_visible_to(viewer)
        .select_related("region", "coordinating_unit", "parent")
        .annotate(task_count=_count(Task, active=True), revision_count=_count(PlanRevision))
        .order_by(*NEWEST_FIRST)
    )


def newest_active_plan(*, viewer) -> Plan | None:
    """The viewer's current plan (kept under its old name for callers)."""
    return current_plan(viewer=viewer)


def current_plan(*, viewer, among: list[Plan] | None = None) -> Plan | None:
    """The plan a page shows when none is asked for — the one source for every page:
    the viewer's own choice; else the default their office set for the directory; else the
    newest active plan. Only plans in `among` count (a page passes the plans it can show;
    default: the plans the viewer may read). An archived plan is nobody's default, but a
    page whose only plans are archived still shows the newest of them. Two queries."""
    if among is None:
        among = list(
            permissions.plans_visible_to(viewer).select_related("region").order_by(*NEWEST_FIRST)
        )
    if not among:
        return None
    by_id = {p.pk: p for p in among}
    active = [p for p in among if p.status == Plan.Status.ACTIVE]
    region_id = viewer.unit.region_id if getattr(viewer, "unit_id", None) else None
    mine = Q(user_id=viewer.pk) if getattr(viewer, "pk", None) else Q(pk__in=[])
    if region_id:
        mine |= Q(region_id=region_id)
    choices = {
        ("user" if c.user_id else "region"): c.plan_id
        for c in PlanChoice.objects.filter(mine).only("user_id", "region_id", "plan_id")
    }
    for key in ("user", "region"):
        plan = by_id.get(choices.get(key))
        if plan is not None and plan.status == Plan.Status.ACTIVE:
            return plan
    newest = sorted(
        active or among,
        key=lambda p: (p.issued_on is not None, p.issued_on or dt.date.min, p.pk),
        reverse=True,
    )
    return newest[0]


@dataclass
class PlanPicker:
    """What the shared plan picker (plans/_plan_picker.html) shows."""

    plans: list[Plan]
    current: Plan | None
    office_default_id: int | None = None
    can_set_default: bool = False

    @property
    def choosable(self) -> bool:
        return len(self.plans) > 1


def plan_picker(*, viewer, plans: list[Plan], current: Plan | None) -> PlanPicker:
    """The picker over `plans` (active first), marking the office default. One query."""
    region_id = viewer.unit.region_id if getattr(viewer, "unit_id", None) else None
    default = (
        PlanChoice.objects.filter(region_id=region_id).values_list("plan_id", flat=True).first()
        if region_id
        else None
    )
    ordered = sorted(plans, key=lambda p: p.status != Plan.Status.ACTIVE)
    return PlanPicker(
        plans=ordered,
        current=current,
        office_default_id=default,
        can_set_default=current is not None and permissions.can_import_plan(viewer, current),
    )


def get_plan(*, viewer, pk) -> Plan:
    return permissions.get_plan_for_user(viewer, pk)


# --- Units of a task, as shown: a group stays one entry ---------------------------------------------


@dataclass
class UnitEntry:
    """One name in a task's unit list: a unit, or a group standing for its members."""

    unit: Unit
    members: list[Unit] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return bool(self.members)


def _entries(assignments: list[Assignment]) -> dict[str, list[UnitEntry]]:
    result: dict[str, list[UnitEntry]] = {role: [] for role in ROLES}
    groups: dict[tuple[str, int], UnitEntry] = {}
    for a in assignments:
        if a.via_group_id:
            key = (a.role, a.via_group_id)
            entry = groups.get(key)
            if entry is None:
                entry = groups[key] = UnitEntry(unit=a.via_group)
                result[a.role].append(entry)
            entry.members.append(a.unit)
        else:
            result[a.role].append(UnitEntry(unit=a.unit))
    return result


def _live_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(active=True)
        .select_related("unit", "via_group")
        .order_by("order", "id"),
        to_attr="live_assignments",
    )


def _decorate(task: Task) -> Task:
    entries = _entries(task.live_assignments)
    task.leads = entries[Assignment.Role.LEAD]
    task.cooperating = entries[Assignment.Role.COOPERATING]
    task.involved = entries[Assignment.Role.IMPLICIT]
    return task


@dataclass
class SectionView:
    section: Section | None
    tasks: list[Task]


@dataclass
class ChapterView:
    chapter: Chapter
    sections: list[SectionView]


@dataclass
class PlanOverview:
    plan: Plan
    chapters: list[ChapterView]
    targets: list[Target]
    qualitative_targets: list[Target]
    task_count: int
    children: list[Plan]
    revision_count: int


def plan_overview(*, viewer, plan: Plan) -> PlanOverview:
    """Chapters → sections → live tasks with their units, and the targets. Queries:
    chapters, sections, tasks, assignments (+units, groups), targets, child plans, revisions."""
    chapters = plan_chapters(viewer=viewer, plan=plan)
    tasks = list(
        Task.objects.filter(plan=plan, active=True)
        .prefetch_related(_live_assignments())
        .order_by("order", "id")
    )
    by_section: dict[int | None, list[Task]] = {}
    by_chapter_only: dict[int | None, list[Task]] = {}
    for task in tasks:
        _decorate(task)
        if task.section_id:
            by_section.setdefault(task.section_id, []).append(task)
        else:
            by_chapter_only.setdefault(task.chapter_id, []).append(task)
    views = []
    for chapter in chapters:
        sections = []
        if by_chapter_only.get(chapter.pk):
            sections.append(SectionView(section=None, tasks=by_chapter_only[chapter.pk]))
        sections += [
            SectionView(section=s, tasks=by_section.get(s.pk, [])) for s in chapter.sections.all()
        ]
        views.append(ChapterView(chapter=chapter, sections=sections))
    if by_chapter_only.get(None):
        views.append(
            ChapterView(
                chapter=None, sections=[SectionView(section=None, tasks=by_chapter_only[None])]
            )
        )
    targets = plan_targets(viewer=viewer, plan=plan)
    return PlanOverview(
        plan=plan,
        chapters=views,
        targets=[t for t in targets if not t.qualitative],
        qualitative_targets=[t for t in targets if t.qualitative],
        task_count=len(tasks),
        children=list(
            permissions.plans_visible_to(viewer).filter(parent=plan).select_related("region")
        ),
        revision_count=revision_count(viewer=viewer, plan=plan),
    )


def plan_tasks(*, viewer, plan: Plan) -> list[Task]:
    """Live tasks with section, chapter and units (the API and the workbook): 2 queries."""
    tasks = list(
        permissions.tasks_visible_to(viewer)
        .filter(plan=plan, active=True)
        .select_related("chapter", "section")
        .prefetch_related(_live_assignments())
        .order_by("order", "id")
    )
    return [_decorate(t) for t in tasks]


def plan_chapters(*, viewer, plan: Plan) -> list[Chapter]:
    """Chapters with their sections: 2 queries."""
    return list(
        Chapter.objects.filter(plan=plan)
        .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("order", "id")))
        .order_by("order", "id")
    )


def plan_targets(*, viewer, plan: Plan) -> list[Target]:
    """Targets in force, numeric and qualitative, in document order: 1 query."""
    return list(Target.objects.filter(plan=plan, active=True).order_by("order", "id"))


def get_task(*, viewer, pk) -> Task:
    """A task with its plan, outline, parent-plan task, child tasks and units."""
    try:
        task = (
            permissions.tasks_visible_to(viewer)
            .select_related(
                "plan",
                "plan__region",
                "plan__parent",
                "plan__coordinating_unit",
                "chapter",
                "section",
                "parent_task",
                "parent_task__plan",
            )
            .prefetch_related(
                _live_assignments(),
                Prefetch(
                    "child_tasks",
                    queryset=Task.objects.select_related("plan").order_by("plan_id", "order"),
                ),
            )
            .get(pk=pk)
        )
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    return _decorate(task)


def parent_plan_tasks(*, viewer, plan: Plan) -> list[Task]:
    """Tasks of the plan's parent plan, to link a task to (empty without a parent)."""
    if plan.parent_id is None:
        return []
    return list(
        permissions.tasks_visible_to(viewer)
        .filter(plan_id=plan.parent_id, active=True)
        .order_by("order")
    )


def parent_plan_choices(*, viewer, plan: Plan) -> list[Plan]:
    """Plans this one may name as its parent: any other plan."""
    return list(
        permissions.plans_visible_to(viewer)
        .exclude(pk=plan.pk)
        .select_related("region")
        .order_by("-id")
    )


# --- A unit's tasks ------------------------------------------------------------------------------------


@dataclass
class UnitTasks:
    unit: Unit
    lead: list[Assignment]
    cooperating: list[Assignment]
    involved: list[Assignment]


def get_unit(*, viewer, pk) -> Unit:
    if not permissions.can_view_plan(viewer):
        raise NotFound()
    try:
        return Unit.objects.select_related("region").get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def unit_tasks(*, viewer, unit: Unit) -> UnitTasks:
    """Live tasks of live plans the unit leads, cooperates on or is involved in: one query."""
    assignments = list(
        Assignment.objects.filter(
            unit=unit,
            active=True,
            task__active=True,
            task__plan__in=permissions.plans_visible_to(viewer),
        )
        .select_related("task", "task__plan", "task__section", "via_group")
        .order_by("-task__plan__issued_on", "task__plan_id", "task__order")
    )
    by_role: dict[str, list[Assignment]] = {role: [] for role in ROLES}
    for a in assignments:
        by_role[a.role].append(a)
    return UnitTasks(
        unit=unit,
        lead=by_role[Assignment.Role.LEAD],
        cooperating=by_role[Assignment.Role.COOPERATING],
        involved=by_role[Assignment.Role.IMPLICIT],
    )


# --- Responsibility matrix ---------------------------------------------------------------------------


@dataclass
class Matrix:
    plan: Plan
    sections: list[Section]
    kinds: list[tuple[str, str]]
    units: list[Unit]
    rows: list[tuple[Task, list[str]]]  # task, one role ("" when none) per unit column
    section_id: int | None
    kind: str


def matrix(*, viewer, plan: Plan, section_id: int | None = None, kind: str = "") -> Matrix:
    """Tasks × units with each unit's role. Queries: sections, tasks, assignments (+units)."""
    sections = list(
        Section.objects.filter(chapter__plan=plan, tasks__active=True)
        .distinct()
        .order_by("chapter__order", "order")
    )
    tasks_qs = (
        Task.objects.filter(plan=plan, active=True)
        .select_related("section")
        .order_by("order", "id")
    )
    if section_id:
        tasks_qs = tasks_qs.filter(section_id=section_id)
    tasks = list(tasks_qs.prefetch_related(_live_assignments()))
    units: dict[int, Unit] = {}
    kinds: dict[str, str] = {}
    for task in tasks:
        for a in task.live_assignments:
            kinds[a.unit.kind] = a.unit.get_kind_display()
            if not kind or a.unit.kind == kind:
                units.setdefault(a.unit_id, a.unit)
    columns = sorted(units.values(), key=lambda u: (KIND_ORDER.get(u.kind, 9), u.order, u.pk))
    index = {u.pk: i for i, u in enumerate(columns)}
    rows = []
    for task in tasks:
        cells = [""] * len(columns)
        for a in task.live_assignments:
            if a.unit_id in index:
                cells[index[a.unit_id]] = a.role
        rows.append((task, cells))
    kind_choices = sorted(kinds.items(), key=lambda kv: KIND_ORDER.get(kv[0], 9))
    return Matrix(
        plan=plan,
        sections=sections,
        kinds=kind_choices,
        units=columns,
        rows=rows,
        section_id=section_id,
        kind=kind,
    )


# --- Revisions and drafts --------------------------------------------------------------------------


def revision_count(*, viewer, plan: Plan) -> int:
    return PlanRevision.objects.filter(plan=plan).count()


def plan_revisions(*, viewer, plan: Plan) -> list[PlanRevision]:
    """The plan's revisions, newest first, with who imported them: one query."""
    return list(
        PlanRevision.objects.filter(plan=plan)
        .select_related("imported_by")
        .defer("parsed", "document")
        .order_by("-number")
    )


def get_draft_for_user(*, viewer, token) -> PlanImportDraft:
    """The user's own live draft, or NotFound alike for missing, expired and someone else's."""
    from luoshi.plans.services import DRAFT_LIFETIME

    try:
        return PlanImportDraft.objects.select_related("region", "plan").get(
            token=token, created_by=viewer, created_at__gte=timezone.now() - DRAFT_LIFETIME
        )
    except (PlanImportDraft.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def import_regions(*, viewer) -> list[Region]:
    """Places whose unit directory a plan may be imported into: those with units, the
    default city first."""
    return list(Region.objects.filter(units__isnull=False).distinct().order_by("id"))


def regions_named(name: str) -> list[Region]:
    """Places called `name` (full or short name), at most two: the command line refuses an
    ambiguous name."""
    found = list(Region.objects.filter(name=name).order_by("id")[:2])
    return found or list(Region.objects.filter(short_name=name).order_by("id")[:2])


def import_units(*, region) -> list[Unit]:
    """Units a name may be mapped to, or chosen as coordinating office, in the region."""
    return list(
        Unit.objects.filter(region=region, merged_into__isnull=True, active=True).order_by(
            "order", "id"
        )
    )


def import_name_rows(*, viewer, draft: PlanImportDraft) -> list:
    """The upload's unit names that need a decision, with suggestions and the choices so
    far (plans.resolution.NameRow): the directory's two queries, whatever the count."""
    from luoshi.org.resolver import Directory
    from luoshi.plans.resolution import name_rows

    return name_rows(draft=draft, directory=Directory(draft.region))


def unfinished_imports(*, viewer) -> list[PlanImportDraft]:
    """The viewer's uploads not imported yet, newest first (they wait DRAFT_LIFETIME)."""
    from luoshi.plans.services import DRAFT_LIFETIME

    if not getattr(viewer, "is_authenticated", False):
        return []
    return list(
        PlanImportDraft.objects.filter(
            created_by=viewer, created_at__gte=timezone.now() - DRAFT_LIFETIME
        )
        .defer("data")
        .select_related("plan")
        .order_by("-updated_at")
    )


def task_form_initial(*, task: Task) -> dict:
    """A task as its edit form starts: text, deadline, lead and cooperating unit ids."""
    rows = list(task.assignments.filter(active=True).order_by("order", "id"))
    return {
        "title": task.title,
        "text": task.text,
        "deadline_text": task.deadline_text,
        "lead": [a.unit_id for a in rows if a.role == Assignment.Role.LEAD],
        "cooperating": [a.unit_id for a in rows if a.role == Assignment.Role.COOPERATING],
    }


def plan_edits(*, viewer, plan: Plan) -> list:
    """Changes made to the plan's tasks by hand (not by importing a version), newest first,
    with who made them: one query."""
    from luoshi.core.models import AuditEvent
    from luoshi.plans.services.editing import EDIT_VERBS

    labels = {
        "title": _("task"),
        "text": _("text"),
        "deadline_text": _("deadline"),
        "lead_units": _("lead units"),
        "cooperating_units": _("cooperating units"),
        "active": _("in force"),
        "section": _("task group"),
        "number": _("number"),
    }
    verbs = {
        "task_edit": _("edited"),
        "task_add": _("added by hand"),
        "task_remove": _("removed"),
    }
    events = (
        AuditEvent.objects.filter(
            model="plans.task", verb__in=EDIT_VERBS, changes___extra__plan=plan.pk
        )
        .select_related("actor")
        .order_by("-at", "-id")[:200]
    )
    return [
        {
            "at": e.at,
            "actor": e.actor,
            "task": e.object_repr,
            "what": verbs.get(e.verb, e.verb),
            "fields": [str(labels[k]) for k in e.changes if k in labels],
        }
        for e in events
    ]
