"""The yearly assessment's arithmetic: pure functions over figures already loaded.

For a unit in its list (departments, counties, parks), each criterion of the list gives a
rate between 0 and 1:

    on-time rate, completeness, first-pass rate, milestone completion   (process figures,
        luoshi.supervision.scoring; the milestone rate only when milestones were due)
    yearly targets met   each target broken down to the unit's place for the year: the
        accepted figure ÷ the yearly target, capped at 1 (0 without an accepted figure);
        several targets count alike (luoshi.indicators.outcome.share_result)

    base  = 100 × Σ(weight × rate) ÷ Σ(weights of the criteria the unit has a rate for)
    score = base − points per supervision notice × notices
                 + bonus items (at most the bonus cap) − deduction items (at most the cap),
            at least 0, rounded to one decimal

A unit that had no report expected in the year is not scored. Within each list, equal scores
share a rank (1, 2, 2, 4); ties are broken by on-time rate, then completeness.

`formula_text` writes this formula with a scheme's weights: the page and every document
show that text, so what is shown is what is computed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from luoshi.assessment.models.scheme import Group, Measure
from luoshi.indicators import outcome as outcomes
from luoshi.org.models import Unit
from luoshi.supervision import scoring

PROCESS = (Measure.ON_TIME, Measure.COMPLETENESS, Measure.MILESTONES, Measure.FIRST_PASS)

# The weights a new year's scheme starts with when there is no earlier year to copy. The
# departments' list is the scorecard luoshi used before assessment rules were data
# (40/30/20/10, 2 points per 督办单); counties and parks keep the same proportions for 60
# points of process and add 40 for the targets broken down to them.
DEFAULT_WEIGHTS = {
    Group.DEPARTMENTS: [
        (Measure.ON_TIME, 40),
        (Measure.COMPLETENESS, 30),
        (Measure.MILESTONES, 20),
        (Measure.FIRST_PASS, 10),
    ],
    Group.COUNTIES: [
        (Measure.ON_TIME, 24),
        (Measure.COMPLETENESS, 18),
        (Measure.MILESTONES, 12),
        (Measure.FIRST_PASS, 6),
        (Measure.TARGETS, 40),
    ],
    Group.PARKS: [
        (Measure.ON_TIME, 24),
        (Measure.COMPLETENESS, 18),
        (Measure.MILESTONES, 12),
        (Measure.FIRST_PASS, 6),
        (Measure.TARGETS, 40),
    ],
}

_GROUP_OF_CATEGORY = {
    Unit.Category.COUNTY: Group.COUNTIES,
    Unit.Category.PARK: Group.PARKS,
}


def group_of(category: str) -> str:
    """The list a unit of this category is ranked in."""
    return _GROUP_OF_CATEGORY.get(category, Group.DEPARTMENTS)


@dataclass(frozen=True)
class Weight:
    measure: str
    weight: float
    goal_id: int | None = None
    goal_name: str = ""


@dataclass
class Rules:
    weights: dict[str, list[Weight]]
    notice_deduction: float = 2.0
    bonus_cap: float = 5.0
    deduction_cap: float = 10.0
    excluded: frozenset[str] = frozenset()


@dataclass
class Part:
    """One criterion of a unit's calculation, with its inputs."""

    measure: str
    weight: float
    rate: float | None
    inputs: str  # e.g. "8/10"
    goal_id: int | None = None
    goal_name: str = ""
    points: float | None = None  # weight × rate, before scaling to 100
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        label = Measure(self.measure).label
        return f"{label}：{self.goal_name}" if self.goal_name else str(label)

    @property
    def rate_pct(self) -> float | None:
        return None if self.rate is None else self.rate * 100


@dataclass
class Line:
    """A unit's calculation: every input, every step, the score and its rank."""

    unit_id: int
    unit_name: str
    group: str
    parts: list[Part] = field(default_factory=list)
    weight_used: float = 0.0
    base: float | None = None
    notices: int = 0
    notice_points: float = 0.0
    bonus: float = 0.0
    bonus_items: list[dict] = field(default_factory=list)
    deduction: float = 0.0
    deduction_items: list[dict] = field(default_factory=list)
    total: float | None = None
    rank: int | None = None
    expected: int = 0
    provisional: bool = False
    demo: bool = False

    @property
    def scored(self) -> bool:
        return self.total is not None

    def part(self, measure: str) -> Part | None:
        return next((p for p in self.parts if p.measure == measure), None)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Line:
        data = dict(data)
        data["parts"] = [Part(**p) for p in data.get("parts", [])]
        return cls(**data)


