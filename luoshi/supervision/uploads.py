"""Checks on uploaded attachments: allowed types, decided by the file's content, and size."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.core.uploads import is_genuine_pdf

# Extension the name may carry → the type its content must have.
ALLOWED = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "jpg": "jpg", "jpeg": "jpg", "png": "png"}
HEAD_BYTES = 8192


def max_bytes() -> int:
    return int(getattr(settings, "LUOSHI_ATTACHMENT_MAX_BYTES", settings.LUOSHI_MAX_UPLOAD_BYTES))


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: str
    size: int
    sha256: str


def _sniff(upload) -> str | None:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.extension in ("docx", "xlsx"):
        return kind.extension
    if kind.extension == "zip":
        # A short head may cut an Office file before the part that names its type.
        upload.seek(0)
        kind = filetype.guess(upload.read())
        upload.seek(0)
        return kind.extension if kind else None
    return kind.extension


def check(upload) -> CheckedFile:
    """Validate an uploaded file; raises ValidationFailed with a message for the person."""
    name = PurePath(getattr(upload, "name", "") or "").name[:200]
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = ", ".join(sorted({e for e in ALLOWED if e != "jpeg"}))
    if extension not in ALLOWED:
        raise ValidationFailed(
            _("“%(name)s” cannot be attached: only %(types)s files are accepted.")
            % {"name": name, "types": allowed},
            errors={"file": [_("Only %(types)s files are accepted.") % {"types": allowed}]},
        )
    if size == 0:
        raise ValidationFailed(
            _("“%(name)s” is empty.") % {"name": name},
            errors={"file": [_("The attached file is empty.")]},
        )
    if size > max_bytes():
        limit = filesizeformat(max_bytes())
        raise ValidationFailed(
            _("“%(name)s” is too large: at most %(limit)s.") % {"name": name, "limit": limit},
            errors={"file": [_("At most %(limit)s.") % {"limit": limit}]},
        )
    detected = _sniff(upload)
    if detected == "pdf" and not is_genuine_pdf(upload):
        detected = None
    if detected != ALLOWED[extension]:
        raise ValidationFailed(
            _("“%(name)s” is not really a %(ext)s file; its content does not match its name.")
            % {"name": name, "ext": extension.upper()},
            errors={"file": [_("The file's content does not match its type.")]},
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name=name, kind=ALLOWED[extension], size=size, sha256=digest.hexdigest())
