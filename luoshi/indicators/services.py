"""Writes to indicators: definitions, values and their approval, the computed table, goals.

Every service checks permission, then state, writes, audits, in one transaction.
`actor=None` is the system itself (demo loader, commands).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from luoshi.indicators import formula as formulas
from luoshi.indicators import permissions, rollup
from luoshi.indicators.models import (
    DataElement,
    DataValue,
    Evidence,
    Goal,
    Indicator,
    IndicatorValue,
    MilestoneStep,
)
from luoshi.org.models import Region, Unit

State = DataValue.State

# ---------------------------------------------------------------------------
# Definitions


_ELEMENT_FIELDS = (
    "code",
    "name",
    "definition",
    "unit_of_measure",
    "aggregation",
    "value_type",
    "min_value",
    "max_value",
    "yoy_threshold",
    "supplying_unit",
    "coverage",
    "order",
    "active",
)
_INDICATOR_FIELDS = (
    "code",
    "name",
    "aliases",
    "definition",
    "formula",
    "unit_of_measure",
    "decimals",
    "direction",
    "order",
    "active",
)


def _require(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def _check_code(code: str, model, instance) -> None:
    if not formulas._CODE.match(code or ""):
        raise ValidationFailed(
            _(
                "The code must start with a lower-case letter and use only lower-case letters, digits and _."
            ),
            errors={"code": [_("Use lower-case letters, digits and _.")]},
        )
    clash = model.objects.filter(code=code)
    if instance is not None and instance.pk:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ValidationFailed(
            _("This code is already used."), errors={"code": [_("Already used.")]}
        )


@transaction.atomic
def element_save(*, actor, element: DataElement | None = None, **fields) -> DataElement:
    """Create (element=None) or change a data element."""
    _require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office defines data elements."),
    )
    unknown = set(fields) - set(_ELEMENT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    creating = element is None
    element = element or DataElement()
    before = None if creating else snapshot(element)
    for key, value in fields.items():
        setattr(element, key, value)
    _check_code(element.code, DataElement, element)
    if not (element.name or "").strip():
        raise ValidationFailed(
            _("A data element needs a name."), errors={"name": [_("This field is required.")]}
        )
    if (
        element.min_value is not None
        and element.max_value is not None
        and element.min_value > element.max_value
    ):
        raise ValidationFailed(
            _("The lowest allowed value is above the highest."),
            errors={"max_value": [_("Must not be below the lowest value.")]},
        )
    if (
        not creating
        and "code" in fields
        and before["code"] != element.code
        and element.indicators.exists()
    ):
        raise ValidationFailed(
            _("Formulas use this code; change the formulas first."),
            errors={"code": [_("Used in formulas.")]},
        )
    element.save()
    if creating:
        audit(actor=actor, action="create", obj=element)
    else:
        audit(actor=actor, action="update", obj=element, before=before, after=snapshot(element))
    return element


def parse_formula(text: str) -> formulas.Formula:
    """Parse a formula against the element codes that exist; errors as ValidationFailed."""
    known = DataElement.objects.values_list("code", flat=True)
    try:
        return formulas.parse(text, known=list(known))
    except formulas.FormulaError as exc:
        raise ValidationFailed(str(exc), errors={"formula": [str(exc)]}) from None


@transaction.atomic
def indicator_save(*, actor, indicator: Indicator | None = None, **fields) -> Indicator:
    """Create or change an indicator; its formula is checked and its values recomputed."""
    _require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office defines indicators."),
    )
    unknown = set(fields) - set(_INDICATOR_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    creating = indicator is None
    indicator = indicator or Indicator()
    before = None if creating else snapshot(indicator)
    for key, value in fields.items():
        setattr(indicator, key, value)
    _check_code(indicator.code, Indicator, indicator)
    if not (indicator.name or "").strip():
        raise ValidationFailed(
            _("An indicator needs a name."), errors={"name": [_("This field is required.")]}
        )
    parsed = parse_formula(indicator.formula)
    indicator.formula = parsed.source
    indicator.save()
    indicator.elements.set(DataElement.objects.filter(code__in=parsed.names))
    if creating:
        audit(actor=actor, action="create", obj=indicator)
    else:
        audit(actor=actor, action="update", obj=indicator, before=before, after=snapshot(indicator))
    for root in Region.objects.filter(kind=Region.Kind.CITY):
        indicator_values_refresh(region=root)
    return indicator


# ---------------------------------------------------------------------------
# Entering values


@dataclass
class ValueInput:
    """One cell as a person typed it. value=None clears a draft cell."""

    element: DataElement
    region: Region
    year: int
    value: Decimal | None
    quarter: int = 0
    status: str = DataValue.Status.PROVISIONAL
    source: str = ""
    note: str = ""
    version: int | None = None  # the version the person saw; None skips the concurrency check
    row: int | None = None  # spreadsheet row, for messages
    key: str = ""  # form field prefix, for messages
    demo: bool = False  # generated, not reported

    @property
    def label(self) -> str:
        period = str(self.year) + (f"Q{self.quarter}" if self.quarter else "")
        return f"{self.element.name} · {self.region.name} · {period}"


@dataclass
class RowError:
    row: int | None
    column: str
    message: str
    key: str = ""

    def __str__(self) -> str:
        if self.row is not None:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return self.message


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
    *, actor, unit: Unit, entries: Sequence[ValueInput], is_demo: bool = False
) -> SaveResult:
    """Save a batch of cells of one supplying unit. Every cell is checked first; any
    problem rejects the whole batch (RowsInvalid) and nothing is written."""
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
        _require(
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
                entered_by=_user(actor),
            )
            audit(actor=actor, action="create", obj=created)
            result.created += 1
        elif _changes(current, entry):
            before = snapshot(current)
            current.value = entry.value
            current.status = entry.status
            current.source = entry.source.strip()
            current.note = entry.note.strip()
            current.entered_by = _user(actor) or current.entered_by
            current.version += 1
            current.updated_at = now
            current.save()
            audit(actor=actor, action="update", obj=current, before=before, after=snapshot(current))
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


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
# Approval


def _lock_values(values: Iterable[DataValue]) -> list[DataValue]:
    ids = [v.pk for v in values]
    seen_versions = {v.pk: v.version for v in values}
    fresh = list(
        DataValue.objects.select_for_update()
        .select_related("element", "region")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(fresh) != len(set(ids)):
        raise NotFound(_("Some values no longer exist; reload the page."))
    for value in fresh:
        if value.version != seen_versions[value.pk]:
            raise Conflict(
                _("Someone changed %(value)s meanwhile; reload the page.")
                % {"value": value.element.name}
            )
    return fresh


def _transition(
    actor, value: DataValue, new_state: str, *, verb: str, extra=None, **stamps
) -> None:
    if new_state not in DataValue.TRANSITIONS[value.state]:
        raise ValidationFailed(
            _("A value that is %(state)s cannot become %(new)s.")
            % {"state": value.get_state_display(), "new": DataValue.State(new_state).label}
        )
    before = snapshot(value)
    value.state = new_state
    for key, stamp in stamps.items():
        setattr(value, key, stamp)
    value.version += 1
    value.save()
    audit(
        actor=actor,
        action="action",
        obj=value,
        before=before,
        after=snapshot(value),
        verb=verb,
        extra=extra,
    )


@transaction.atomic
def values_approve(*, actor, values: Sequence[DataValue]) -> int:
    """The supplying unit's approver approves draft values; they are locked from now on."""
    fresh = _lock_values(values)
    now = timezone.now()
    for value in fresh:
        _require(
            actor,
            permissions.can_approve_value(actor, value),
            _("Only the supplying unit's approver approves its values."),
        )
        _transition(
            actor, value, State.APPROVED, verb="approve", approved_by=_user(actor), approved_at=now
        )
    return len(fresh)


