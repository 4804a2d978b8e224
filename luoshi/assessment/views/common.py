"""What the assessment's views share: showing a service's error, a .docx answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.utils.http import content_disposition_header

from luoshi.core.errors import LuoshiError, ValidationFailed

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fail(request, exc: LuoshiError) -> None:
    """The error as messages: what went wrong, then each field's problem."""
    messages.error(request, str(exc))
    if isinstance(exc, ValidationFailed):
        for errors in exc.errors.values():
            for error in errors:
                if error != str(exc):
                    messages.error(request, error)


def docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
