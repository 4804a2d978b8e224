"""Reads for the yearly assessment: the rules of a year, every unit's calculation (live while
the rules are a draft, frozen once published), objections and items. A fixed number of
queries whatever the number of units, periods or reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from luoshi.assessment import calculation, permissions
from luoshi.assessment.models import Adjustment, Criterion, Group, Objection, Result, Scheme
from luoshi.core.errors import NotFound
from luoshi.indicators import selectors as indicators
from luoshi.org.models import Unit
from luoshi.plans import permissions as plan_permissions
from luoshi.plans.models import Plan
from luoshi.supervision.selectors import assessment as process


def rules_of(scheme: Scheme, criteria: list[Criterion] | None = None) -> calculation.Rules:
    """The scheme's rules as the calculation takes them (criteria: 1 query when not given)."""
    if criteria is None:
        criteria = list(scheme.criteria.select_related("goal").order_by("group", "order", "id"))
    weights: dict[str, list[calculation.Weight]] = {g: [] for g in Group.values}
    for c in criteria:
        weights[c.group].append(
            calculation.Weight(
                measure=c.measure,
                weight=float(c.weight),
                goal_id=c.goal_id,
                goal_name=c.goal.name if c.goal_id else "",
            )
        )
    return calculation.Rules(
        weights=weights,
        notice_deduction=float(scheme.notice_deduction),
        bonus_cap=float(scheme.bonus_cap),
        deduction_cap=float(scheme.deduction_cap),
        excluded=frozenset(scheme.excluded_categories or []),
    )


@dataclass
class Computed:
    lines: list[calculation.Line]
    excluded: list[Unit] = field(default_factory=list)
    periods: list = field(default_factory=list)


def _name(unit: Unit) -> str:
    return unit.short_name or unit.name


def compute(scheme: Scheme, rules: calculation.Rules, *, today: dt.date) -> Computed:
    """Every assessed unit's calculation from today's data. Queries: the process figures (7),
    the places' figures against their yearly targets (3), bonus and deduction items (1)."""
    data = process.process_figures(plan=scheme.plan, year=scheme.year, today=today)
    units: dict[int, Unit] = data["units"]
    assessed = {
        uid: u for uid, u in units.items() if u.category not in rules.excluded and not u.is_group
    }
    excluded = sorted(
        (u for uid, u in units.items() if uid not in assessed), key=lambda u: (u.order, u.pk)
    )
    shares = indicators.place_results(
        plan=scheme.plan,
        year=scheme.year,
        place_ids=[u.place_id for u in assessed.values() if u.place_id],
    )
    items: dict[int, list[dict]] = {}
    for a in Adjustment.objects.filter(scheme=scheme).order_by("created_at", "id"):
        items.setdefault(a.unit_id, []).append(
            {
                "id": a.pk,
                "kind": a.kind,
                "points": float(a.points),
                "reason": a.reason,
                "demo": a.is_demo,
            }
        )
    lines = []
    for uid, unit in assessed.items():
        unit_shares = [
            (goal.pk, goal.name, result) for goal, result in shares.get(unit.place_id, [])
        ]
        lines.append(
            calculation.calculate(
                unit_id=uid,
                unit_name=_name(unit),
                group=calculation.group_of(unit.category),
                rules=rules,
                counts=data["counts"][uid],
                shares=unit_shares,
                adjustments=items.get(uid, []),
            )
        )
    return Computed(calculation.rank(lines), excluded, data["periods"])


def frozen(scheme: Scheme) -> list[calculation.Line]:
    """The results as published (review) or locked (final): 1 query."""
    rows = Result.objects.filter(scheme=scheme).order_by("group", "rank", "unit_id")
    lines = [calculation.Line.from_json(r.calculation) for r in rows]
    return calculation.rank(lines)


@dataclass
class GroupView:
    group: str
    label: str
    formula: str
    lines: list[calculation.Line]
    weights: list[calculation.Weight] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        from luoshi.assessment.models import Measure

        return [
            f"{Measure(w.measure).label}" + (f"·{w.goal_name}" if w.goal_name else "")
            for w in self.weights
        ]

    @property
    def colspan(self) -> int:
        return len(self.weights) + 6


def _groups(rules, lines) -> list[GroupView]:
    return [
        GroupView(
            group=g,
            label=str(Group(g).label),
            formula=calculation.formula_text(rules, g),
            lines=[ln for ln in lines if ln.group == g],
            weights=rules.weights.get(g, []),
        )
        for g in Group.values
    ]