@transaction.atomic
def values_accept(*, actor, values: Sequence[DataValue]) -> int:
    """The coordinating office accepts approved values; the published figures are recomputed."""
    fresh = _lock_values(values)
    now = timezone.now()
    for value in fresh:
        _require(
            actor,
            permissions.can_accept_value(actor, value),
            _("Only the coordinating office accepts values."),
        )
        _transition(
            actor, value, State.ACCEPTED, verb="accept", accepted_by=_user(actor), accepted_at=now
        )
    _refresh_for(fresh)
    return len(fresh)


@transaction.atomic
def value_unlock(*, actor, value: DataValue, reason: str) -> DataValue:
    """Send an approved or accepted value back to draft; the reason is kept in the audit."""
    (fresh,) = _lock_values([value])
    _require(actor, permissions.can_unlock_value(actor, fresh), _("You may not unlock this value."))
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationFailed(
            _("Give the reason for unlocking."), errors={"reason": [_("Give a reason.")]}
        )
    was_accepted = fresh.state == State.ACCEPTED
    _transition(
        actor,
        fresh,
        State.DRAFT,
        verb="unlock",
        extra={"reason": reason, "from": value.state},
        approved_by=None,
        approved_at=None,
        accepted_by=None,
        accepted_at=None,
    )
    if was_accepted:
        _refresh_for([fresh])
    return fresh


