"""Versioned cache keys: a page cached under `key(namespace, ...)` is dropped at once by
`bump(namespace)` from whichever app changes what the page shows, without the page asking the
database whether anything changed (the public page answers from the cache alone)."""

from __future__ import annotations

from django.core.cache import cache


def _version_key(namespace: str) -> str:
    return f"luoshi:v:{namespace}"


def version(namespace: str) -> int:
    return cache.get(_version_key(namespace)) or 0


def bump(namespace: str) -> None:
    """Make every key of the namespace stale (a missing counter starts again at 1)."""
    try:
        cache.incr(_version_key(namespace))
    except ValueError:
        cache.set(_version_key(namespace), 1, timeout=None)


def key(namespace: str, *parts) -> str:
    return ":".join(["luoshi", namespace, str(version(namespace)), *map(str, parts)])
