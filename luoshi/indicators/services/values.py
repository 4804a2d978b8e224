"""Entering values: one batch of cells at a time, from the form or the spreadsheet (their
approval: services/approval.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.indicators import formula as formulas
from luoshi.indicators import permissions
from luoshi.indicators.inputs import RowError, ValueInput
from luoshi.indicators.models import DataElement, DataValue, Indicator
from luoshi.indicators.services.common import require
from luoshi.indicators.services.computed import refresh_for
from luoshi.org.models import Region, Unit

State = DataValue.State

# ---------------------------------------------------------------------------
# Entering values


class RowsInvalid(ValidationFailed):
    """Some rows are wrong; nothing was saved. `rows` lists every problem."""

    def __init__(self, rows: list[RowError]):
        self.rows = rows
        errors: dict[str, list[str]] = defaultdict(list)
        for err in rows:
            errors[err.key or f"row-{err.row}"].append(str(err))
        super().__init__(
            _("%(count)d problem(s) found; nothing was saved.") % {"count": len(rows)},
            errors=dict(errors),
        )


@dataclass
class SaveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)


def entry_places(unit: Unit) -> list[Region]:
    """The places a unit enters figures for: its directory's city, then the places under it."""
    city = unit.region
    return [city, *Region.objects.filter(parent=city).order_by("order", "id")]


def _places_allowed(element: DataElement, places: Sequence[Region]) -> set[int]:
    if element.coverage == DataElement.Coverage.CITY:
        return {places[0].pk} if places else set()
    return {p.pk for p in places}


def _column(name: str) -> str:
    return {
        "value": _("Value"),
        "note": _("Note / explanation"),
        "status": _("Status"),
        "place": _("Place"),
        "element": _("Data element"),
        "year": _("Year"),
    }[name]


def _pct(change: float) -> str:
    return f"{change:+.1f}%"