def _refresh_for(values: Sequence[DataValue]) -> None:
    years = {v.year for v in values}
    region_ids = {v.region_id for v in values}
    roots = {root.pk: root for rid in region_ids if (root := _root_of(rid)) is not None}
    elements = {v.element_id for v in values}
    indicator_ids = set(
        Indicator.objects.filter(elements__in=elements).values_list("pk", flat=True)
    )
    for root in roots.values():
        indicator_values_refresh(region=root, years=years, indicator_ids=indicator_ids)


def _root_of(region_id: int) -> Region | None:
    """The city a place belongs to (the place itself for a city)."""
    region = Region.objects.select_related("parent", "parent__parent").get(pk=region_id)
    node = region
    while node is not None and node.kind not in (Region.Kind.CITY,):
        node = node.parent
    return node or region


# ---------------------------------------------------------------------------
# The computed table


def _subtree(root: Region) -> tuple[list[int], list[int], list[bool]]:
    """Places under root (root first) as ids, parent indexes and counted flags."""
    rows = list(Region.objects.values_list("pk", "parent_id", "counted_in_parent"))
    children: dict[int | None, list[tuple[int, bool]]] = defaultdict(list)
    for pk, parent_id, counted in rows:
        children[parent_id].append((pk, counted))
    ids, parents, counted_flags = [root.pk], [-1], [True]
    i = 0
    while i < len(ids):
        for child, counted in children.get(ids[i], []):
            ids.append(child)
            parents.append(i)
            counted_flags.append(counted or _parks_counted())
        i += 1
    return ids, parents, counted_flags


def _parks_counted() -> bool:
    """Settings switch: add parks into city sums even when they lie inside counties."""
    return bool(getattr(settings, "LUOSHI_INDICATORS_COUNT_PARKS_IN_CITY", False))


