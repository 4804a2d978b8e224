"""One error vocabulary: services and selectors raise these; each is mapped once.

`NotFound` is Django's `Http404` and `PermissionDenied` is Django's `PermissionDenied`, so
a page answers 404/403 (with luoshi's own error pages) wherever the error is raised, with
no decorator or try/except per view; the JSON API maps the whole vocabulary once
(luoshi/config/api.py). Views turn `ValidationFailed` and `Conflict` into form errors or
messages.
"""

from django.core import exceptions as django_exceptions
from django.http import Http404


class LuoshiError(Exception):
    """Base for errors a user can act on; str() is the (translated) message."""


class ValidationFailed(LuoshiError):
    """Input or state does not allow the operation. `errors` maps field -> [messages]."""

    def __init__(self, message: str = "", errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}


class PermissionDenied(LuoshiError, django_exceptions.PermissionDenied):
    """The acting user may not do this (a page answers 403)."""


class NotFound(LuoshiError, Http404):
    """Missing, or hidden from this user: both answer alike (a page answers 404)."""


class Conflict(LuoshiError):
    """Someone else changed the record since it was loaded."""

    def __init__(self, message: str = "", current=None):
        super().__init__(message)
        self.current = current