def _round(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _process_part(weight: Weight, figures: scoring.Figures) -> Part:
    c = figures.counts
    if weight.measure == Measure.ON_TIME:
        return Part(
            weight.measure, weight.weight, figures.on_time_rate, f"{c.on_time}/{c.expected}"
        )
    if weight.measure == Measure.COMPLETENESS:
        return Part(
            weight.measure, weight.weight, figures.completeness, f"{c.submitted}/{c.expected}"
        )
    if weight.measure == Measure.FIRST_PASS:
        return Part(
            weight.measure,
            weight.weight,
            figures.first_pass_rate,
            f"1 − {c.returned}/{c.submitted}" if c.submitted else "0",
        )
    return Part(
        weight.measure,
        weight.weight,
        figures.milestone_rate,
        f"{c.milestones_done}/{c.milestones_due}" if c.milestones_due else "—",
    )


def _targets_part(weight: Weight, shares: list[tuple]) -> Part:
    """shares: (goal id, goal name, ShareResult) of the unit's place for the year."""
    chosen = [s for s in shares if weight.goal_id is None or s[0] == weight.goal_id]
    part = Part(
        weight.measure, weight.weight, None, "—", goal_id=weight.goal_id, goal_name=weight.goal_name
    )
    if not chosen:
        return part
    part.rate = sum(s[2].rate for s in chosen) / len(chosen)
    met = sum(1 for s in chosen if s[2].met)
    part.inputs = _("%(met)s of %(count)s met") % {"met": met, "count": len(chosen)}
    for _goal_id, name, result in chosen:
        value = "—" if result.value is None else f"{result.value:g}"
        note = f"{name}: {value} / {result.target:g}"
        if result.data_status != outcomes.FINAL:
            note += f" ({outcomes.data_status_label(result.data_status)})"
        if result.is_demo:
            note += " " + _("(demo data)")
        part.notes.append(note)
    return part


def calculate(
    *,
    unit_id: int,
    unit_name: str,
    group: str,
    rules: Rules,
    counts: scoring.Counts,
    shares: list[tuple] = (),
    adjustments: list[dict] = (),
) -> Line:
    """One unit's calculation. `adjustments`: {"kind": "bonus"|"deduction", "points", "reason"}."""
    figures = scoring.figures(counts)
    line = Line(unit_id=unit_id, unit_name=unit_name, group=group, expected=counts.expected)
    for weight in rules.weights.get(group, []):
        if weight.measure == Measure.TARGETS:
            part = _targets_part(weight, list(shares))
        else:
            part = _process_part(weight, figures)
        line.parts.append(part)
    line.provisional = any(
        s[2].data_status in (outcomes.PROVISIONAL, outcomes.UNACCEPTED) for s in shares
    )
    line.demo = any(s[2].is_demo for s in shares) or any(a.get("demo") for a in adjustments)
    line.notices = counts.notices
    line.bonus_items = [a for a in adjustments if a["kind"] == "bonus"]
    line.deduction_items = [a for a in adjustments if a["kind"] == "deduction"]
    line.bonus = min(sum(float(a["points"]) for a in line.bonus_items), rules.bonus_cap)
    line.deduction = min(sum(float(a["points"]) for a in line.deduction_items), rules.deduction_cap)
    if not counts.expected:
        return line
    used = [p for p in line.parts if p.rate is not None and p.weight > 0]
    line.weight_used = sum(p.weight for p in used)
    for p in used:
        p.points = p.weight * p.rate
    line.base = 100 * sum(p.points for p in used) / line.weight_used if line.weight_used else 0.0
    line.notice_points = rules.notice_deduction * counts.notices
    raw = line.base - line.notice_points + line.bonus - line.deduction
    line.total = _round(max(0.0, raw))
    return line


def rank(lines: list[Line]) -> list[Line]:
    """Order each list by score and set ranks; unscored units go last, unranked."""
    out: list[Line] = []
    for group in Group.values:
        members = [ln for ln in lines if ln.group == group]
        scored = [ln for ln in members if ln.scored]
        unscored = [ln for ln in members if not ln.scored]

        def key(ln: Line):
            on_time = ln.part(Measure.ON_TIME)
            complete = ln.part(Measure.COMPLETENESS)
            return (
                -ln.total,
                -((on_time.rate if on_time else 0) or 0),
                -((complete.rate if complete else 0) or 0),
                ln.unit_name,
            )

        scored.sort(key=key)
        previous = None
        for position, ln in enumerate(scored, start=1):
            ln.rank = (
                previous.rank if previous is not None and previous.total == ln.total else position
            )
            previous = ln
        out += scored + sorted(unscored, key=lambda ln: ln.unit_name)
    return out


def _num(value: float) -> str:
    return f"{value:g}"


def formula_text(rules: Rules, group: str) -> str:
    """The formula of one list, with its weights, in the reader's language."""
    weights = rules.weights.get(group, [])
    if not weights:
        return _("No criteria are set for this list.")
    terms = " + ".join(
        f"{_num(w.weight)} × {Measure(w.measure).label}"
        + (f"（{w.goal_name}）" if w.goal_name else "")
        for w in weights
    )
    return _(
        "Score = 100 × (%(terms)s) ÷ (sum of the weights of the measures the unit has figures "
        "for) − %(notice)s point(s) per supervision notice + bonus items (at most %(bonus)s) − "
        "deduction items (at most %(deduction)s), at least 0, to one decimal."
    ) % {
        "terms": terms,
        "notice": _num(rules.notice_deduction),
        "bonus": _num(rules.bonus_cap),
        "deduction": _num(rules.deduction_cap),
    }


def explanations() -> list[str]:
    """What each measure means: the same sentences on the page and in the documents."""
    return [
        _(
            "On-time rate: reports first submitted by the due date ÷ reports expected (one per period and task the unit is responsible for)."
        ),
        _("Completeness: reports submitted ÷ reports expected."),
        _("First-pass rate: 1 − reports returned at least once ÷ reports submitted."),
        _(
            "Milestone completion: milestones done ÷ milestones due; a unit without milestones due is scored on the other measures."
        ),
        _(
            "Yearly targets met: each target broken down to the county or park for the year, its accepted figure ÷ its yearly target, at most 1; 0 without an accepted figure."
        ),
        _("Only periods ending in the year and already due count. Equal scores share a rank."),
    ]
