"""Helpers every indicator service uses."""

from __future__ import annotations

from luoshi.core.errors import PermissionDenied


def require(actor, allowed: bool, message: str) -> None:
    """actor=None is the system itself (demo loader, commands) and may do anything."""
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