@transaction.atomic
def indicator_values_refresh(
    *,
    region: Region,
    years: Iterable[int] | None = None,
    indicator_ids: Iterable[int] | None = None,
) -> int:
    """Recompute IndicatorValue for a city and every place under it from accepted values.

    One query reads the values, numpy rolls them up and evaluates every formula, one
    bulk insert writes the result. Returns the number of rows written.
    """
    place_ids, parents, counted = _subtree(region)
    indicators = list(Indicator.objects.filter(active=True).order_by("pk"))
    if indicator_ids is not None:
        wanted = set(indicator_ids)
        indicators = [i for i in indicators if i.pk in wanted]
    if not indicators:
        return 0
    parsed = []
    for indicator in indicators:
        try:
            parsed.append(formulas.parse(indicator.formula))
        except formulas.FormulaError:
            parsed.append(formulas.parse("0"))
    elements = list(
        DataElement.objects.filter(code__in={n for p in parsed for n in p.names}).order_by("pk")
    )
    element_index = {e.code: i for i, e in enumerate(elements)}
    parsed = [
        p if all(n in element_index for n in p.names) else formulas.parse("0") for p in parsed
    ]
    accepted = DataValue.objects.filter(
        state=State.ACCEPTED, region_id__in=place_ids, element_id__in=[e.pk for e in elements]
    )
    stale = IndicatorValue.objects.filter(region_id__in=place_ids, indicator__in=indicators)
    if years is None:
        year_list = sorted(
            set(accepted.values_list("year", flat=True)) | set(stale.values_list("year", flat=True))
        )
    else:
        year_list = sorted(set(years))
    if not year_list:
        return 0
    rows = list(
        accepted.filter(year__in=year_list).values_list(
            "element_id",
            "region_id",
            "year",
            "quarter",
            "value",
            "status",
            "is_demo",
            "accepted_at",
        )
    )
    computed = compute(
        place_ids=place_ids,
        parents=parents,
        counted=counted,
        years=year_list,
        elements=[(e.pk, e.aggregation) for e in elements],
        element_index=element_index,
        parsed=parsed,
        rows=rows,
    )
    stale.filter(year__in=year_list).delete()
    out = []
    tz = dt.UTC
    for p, y, i in zip(*np.nonzero(computed.touched), strict=True):
        value = computed.values[p, y, i]
        missing_names = ""
        reason = ""
        if np.isnan(value):
            if computed.division_by_zero[p, y, i]:
                reason = IndicatorValue.Reason.DIVISION_BY_ZERO
            else:
                reason = IndicatorValue.Reason.MISSING
                missing_names = ",".join(
                    n
                    for n in parsed[i].names
                    if np.isnan(computed.element_values[p, y, element_index[n]])
                )
        stamp = computed.as_of[p, y, i]
        out.append(
            IndicatorValue(
                indicator_id=indicators[i].pk,
                region_id=place_ids[p],
                year=year_list[y],
                value=None if np.isnan(value) else float(value),
                reason=reason,
                missing=missing_names[:200],
                rolled_up=bool(computed.rolled_up[p, y, i]),
                complete=bool(computed.complete[p, y, i]),
                provisional=bool(computed.provisional[p, y, i]),
                is_demo=bool(computed.demo[p, y, i]),
                as_of=None if np.isnan(stamp) else dt.datetime.fromtimestamp(float(stamp), tz=tz),
            )
        )
    IndicatorValue.objects.bulk_create(out, batch_size=2000)
    return len(out)


@dataclass
class Computed(rollup.IndicatorArrays):
    element_values: np.ndarray = None  # type: ignore[assignment]


def compute(
    *,
    place_ids: Sequence[int],
    parents: Sequence[int],
    counted: Sequence[bool],
    years: Sequence[int],
    elements: Sequence[tuple[int, str]],
    element_index: dict[str, int],
    parsed: Sequence[formulas.Formula],
    rows: Iterable[tuple],
) -> Computed:
    """Arrays from value rows (element_id, region_id, year, quarter, value, status, is_demo,
    accepted_at), rolled up and evaluated. Pure: no database."""
    p_of = {pk: i for i, pk in enumerate(place_ids)}
    y_of = {y: i for i, y in enumerate(years)}
    e_of = {pk: i for i, (pk, _agg) in enumerate(elements)}
    shape = (len(place_ids), len(years), len(elements))
    annual = np.full(shape, np.nan)
    quarters = np.full(shape + (4,), np.nan)
    provisional = np.zeros(shape, dtype=bool)
    demo = np.zeros(shape, dtype=bool)
    as_of = np.full(shape, np.nan)
    for element_id, region_id, year, quarter, value, status, is_demo, accepted_at in rows:
        p, y, e = p_of.get(region_id), y_of.get(year), e_of.get(element_id)
        if p is None or y is None or e is None:
            continue
        if quarter:
            quarters[p, y, e, quarter - 1] = float(value)
        else:
            annual[p, y, e] = float(value)
        if status == DataValue.Status.PROVISIONAL:
            provisional[p, y, e] = True
        if is_demo:
            demo[p, y, e] = True
        if accepted_at is not None:
            stamp = accepted_at.timestamp()
            as_of[p, y, e] = stamp if np.isnan(as_of[p, y, e]) else max(as_of[p, y, e], stamp)
    aggregation = [agg for _pk, agg in elements]
    annual, partial = rollup.annual_from_quarters(annual, quarters, aggregation)
    provisional |= partial
    tree = rollup.Tree.build(parents, counted)
    rolled = rollup.rollup(
        annual, tree, aggregation, provisional=provisional, demo=demo, as_of=as_of
    )
    arrays = rollup.evaluate_indicators(rolled, element_index, parsed)
    return Computed(**arrays.__dict__, element_values=rolled.values)


