"""Reading a parsed plan and the plan as stored: names, assignments, matching plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from luoshi.core.errors import PermissionDenied
from luoshi.core.roles import Role, role_of
from luoshi.org.models import Region, Unit
from luoshi.org.resolver import Directory
from luoshi.planparse.text import int_to_cn
from luoshi.plans import diff as plan_diff
from luoshi.plans import permissions, resolution
from luoshi.plans.models import (
    Assignment,
    Plan,
    PlanRevision,
)

ROLE_OF_KEY = {
    "lead_units": Assignment.Role.LEAD,
    "cooperating_units": Assignment.Role.COOPERATING,
    "implicit_units": Assignment.Role.IMPLICIT,
}
ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.COOPERATING: 1, Assignment.Role.IMPLICIT: 2}
DRAFT_LIFETIME = dt.timedelta(days=14)


# --- Reading the parsed document ----------------------------------------------------------------


def cn_numeral(n: int) -> str:
    return int_to_cn(n)


def section_titles(chapter: dict) -> list[str]:
    """Section titles of a chapter; the contract gives strings (dicts are accepted too)."""
    titles = []
    for item in chapter.get("sections") or []:
        title = item.get("title") if isinstance(item, dict) else item
        if title:
            titles.append(str(title))
    return titles


names_in = resolution.names_in


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def parse_decimal(value) -> Decimal | None:
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


def require_import(actor, plan: Plan | None) -> None:
    if actor is not None and not permissions.can_import_plan(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may import it."))


def find_existing_plan(region: Region, sha: str, parsed: dict) -> Plan | None:
    """The plan of this region the document is a version of, if any (see the module doc)."""
    revision = (
        PlanRevision.objects.filter(plan__region=region, sha256=sha)
        .defer("document", "parsed")
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
        "targets": plain_numbers(targets),
        "qualitative_targets": qualitative,
    }


def plain_numbers(targets: list[dict]) -> list[dict]:
    for target in targets:
        value = target.get("value")
        if isinstance(value, float) and value.is_integer():
            target["value"] = int(value)
    return targets


def is_unchanged(plan: Plan, sha: str, parsed: dict) -> bool:
    latest = plan.revisions.defer("document").order_by("-number").first()
    if latest is None:
        return False
    return latest.sha256 == sha or plan_diff.comparable(latest.parsed) == plan_diff.comparable(
        parsed, like=latest.parsed
    )


def parent_plan_for(reference: str, exclude: Plan | None = None) -> Plan | None:
    if not reference:
        return None
    qs = Plan.objects.filter(doc_number=reference)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("-id").first()