def assessment_page(*, viewer, scheme: Scheme, today: dt.date | None = None) -> dict[str, Any]:
    """The year's assessment as the viewer may see it: every list with its formula and each
    unit's calculation (all of them for the office and leaders; a unit's own, or every unit's
    once final, for the units). Queries: criteria (1), the lines (11 live, 1 frozen),
    objections (1), items (1)."""
    if not permissions.can_view_scheme(viewer, scheme):
        raise NotFound()
    today = today or timezone.localdate()
    criteria = list(scheme.criteria.select_related("goal").order_by("group", "order", "id"))
    rules = rules_of(scheme, criteria)
    excluded: list[Unit] = []
    if scheme.frozen:
        lines = frozen(scheme)
    else:
        computed = compute(scheme, rules, today=today)
        lines, excluded = computed.lines, computed.excluded
    visible = [ln for ln in lines if permissions.can_view_line(viewer, scheme, ln.unit_id)]
    manage = permissions.can_manage(viewer, scheme.plan)
    objections = list(
        Objection.objects.filter(scheme=scheme).select_related("unit").order_by("filed_at", "id")
    )
    if not permissions.can_view_all(viewer, scheme.plan):
        objections = [o for o in objections if o.unit_id == getattr(viewer, "unit_id", None)]
    own = next((ln for ln in lines if ln.unit_id == getattr(viewer, "unit_id", None)), None)
    return {
        "scheme": scheme,
        "plan": scheme.plan,
        "criteria": criteria,
        "rules": rules,
        "groups": _groups(rules, visible),
        "lines": visible,
        "excluded": excluded,
        "excluded_labels": [str(Unit.Category(c).label) for c in scheme.excluded_categories or []],
        "explanations": calculation.explanations(),
        "objections": objections,
        "open_objections": sum(1 for o in objections if o.state == Objection.State.OPEN),
        "adjustments": list(
            Adjustment.objects.filter(scheme=scheme)
            .select_related("unit")
            .order_by("unit_id", "id")
        )
        if manage or permissions.can_view_all(viewer, scheme.plan)
        else [],
        "own": own,
        "can_manage": manage,
        "can_read_documents": permissions.can_read_documents(viewer, scheme.plan),
        "can_object": own is not None
        and permissions.can_object(viewer, scheme, own.unit_id, today),
        "has_demo": scheme.is_demo or any(ln.demo for ln in lines),
        "has_provisional": any(ln.provisional for ln in visible),
        "today": today,
    }


def schemes_of(*, viewer, plan: Plan) -> list[Scheme]:
    return list(permissions.schemes_visible_to(viewer).filter(plan=plan).order_by("-year"))


def home(*, viewer, plan_id: int | None = None, year: int | None = None) -> dict[str, Any]:
    """Where the assessment page starts: the plan asked for (or the newest the viewer
    supervises or reports on), its schemes by year, and the one to show."""
    plans = []
    if permissions.can_view_all_any(viewer):
        plans = [
            p
            for p in plan_permissions.plans_visible_to(viewer)
            .filter(Q(periods__isnull=False) | Q(schemes__isnull=False))
            .select_related("region", "coordinating_unit")
            .distinct()
            .order_by("-issued_on", "-id")
            if permissions.can_view_all(viewer, p)
        ]
    if not plans:
        plans = list(
            Plan.objects.filter(pk__in=permissions.schemes_visible_to(viewer).values("plan"))
            .select_related("region")
            .order_by("-issued_on", "-id")
        )
    plan = None
    if plan_id:
        plan = next((p for p in plans if p.pk == plan_id), None)
        if plan is None:
            raise NotFound()
    elif plans:
        plan = plans[0]
    schemes = schemes_of(viewer=viewer, plan=plan) if plan else []
    scheme = None
    if year:
        scheme = next((s for s in schemes if s.year == year), None)
    visible = [s for s in schemes if permissions.can_view_scheme(viewer, s)]
    if scheme is None and visible and not year:
        scheme = visible[0]
    return {
        "plans": plans,
        "plan": plan,
        "schemes": visible,
        "scheme": scheme if scheme is None or permissions.can_view_scheme(viewer, scheme) else None,
        "year": year,
        "can_manage": plan is not None and permissions.can_manage(viewer, plan),
        "can_view_all": plan is not None and permissions.can_view_all(viewer, plan),
        "years_open": _years_to_assess(plan, schemes) if plan else [],
    }


def _years_to_assess(plan: Plan, schemes: list[Scheme]) -> list[int]:
    """Years with a reporting period ending in them and no scheme yet, newest first."""
    from luoshi.supervision import status

    have = {s.year for s in schemes}
    years = {p.end.year for p in status.periods_of(plan) if not p.is_adhoc}
    return sorted(years - have, reverse=True)


def scheme_for_year(*, viewer, plan: Plan, year: int) -> Scheme:
    scheme = Scheme.objects.filter(plan=plan, year=year).select_related("plan").first()
    if scheme is None or not permissions.can_view_scheme(viewer, scheme):
        raise NotFound()
    return scheme


def numeric_goals(*, scheme: Scheme) -> list:
    """The plan's numeric targets a yearly-targets criterion may name: 1 query."""
    from luoshi.indicators.models import Goal

    return list(
        Goal.objects.filter(plan=scheme.plan, kind=Goal.Kind.NUMERIC).order_by("order", "id")
    )


def criteria_table(*, scheme: Scheme) -> list[Criterion]:
    return list(scheme.criteria.select_related("goal").order_by("group", "order", "id"))


def responsible_units(*, scheme: Scheme) -> list[Unit]:
    """The units responsible for tasks of the plan, not of an excluded category: those a
    bonus or deduction item may name. 1 query."""
    from luoshi.plans.models import Assignment

    return list(
        Unit.objects.filter(
            pk__in=Assignment.objects.filter(
                task__plan=scheme.plan, task__active=True, active=True
            ).values("unit_id")
        )
        .exclude(category__in=scheme.excluded_categories or [])
        .order_by("order", "id")
    )


def get_adjustment_for_user(*, viewer, pk) -> Adjustment:
    """An item, for those who read every line of its scheme (404 otherwise)."""
    try:
        item = Adjustment.objects.select_related("scheme__plan", "unit").get(pk=pk)
    except (Adjustment.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not permissions.can_view_all(viewer, item.scheme.plan):
        raise NotFound()
    return item


def get_objection_for_user(*, viewer, pk) -> Objection:
    try:
        objection = Objection.objects.select_related("scheme__plan", "unit").get(pk=pk)
    except (Objection.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not permissions.can_view_all(viewer, objection.scheme.plan):
        raise NotFound()
    return objection
