"""The 高企 cultivation pipeline: certificates expiring this year and next per county/park,
the 培育库 by stage, and the year-end projection against the path to the target.

Projection rule (shown on the page): firms whose certificate, already issued, still holds on
31 December of the year, plus each candidate of the year weighted by its stage's likelihood
(Candidate.LIKELIHOOD: identified 0.2, coached 0.5, applied 0.8). The path is the yearly
target when one is set, else the straight line from the target's baseline to its value."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from luoshi.core.errors import NotFound, ValidationFailed
from luoshi.enterprises import permissions
from luoshi.enterprises.attribution import clean_credit_code
from luoshi.enterprises.models import Candidate, Enterprise, Qualification
from luoshi.enterprises.selectors import in_place, year_end

HT = Qualification.Kind.HIGH_TECH


def _path_value(year: int, region) -> Decimal | None:
    """The yearly path to the 高企 target of the place (None without a target)."""
    from luoshi.indicators.models import Goal, YearlyTarget

    goal = (
        Goal.objects.filter(region=region, indicator__elements__computation="high_tech_valid")
        .exclude(target_value__isnull=True)
        .order_by("-target_year")
        .first()
    )
    if goal is None:
        return None
    yearly = YearlyTarget.objects.filter(goal=goal, year=year, region=region).first()
    if yearly is not None:
        return yearly.value.quantize(Decimal("1"))
    if goal.baseline_value is None or not goal.baseline_year or not goal.target_year:
        return goal.target_value if year >= (goal.target_year or year) else None
    span = goal.target_year - goal.baseline_year
    if span <= 0:
        return goal.target_value
    step = (goal.target_value - goal.baseline_value) / span
    value = goal.baseline_value + step * (min(year, goal.target_year) - goal.baseline_year)
    return value.quantize(Decimal("1"))


def pipeline(*, viewer, year: int, city_id: int | None = None) -> dict:
    """The pipeline of one city (the one asked for among those the viewer reads, else the
    first): a province's office reads it city by city, as each city answers for its own
    target."""
    if not permissions.can_view_registry(viewer):
        return {"year": year, "can_view": False, "places": [], "candidates": []}
    today = dt.date.today()
    end = year_end(year)
    visible = permissions.enterprises_visible_to(viewer)
    places = list(permissions.places_visible_to(viewer).order_by("kind", "order", "pk"))
    cities = [p for p in places if p.kind == "city"]
    city = next((c for c in cities if c.pk == city_id), cities[0] if cities else None)
    if city is not None:
        visible = visible.filter(in_place(city))
        places = [p for p in places if p.pk == city.pk or p.parent_id == city.pk]
    certs = list(
        Qualification.objects.filter(kind=HT, revoked_on__isnull=True, enterprise__in=visible)
        .filter(valid_until__gt=dt.date(year, 1, 1))
        .values_list(
            "enterprise_id",
            "issued_on",
            "valid_until",
            "enterprise__county_id",
            "enterprise__park_id",
            "is_demo",
        )
    )
    latest_issue: dict[int, dt.date] = {}
    for e, issued, *_rest in certs:
        if issued and issued > latest_issue.get(e, dt.date.min):
            latest_issue[e] = issued
    holds_end: dict[int, tuple] = {}  # firm -> (county, park)
    expiring: dict[int, dict] = {}
    for e, issued, until, county, park, _demo in certs:
        if issued and issued <= min(today, end) and until > end:
            holds_end[e] = (county, park)
        if until and year <= until.year <= year + 1 and latest_issue.get(e) == issued:
            expiring[e] = {"until": until, "county": county, "park": park}
    candidates = list(
        Candidate.objects.filter(year=year, enterprise__in=visible)
        .select_related("enterprise__county", "enterprise__park")
        .order_by("stage", "enterprise__name")
    )
    candidate_of = {c.enterprise_id: c for c in candidates}
    firms = {
        f.pk: f
        for f in Enterprise.objects.filter(pk__in=set(expiring)).only(
            "pk", "name", "county_id", "park_id"
        )
    }
    rows = []
    by_place = defaultdict(
        lambda: {"valid_end": 0, "exp_this": 0, "exp_next": 0, "reapplied": 0, "expected": 0.0}
    )
    for county, park in holds_end.values():
        for p in (county, park):
            if p:
                by_place[p]["valid_end"] += 1
    expiring_rows = []
    for e, info in expiring.items():
        f = firms.get(e)
        cand = candidate_of.get(e)
        status = cand.get_stage_display() if cand else _("not re-applied")
        key = "exp_this" if info["until"].year == year else "exp_next"
        for p in (info["county"], info["park"]):
            if p:
                by_place[p][key] += 1
                if cand and cand.stage in ("applied", "certified"):
                    by_place[p]["reapplied"] += 1
        expiring_rows.append(
            {"firm": f, "until": info["until"], "status": status, "candidate": cand}
        )
    expiring_rows.sort(key=lambda r: (r["until"], r["firm"].name if r["firm"] else ""))
    expected_total = 0.0
    for c in candidates:
        weight = Candidate.LIKELIHOOD.get(c.stage, 0.0)
        if c.enterprise_id in holds_end:
            weight = 0.0  # already counted
        expected_total += weight
        for p in (c.enterprise.county_id, c.enterprise.park_id):
            if p:
                by_place[p]["expected"] += weight
    for p in places:
        if p.kind == "city":
            continue
        d = by_place[p.pk]
        rows.append({"place": p, **d, "projected": round(d["valid_end"] + d["expected"])})
    valid_end_total = len(holds_end)
    projected = round(valid_end_total + expected_total)
    path = _path_value(year, city) if city else None
    stages = defaultdict(int)
    for c in candidates:
        stages[c.stage] += 1
    return {
        "year": year,
        "can_view": True,
        "can_manage": permissions.can_manage(viewer),
        "places": rows,
        "city": city,
        "cities": cities,
        "valid_end": valid_end_total,
        "expected": round(expected_total, 1),
        "projected": projected,
        "path": path,
        "gap": (int(path) - projected) if path is not None else None,
        "expiring": expiring_rows[:300],
        "expiring_total": len(expiring_rows),
        "candidates": candidates[:300],
        "stages": [(s, Candidate.Stage(s).label, stages.get(s, 0)) for s in Candidate.Stage.values],
        "likelihood": Candidate.LIKELIHOOD,
    }


def firm_by_code(*, viewer, code: str) -> Enterprise:
    code = clean_credit_code(code)
    firm = permissions.enterprises_visible_to(viewer).filter(credit_code=code).first()
    if firm is None:
        raise ValidationFailed(_("No firm in the registry has the code %(code)s.") % {"code": code})
    return firm


def get_candidate_for_user(viewer, pk: int) -> Candidate:
    found = Candidate.objects.filter(
        pk=pk, enterprise__in=permissions.enterprises_visible_to(viewer)
    ).first()
    if found is None:
        raise NotFound()
    return found
