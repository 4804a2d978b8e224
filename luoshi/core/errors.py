"""One error vocabulary: services raise these; the API maps them once, views show them."""


class LuoshiError(Exception):
    """Base for errors a user can act on; str() is the (translated) message."""


class ValidationFailed(LuoshiError):
    """Input or state does not allow the operation. `errors` maps field -> [messages]."""

    def __init__(self, message: str = "", errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.errors = errors or {}


class PermissionDenied(LuoshiError):
    """The acting user may not do this."""


class NotFound(LuoshiError):
    """Missing, or hidden from this user (both answer alike)."""


class Conflict(LuoshiError):
    """Someone else changed the record since it was loaded."""

    def __init__(self, message: str = "", current=None):
        super().__init__(message)
        self.current = current