@transaction.atomic
def values_save(
    *,
    actor,
    unit: Unit,
    entries: Sequence[ValueInput],
    is_demo: bool = False,
    check_only: bool = False,
) -> SaveResult:
    """Save a batch of cells of one supplying unit. Every cell is checked first; any
    problem rejects the whole batch (RowsInvalid) and nothing is written. `check_only`
    stops after the checks."""
    result = SaveResult()
    if not entries:
        return result
    places = entry_places(unit)
    problems: list[RowError] = []
    conflicts: list[str] = []

    def bad(entry: ValueInput, column: str, message: str) -> None:
        problems.append(RowError(entry.row, _column(column), message, key=entry.key))

    for entry in entries:
        if entry.element.supplying_unit_id != unit.pk:
            raise PermissionDenied(
                _("%(unit)s does not supply “%(element)s”.")
                % {"unit": unit, "element": entry.element}
            )
        require(
            actor,
            permissions.can_enter_element(actor, entry.element),
            _("Only the supplying unit enters values for “%(element)s”.")
            % {"element": entry.element},
        )

    element_ids = {e.element.pk for e in entries}
    years = {e.year for e in entries}
    existing = {
        (v.element_id, v.region_id, v.year, v.quarter): v
        for v in DataValue.objects.select_for_update().filter(
            element_id__in=element_ids, year__in=years | {y - 1 for y in years}
        )
    }
    batch = {(e.element.pk, e.region.pk, e.year, e.quarter): e for e in entries}

    for entry in entries:
        element, value = entry.element, entry.value
        cell = (element.pk, entry.region.pk, entry.year, entry.quarter)
        current = existing.get(cell)
        if entry.region.pk not in _places_allowed(element, places):
            bad(
                entry,
                "place",
                _("“%(element)s” is not collected for %(place)s.")
                % {"element": element, "place": entry.region},
            )
            continue
        if not 1990 <= entry.year <= 2100:
            bad(entry, "year", _("The year must be between 1990 and 2100."))
            continue
        if entry.quarter not in (0, 1, 2, 3, 4):
            bad(entry, "year", _("The quarter must be 1 to 4 (0 for the whole year)."))
            continue
        if entry.status not in DataValue.Status.values:
            bad(entry, "status", _("Unknown status; use provisional or final."))
            continue
        if current is not None and entry.version is not None and current.version != entry.version:
            conflicts.append(entry.label)
            continue
        if current is not None and current.locked and _changes(current, entry):
            bad(
                entry,
                "value",
                _("This value is %(state)s and locked; ask for it to be unlocked first.")
                % {"state": current.get_state_display()},
            )
            continue
        if value is None:
            continue
        if value.normalize().as_tuple().exponent < -4 or abs(value) >= Decimal("1e16"):
            bad(entry, "value", _("Enter a number below 10^16 with at most 4 decimals."))
            continue
        if (
            element.value_type == DataElement.ValueType.INTEGER
            and value != value.to_integral_value()
        ):
            bad(entry, "value", _("Enter a whole number."))
            continue
        if element.min_value is not None and value < element.min_value:
            bad(
                entry,
                "value",
                _("The value is below the lowest allowed, %(min)s.")
                % {"min": _plain(element.min_value)},
            )
            continue
        if element.max_value is not None and value > element.max_value:
            bad(
                entry,
                "value",
                _("The value is above the highest allowed, %(max)s.")
                % {"max": _plain(element.max_value)},
            )
            continue
        if element.yoy_threshold is not None and not entry.note.strip() and entry.quarter == 0:
            prev_key = (element.pk, entry.region.pk, entry.year - 1, 0)
            prev_entry = batch.get(prev_key)
            prev = (
                prev_entry.value
                if prev_entry is not None
                else getattr(existing.get(prev_key), "value", None)
            )
            if prev not in (None, 0):
                change = float((value - prev) / abs(prev) * 100)
                if abs(change) > float(element.yoy_threshold):
                    bad(
                        entry,
                        "note",
                        _(
                            "A change of %(change)s on %(year)s (%(prev)s → %(value)s) is more than "
                            "%(limit)s%%: explain it in the note."
                        )
                        % {
                            "change": _pct(change),
                            "year": entry.year - 1,
                            "prev": _plain(prev),
                            "value": _plain(value),
                            "limit": _plain(element.yoy_threshold),
                        },
                    )

    if conflicts:
        raise Conflict(
            _(
                "Someone changed these values since you opened them; reload and enter again: %(cells)s"
            )
            % {"cells": "；".join(conflicts)}
        )
    problems.extend(_ratio_problems(unit, entries, result))
    if problems:
        raise RowsInvalid(problems)
    if check_only:
        return result

    now = timezone.now()
    for entry in entries:
        cell = (entry.element.pk, entry.region.pk, entry.year, entry.quarter)
        current = existing.get(cell)
        if entry.value is None:
            if current is not None and not current.locked:
                before = snapshot(current)
                current.delete()
                audit(actor=actor, action="delete", obj=current, before=before)
                result.deleted += 1
            continue
        if current is None:
            created = DataValue.objects.create(
                element=entry.element,
                region=entry.region,
                year=entry.year,
                quarter=entry.quarter,
                value=entry.value,
                status=entry.status,
                source=entry.source.strip(),
                note=entry.note.strip(),
                is_demo=is_demo or entry.demo,
                entered_by=actor_or_none(actor),
            )
            audit(actor=actor, action="create", obj=created)
            result.created += 1
        elif _changes(current, entry):
            before = snapshot(current)
            current.value = entry.value
            current.status = entry.status
            current.source = entry.source.strip()
            current.note = entry.note.strip()
            current.entered_by = actor_or_none(actor) or current.entered_by
            current.version += 1
            current.updated_at = now
            current.save()
            audit(actor=actor, action="update", obj=current, before=before, after=snapshot(current))
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _plain(value) -> str:
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text


def _changes(current: DataValue, entry: ValueInput) -> bool:
    if entry.value is None:
        return True
    return (
        current.value != entry.value
        or current.status != entry.status
        or current.source != entry.source.strip()
        or current.note != entry.note.strip()
    )


