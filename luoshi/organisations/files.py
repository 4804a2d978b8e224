"""Proof files an organisation hands in (registration proof, contracts, invoices): the
content, not the name, must be a PDF, an image or an Office document, within the size limit.
Stored under an unguessable name and served only through permission-checked views."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.core.uploads import is_genuine_pdf

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def check_document(upload, *, field: str = "proof") -> tuple[str, str]:
    """(extension, content type) of an acceptable upload, or ValidationFailed naming `field`."""
    import filetype

    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationFailed(
            _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
            errors={field: [_("Too large.")]},
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension == "pdf" and not is_genuine_pdf(upload):
        kind = None
    if kind is None or kind.extension not in DOCUMENT_TYPES:
        raise ValidationFailed(
            _("Only PDF, JPEG, PNG, Word (.docx) and Excel (.xlsx) files are accepted."),
            errors={field: [_("Unsupported file type.")]},
        )
    return kind.extension, DOCUMENT_TYPES[kind.extension]


def stored_name(extension: str) -> str:
    return f"{secrets.token_hex(16)}.{extension}"