# ---------------------------------------------------------------------------
# Goals


def _milestone_pattern() -> str:
    """Qualitative targets that name a verifiable approval ("成功创建国家高新技术产业开发区")
    become milestones; vaguer ones ("深度融合") stay with task supervision."""
    return getattr(settings, "LUOSHI_INDICATORS_MILESTONE_PATTERN", r"(创建|获批|升级为?|批复)国家")


def _name_key(name: str) -> str:
    return "".join((name or "").split()).lower()


@transaction.atomic
def goals_link_plan(
    *, actor, plan, baseline_year: int | None = None, is_demo: bool = False
) -> list[Goal]:
    """Link each target of `plan` to the indicator of the same name (or alias); a
    qualitative target becomes a milestone. Targets already linked are left alone."""
    _require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office links targets."),
    )
    by_name: dict[str, Indicator] = {}
    for indicator in Indicator.objects.filter(active=True):
        for name in [indicator.name, *indicator.alias_list]:
            by_name.setdefault(_name_key(name), indicator)
    if baseline_year is None:
        baseline_year = (plan.issued_on.year - 1) if plan.issued_on else None
    made: list[Goal] = []
    for order, target in enumerate(plan.targets.filter(active=True).order_by("order", "id")):
        if Goal.objects.filter(target=target).exists():
            continue
        if target.qualitative:
            if not re.search(_milestone_pattern(), target.text or ""):
                continue
            goal = Goal.objects.create(
                plan=plan,
                target=target,
                region=plan.region,
                name=target.text or target.indicator_name,
                kind=Goal.Kind.MILESTONE,
                target_year=target.year,
                responsible_unit=plan.coordinating_unit,
                order=order,
                is_demo=is_demo,
            )
        else:
            indicator = by_name.get(_name_key(target.indicator_name))
            if indicator is None:
                continue
            goal = Goal.objects.create(
                plan=plan,
                target=target,
                region=plan.region,
                name=target.indicator_name or target.text,
                kind=Goal.Kind.NUMERIC,
                indicator=indicator,
                comparator=target.comparator or Goal.Comparator.GE,
                baseline_year=baseline_year,
                baseline_value=_computed_value(indicator, plan.region, baseline_year),
                target_year=target.year,
                target_value=target.value,
                responsible_unit=plan.coordinating_unit,
                order=order,
                is_demo=is_demo,
            )
        audit(actor=actor, action="create", obj=goal, verb="link_target")
        made.append(goal)
    return made


def _computed_value(indicator: Indicator, region: Region, year: int | None) -> Decimal | None:
    if year is None:
        return None
    row = IndicatorValue.objects.filter(indicator=indicator, region=region, year=year).first()
    if row is None or row.value is None:
        return None
    return Decimal(str(round(row.value, 4)))


_GOAL_FIELDS = (
    "name",
    "indicator",
    "comparator",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "responsible_unit",
    "order",
)


