"""The one place a review panel's experts come from: the expert database's audited draw
(`luoshi.experts.services.draw_experts`), which leaves out experts of the organisations under
review and those who declared a relation with one, and keeps a record `draw_verify` re-runs."""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.experts.models import Expert
from luoshi.experts.services import draw_experts


@dataclass(frozen=True)
class Drawn:
    name: str
    affiliation: str
    ref: str  # the expert's id in the expert database


def parse_codes(text: str) -> list[str]:
    """Discipline codes typed as "430, 520.10" (commas, full-width commas, spaces)."""
    for sep in ("，", "、", ";", "；", "\n"):
        text = (text or "").replace(sep, ",")
    return [c.strip() for part in text.split(",") for c in part.split() if c.strip()][:20]


def draw(
    *,
    actor,
    review_label: str,
    field_codes: list[str],
    count: int,
    exclude_organisation_ids: set[int],
    seed: str | None = None,
    is_demo: bool = False,
) -> tuple[list[Drawn], dict]:
    """(experts drawn, the record kept with the panel)."""
    record = draw_experts(
        actor=actor,
        review_label=review_label,
        field_codes=field_codes,
        count=count,
        exclude_organisation_ids=exclude_organisation_ids,
        seed=seed,
        is_demo=is_demo,
    )
    by_pk = Expert.objects.select_related("organisation").in_bulk(record.chosen)
    experts = [by_pk[pk] for pk in record.chosen]
    drawn = [
        Drawn(
            name=e.name,
            affiliation=e.organisation.name if e.organisation_id else e.employer,
            ref=str(e.pk),
        )
        for e in experts
    ]
    summary = {
        "draw_id": record.pk,
        "label": record.review_label,
        "field_codes": record.field_codes,
        "seed": record.seed,
        "algorithm": record.algorithm,
        "candidates": len(record.candidates),
        "excluded_for_conflict": [
            by.name
            for by in Expert.objects.filter(pk__in=[int(k) for k in record.excluded]).order_by("pk")
        ],
        "drawn": [d.name for d in drawn],
    }
    return drawn, summary
