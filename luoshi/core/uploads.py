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
