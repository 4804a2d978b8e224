"""The draw itself, free of the database: rank each eligible expert by SHA-256 of the seed and
the expert's id, take the first `count`. The same seed and candidates give the same experts on
any machine and Python version (unlike `random`, whose algorithms may change)."""

from __future__ import annotations

import hashlib


def rank_key(seed: str, expert_id: int) -> str:
    return hashlib.sha256(f"{seed}:{expert_id}".encode()).hexdigest()


def choose(*, seed: str, candidates: list[int], count: int) -> list[int]:
    return sorted(candidates, key=lambda pk: rank_key(seed, pk))[:count]
