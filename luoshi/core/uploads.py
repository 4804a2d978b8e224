"""The size limit every uploaded file is held to, as a form field validator."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_upload_size(upload) -> None:
    """No upload larger than LUOSHI_MAX_UPLOAD_BYTES."""
    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s; the limit is %(limit)s).")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )


# Markup that has no business at the start of a PDF: a file that starts "%PDF-" to pass a
# type check and carries a web page is refused (a browser sniffing it would run the page).
_MARKUP = (b"<html", b"<script", b"<body", b"<!doctype", b"<iframe")


def is_genuine_pdf(upload) -> bool:
    """The upload starts like a PDF, ends like one (%%EOF), and holds no HTML in its first
    64 KB. Reads the file (uploads are size-limited first); leaves it at the start."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]:
        return False
    head = data[:65536].lower()
    return not any(marker in head for marker in _MARKUP)
