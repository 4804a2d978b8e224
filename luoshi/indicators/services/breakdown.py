"""Yearly targets and their breakdown to counties and parks (分解下达): entered on the
target's page or imported from the workbook luoshi generates (indicators/breakdown_excel.py).
All or nothing: one wrong cell and nothing is saved, with a message per problem."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.indicators import permissions
from luoshi.indicators.inputs import RowError, YearlyTargetInput
from luoshi.indicators.models import Goal, YearlyTarget
from luoshi.indicators.services.common import require
from luoshi.indicators.services.values import RowsInvalid, SaveResult
from luoshi.org.models import Region

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _check(entry: YearlyTargetInput, places: dict[int, set[int]]) -> str | None:
    goal = entry.goal
    if goal.kind != Goal.Kind.NUMERIC:
        return _("A milestone target has no yearly figures to break down.")
    if entry.region.pk not in places[goal.pk]:
        return _("%(place)s is neither the target's place nor a place under it.") % {
            "place": entry.region.name
        }
    if not FIRST_YEAR <= entry.year <= LAST_YEAR:
        return _("%(year)s is not a plausible year.") % {"year": entry.year}
    if goal.target_year and entry.year > goal.target_year:
        return _("%(year)s is after the target year %(target_year)s.") % {
            "year": entry.year,
            "target_year": goal.target_year,
        }
    if entry.value is not None and entry.value < 0:
        return _("A yearly target cannot be negative.")
    if entry.value is not None and abs(entry.value) >= Decimal("1e16"):
        return _("The number is too large.")
    return None


@transaction.atomic
def yearly_targets_save(*, actor, entries: list[YearlyTargetInput]) -> SaveResult:
    """Set, change or clear yearly targets. Only the office of the targets' region may."""
    goals = {e.goal.pk: e.goal for e in entries}
    for goal in goals.values():
        require(
            actor,
            permissions.can_break_down(actor, goal),
            _("Only the coordinating office sets yearly targets."),
        )
    places = {
        pk: {
            goal.region_id,
            *Region.objects.filter(parent_id=goal.region_id).values_list("pk", flat=True),
        }
        for pk, goal in goals.items()
    }
    problems = []
    for entry in entries:
        message = _check(entry, places)
        if message:
            problems.append(RowError(entry.row, _("Yearly target"), message, key=entry.key))
    if problems:
        raise RowsInvalid(problems)
    existing = {
        (t.goal_id, t.region_id, t.year): t
        for t in YearlyTarget.objects.filter(goal_id__in=list(goals))
    }
    result = SaveResult()
    who = actor_or_none(actor)
    for entry in entries:
        key = (entry.goal.pk, entry.region.pk, entry.year)
        current = existing.get(key)
        if entry.value is None:
            if current is not None:
                audit(actor=actor, action="delete", obj=current, before=snapshot(current))
                current.delete()
                existing.pop(key)
                result.deleted += 1
            continue
        if current is None:
            current = YearlyTarget.objects.create(
                goal=entry.goal,
                region=entry.region,
                year=entry.year,
                value=entry.value,
                note=entry.note[:200],
                is_demo=entry.demo,
                updated_by=who,
            )
            existing[key] = current
            audit(actor=actor, action="create", obj=current, verb="break_down")
            result.created += 1
            continue
        if current.value == entry.value and current.note == entry.note[:200]:
            result.unchanged += 1
            continue
        before = snapshot(current)
        current.value, current.note, current.updated_by = entry.value, entry.note[:200], who
        current.is_demo = entry.demo
        current.save()
        audit(actor=actor, action="update", obj=current, before=before, after=snapshot(current))
        result.updated += 1
    return result


@transaction.atomic
def yearly_targets_import(*, actor, plan, upload) -> SaveResult:
    """Read the breakdown workbook of `plan` and save every cell it fills or clears."""
    from luoshi.indicators import breakdown_excel
    from luoshi.indicators.selectors.common import places_of

    require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office sets yearly targets."),
    )
    goals = list(Goal.objects.filter(plan=plan, kind=Goal.Kind.NUMERIC).select_related("indicator"))
    entries, problems = breakdown_excel.read_workbook(
        upload, goals=goals, places=places_of(plan.region)
    )
    if problems:
        raise RowsInvalid(problems)
    return yearly_targets_save(actor=actor, entries=entries)
