"""The draw itself, free of the database: rank each eligible expert by SHA-256 of the seed and
the expert's id, walk the ranking and take experts until `count` are drawn, skipping one who
declared a relation with an expert already drawn (`pairs`). With no pairs this is the first
`count` of the ranking (the v1 algorithm, so earlier records still verify). The same seed,
candidates and pairs give the same experts on any machine and Python version (unlike
`random`, whose algorithms may change)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def rank_key(seed: str, expert_id: int) -> str:
    return hashlib.sha256(f"{seed}:{expert_id}".encode()).hexdigest()


def choose(
    *, seed: str, candidates: list[int], count: int, pairs: Iterable[Iterable[int]] = ()
) -> list[int]:
    conflicts: dict[int, set[int]] = {}
    for a, b in pairs:
        conflicts.setdefault(int(a), set()).add(int(b))
        conflicts.setdefault(int(b), set()).add(int(a))
    chosen: list[int] = []
    for pk in sorted(candidates, key=lambda pk: rank_key(seed, pk)):
        if len(chosen) == count:
            break
        if conflicts.get(pk, set()).isdisjoint(chosen):
            chosen.append(pk)
    return chosen