def _ratio_problems(
    unit: Unit, entries: Sequence[ValueInput], result: SaveResult
) -> list[RowError]:
    """A ratio needs both parts for the same place and year. A missing part this unit
    supplies is an error; one another unit supplies is a warning."""
    element_ids = {e.element.pk for e in entries if e.value is not None}
    ratios = []
    for indicator in (
        Indicator.objects.filter(active=True, elements__in=element_ids)
        .distinct()
        .prefetch_related("elements", "elements__supplying_unit")
    ):
        try:
            parsed = formulas.parse(indicator.formula)
        except formulas.FormulaError:
            continue
        if parsed.is_ratio:
            ratios.append((indicator, list(indicator.elements.all())))
    if not ratios:
        return []
    part_ids = {part.pk for _i, parts in ratios for part in parts}
    years = {e.year for e in entries}
    present: dict[tuple[int, int, int, int], bool] = dict.fromkeys(
        DataValue.objects.filter(element_id__in=part_ids, year__in=years).values_list(
            "element_id", "region_id", "year", "quarter"
        ),
        True,
    )
    for entry in entries:
        present[(entry.element.pk, entry.region.pk, entry.year, entry.quarter)] = (
            entry.value is not None
        )
    places = entry_places(unit)
    counted_children = [p.pk for p in places[1:] if p.counted_in_parent]

    def has(part: DataElement, region_id: int, year: int, quarter: int) -> bool:
        if present.get((part.pk, region_id, year, quarter)):
            return True
        # The city's figure may come from its counties' figures.
        return (
            region_id == places[0].pk
            and part.additive
            and any(present.get((part.pk, child, year, quarter)) for child in counted_children)
        )

    problems: list[RowError] = []
    seen: set[tuple] = set()
    for indicator, parts in ratios:
        for entry in entries:
            if entry.value is None or entry.element.pk not in {p.pk for p in parts}:
                continue
            for part in parts:
                if part.pk == entry.element.pk or has(
                    part, entry.region.pk, entry.year, entry.quarter
                ):
                    continue
                if (indicator.pk, part.pk, entry.region.pk, entry.year, entry.quarter) in seen:
                    continue
                seen.add((indicator.pk, part.pk, entry.region.pk, entry.year, entry.quarter))
                params = {
                    "indicator": indicator.name,
                    "part": part.name,
                    "place": entry.region.name,
                    "year": entry.year,
                    "unit": part.supplying_unit,
                }
                if part.supplying_unit_id == unit.pk:
                    problems.append(
                        RowError(
                            entry.row,
                            _column("value"),
                            _(
                                "%(indicator)s needs both its parts: enter %(part)s for %(place)s %(year)s too."
                            )
                            % params,
                            key=entry.key,
                        )
                    )
                else:
                    result.warnings.append(
                        _(
                            "%(indicator)s for %(place)s %(year)s also needs %(part)s, which %(unit)s has not entered yet."
                        )
                        % params
                    )
    return problems


# ---------------------------------------------------------------------------
# Spreadsheet upload


@transaction.atomic
def values_upload(*, actor, unit: Unit, year: int, upload) -> SaveResult:
    """Save the values of a filled-in template. Any bad row rejects the whole file."""
    from luoshi.indicators import excel

    elements = list(DataElement.objects.filter(supplying_unit=unit, active=True))
    if not elements:
        raise ValidationFailed(_("Your unit supplies no data elements."))
    # Every element here has the same supplying unit, so one check answers for all.
    require(
        actor,
        permissions.can_enter_element(actor, elements[0]),
        _("Only the supplying unit enters these values."),
    )
    places = entry_places(unit)
    entries, problems = excel.read_template(upload, elements=elements, places=places, year=year)
    if problems:
        # Check the readable rows too, so the person sees every problem at once.
        try:
            values_save(actor=actor, unit=unit, entries=entries, check_only=True)
        except RowsInvalid as exc:
            problems = sorted([*problems, *exc.rows], key=lambda p: (p.row or 0, p.column))
        raise RowsInvalid(problems)
    return values_save(actor=actor, unit=unit, entries=entries)


@transaction.atomic
def values_import(
    *, actor, unit: Unit, entries: Sequence[ValueInput], is_demo: bool = False
) -> int:
    """Load already-verified figures (a statistical yearbook's series) straight into the
    accepted state. Only the coordinating office (or the system) may; the cells must be
    empty; every row passes the same checks as entry and is audited."""
    require(
        actor,
        permissions.can_accept_values(actor),
        _("Only the coordinating office imports accepted figures."),
    )
    values_save(actor=None, unit=unit, entries=entries, check_only=True)
    taken = DataValue.objects.filter(
        element_id__in={e.element.pk for e in entries},
        region_id__in={e.region.pk for e in entries},
        year__in={e.year for e in entries},
    ).values_list("element_id", "region_id", "year", "quarter")
    wanted = {(e.element.pk, e.region.pk, e.year, e.quarter) for e in entries}
    if wanted & set(taken):
        raise ValidationFailed(
            _("Some of these cells already have values; import only fills empty cells.")
        )
    now = timezone.now()
    user = actor_or_none(actor)
    created = DataValue.objects.bulk_create(
        [
            DataValue(
                element=e.element,
                region=e.region,
                year=e.year,
                quarter=e.quarter,
                value=e.value,
                status=e.status,
                source=e.source.strip(),
                note=e.note.strip(),
                is_demo=is_demo or e.demo,
                state=State.ACCEPTED,
                entered_by=user,
                approved_by=user,
                approved_at=now,
                accepted_by=user,
                accepted_at=now,
            )
            for e in entries
            if e.value is not None
        ],
        batch_size=1000,
    )
    # bulk_create returns primary keys on PostgreSQL and SQLite ≥ 3.35.
    for value in created:
        audit(actor=actor, action="create", obj=value, verb="import")
    refresh_for(created)
    return len(created)
