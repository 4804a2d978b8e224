"""Helpers every indicator service uses."""

from __future__ import annotations

from collections.abc import Collection

from django.utils.translation import gettext as _

from luoshi.core.errors import PermissionDenied, ValidationFailed


def require(actor, allowed: bool, message: str) -> None:
    """actor=None is the system itself (demo loader, commands) and may do anything."""
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def assign(obj, fields: dict, allowed: Collection[str]) -> None:
    """Set `fields` on `obj`, refusing any name the service does not accept."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    for key, value in fields.items():
        setattr(obj, key, value)