@transaction.atomic
def goal_update(*, actor, goal: Goal, **fields) -> Goal:
    _require(
        actor,
        permissions.can_manage_definitions(actor),
        _("Only the coordinating office changes targets."),
    )
    unknown = set(fields) - set(_GOAL_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    before = snapshot(goal)
    for key, value in fields.items():
        setattr(goal, key, value)
    if goal.kind == Goal.Kind.NUMERIC:
        errors = {}
        if goal.indicator_id is None:
            errors["indicator"] = [_("Choose the indicator.")]
        if goal.target_value is None:
            errors["target_value"] = [_("This field is required.")]
        if goal.target_year is None:
            errors["target_year"] = [_("This field is required.")]
        if goal.baseline_year and goal.target_year and goal.baseline_year >= goal.target_year:
            errors["baseline_year"] = [_("The baseline year must come before the target year.")]
        if errors:
            raise ValidationFailed(_("Please correct the target."), errors=errors)
    goal.save()
    audit(actor=actor, action="update", obj=goal, before=before, after=snapshot(goal))
    return goal


@transaction.atomic
def milestone_step_save(
    *,
    actor,
    goal: Goal,
    step: MilestoneStep | None = None,
    title: str,
    due_on: dt.date | None = None,
    done_on: dt.date | None = None,
    note: str = "",
    order: int | None = None,
    is_demo: bool = False,
) -> MilestoneStep:
    _require(
        actor,
        permissions.can_update_milestone(actor, goal),
        _("You may not update this milestone."),
    )
    if goal.kind != Goal.Kind.MILESTONE:
        raise ValidationFailed(_("Only milestones have steps."))
    if not (title or "").strip():
        raise ValidationFailed(
            _("A step needs a title."), errors={"title": [_("This field is required.")]}
        )
    if done_on and done_on > timezone.localdate():
        raise ValidationFailed(
            _("A step cannot be done in the future."), errors={"done_on": [_("Not in the future.")]}
        )
    creating = step is None
    if step is not None and step.goal_id != goal.pk:
        raise NotFound()
    step = step or MilestoneStep(goal=goal, is_demo=is_demo)
    before = None if creating else snapshot(step)
    step.title, step.due_on, step.done_on, step.note = (
        title.strip(),
        due_on,
        done_on,
        (note or "").strip(),
    )
    if order is not None:
        step.order = order
    elif creating:
        step.order = goal.steps.count()
    step.save()
    if creating:
        audit(actor=actor, action="create", obj=step)
    else:
        audit(actor=actor, action="update", obj=step, before=before, after=snapshot(step))
    return step


EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def evidence_add(*, actor, step: MilestoneStep, upload) -> Evidence:
    """Attach a file to a milestone step. The content (not the name) must be PDF, an
    image or an Office document."""
    import filetype

    _require(
        actor,
        permissions.can_update_milestone(actor, step.goal),
        _("You may not update this milestone."),
    )
    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationFailed(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
            errors={"file": [_("Too large.")]},
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in EVIDENCE_TYPES:
        raise ValidationFailed(
            _("Only PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx) files are accepted."),
            errors={"file": [_("Unsupported file type.")]},
        )
    evidence = Evidence(
        step=step,
        original_name=(upload.name or "evidence")[:255],
        content_type=EVIDENCE_TYPES[kind.extension],
        size=upload.size,
        uploaded_by=_user(actor),
    )
    evidence.file.save(f"evidence.{kind.extension}", upload, save=False)
    evidence.save()
    audit(actor=actor, action="create", obj=evidence)
    return evidence


# ---------------------------------------------------------------------------
# Spreadsheet upload


@transaction.atomic
def values_upload(*, actor, unit: Unit, year: int, upload) -> SaveResult:
    """Save the values of a filled-in template. Any bad row rejects the whole file."""
    from luoshi.indicators import excel

    elements = list(DataElement.objects.filter(supplying_unit=unit, active=True))
    for element in elements[:1]:
        _require(
            actor,
            permissions.can_enter_element(actor, element),
            _("Only the supplying unit enters these values."),
        )
    if not elements:
        raise ValidationFailed(_("Your unit supplies no data elements."))
    places = entry_places(unit)
    entries, problems = excel.read_template(upload, elements=elements, places=places, year=year)
    if problems:
        raise RowsInvalid(problems)
    return values_save(actor=actor, unit=unit, entries=entries)


def decimal_or_none(text) -> Decimal | None:
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        return Decimal(str(text))
    text = str(text).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value
