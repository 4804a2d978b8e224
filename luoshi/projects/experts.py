"""The one place a review panel's experts come from.

The expert database and its audited draw (`draw_experts`) are being built on branch
`sharing`. Until they land, the office gives the candidates (one per line: name, affiliation)
and this draws from them the same way: conflicts excluded (an expert whose affiliation is an
applicant's), then a seeded random sample, with a record that lets anyone re-run the draw and
get the same experts. When `draw_experts` lands, `draw()` calls it instead: one line.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class Drawn:
    name: str
    affiliation: str
    ref: str


def parse_candidates(text: str, *, limit: int = 500) -> list[tuple[str, str]]:
    """Lines "name, affiliation" (comma, full-width comma or tab); blank lines skipped."""
    rows = []
    for line in (text or "").splitlines()[:limit]:
        line = line.strip()
        if not line:
            continue
        for sep in ("\t", "，", ","):
            if sep in line:
                name, _sep, affiliation = line.partition(sep)
                break
        else:
            name, affiliation = line, ""
        rows.append((name.strip()[:60], affiliation.strip()[:200]))
    return rows


def draw(
    *,
    actor,
    review_label: str,
    candidates: list[tuple[str, str]],
    count: int,
    exclude_affiliations: set[str],
    seed: str | None = None,
) -> tuple[list[Drawn], dict]:
    """(experts drawn, the record that re-verifies the draw). Fewer candidates than `count`
    after exclusions draws them all; the record says so."""
    seed = seed or secrets.token_hex(8)
    pool = sorted({c for c in candidates if c[0]})
    excluded = [c for c in pool if c[1] and c[1] in exclude_affiliations]
    eligible = [c for c in pool if c not in excluded]
    chosen = random.Random(seed).sample(eligible, min(count, len(eligible)))
    digest = hashlib.sha256("\n".join("\t".join(c) for c in pool).encode()).hexdigest()
    record = {
        "label": review_label,
        "source": "candidates given by the office",
        "seed": seed,
        "candidates": len(pool),
        "candidates_sha256": digest,
        "excluded_for_conflict": [c[0] for c in excluded],
        "asked": count,
        "drawn": [c[0] for c in chosen],
    }
    experts = [
        Drawn(name=n, affiliation=a, ref=hashlib.sha256(f"{n}\t{a}".encode()).hexdigest()[:16])
        for n, a in chosen
    ]
    return experts, record
