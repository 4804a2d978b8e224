"""An uploaded plan document: checked, then read once by `luoshi.planparse`.

`luoshi.planparse` is the one reader of plan documents: the format check looks at the bytes
with its `sniff` (which also bounds an archive before opening it), and everything the import
needs — tasks, units, targets, chapters, the parent plan it cites — comes from its JSON
contract (`to_dict()`), read once at upload and kept with the draft.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import PurePath

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luoshi import planparse
from luoshi.core.errors import ValidationFailed
from luoshi.planparse.readers import sniff as sniff_content

log = logging.getLogger(__name__)

# Extension -> the kind of content it must hold.
ALLOWED = {".txt": "text", ".docx": "docx", ".pdf": "pdf"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refused(exc: planparse.PlanParseError) -> ValidationFailed:
    message = exc.message(get_language() or "zh")
    return ValidationFailed(message, errors={"file": [message]})


def sniff(data: bytes) -> str | None:
    """`docx`, `pdf` or `text` judged by the bytes; None for anything else (programs,
    images, archives, legacy .doc). A hostile archive raises ValidationFailed."""
    try:
        kind = sniff_content(data)
    except planparse.PlanParseError as exc:
        if exc.code in ("binary", "legacy_doc", "bad_docx"):
            return None
        raise _refused(exc) from exc
    if kind == "text":
        head = data[:2048]
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if filetype.guess(head) is not None or (not utf16 and b"\x00" in head):
            return None
    return kind


def _kind_label(kind: str) -> str:
    return {"text": _("plain text"), "docx": _("Word (.docx)"), "pdf": _("PDF")}[kind]


def check_upload(data: bytes, filename: str) -> str:
    """Refuse what cannot be a plan document; return its kind. Messages are for people."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationFailed(
            _("Only .txt, .docx or .pdf files can be imported."),
            errors={"file": [_("Only .txt, .docx or .pdf files can be imported.")]},
        )
    if not data:
        raise ValidationFailed(_("The file is empty."), errors={"file": [_("The file is empty.")]})
    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if len(data) > limit:
        message = _("The file is too large (%(size)s; the limit is %(limit)s).") % {
            "size": filesizeformat(len(data)),
            "limit": filesizeformat(limit),
        }
        raise ValidationFailed(message, errors={"file": [message]})
    kind = sniff(data)
    expected = ALLOWED[suffix]
    if kind != expected:
        message = _(
            "The content of “%(name)s” is not a %(kind)s document: the file type is checked by its content, "
            "not by its name."
        ) % {"name": PurePath(filename).name, "kind": _kind_label(expected)}
        raise ValidationFailed(message, errors={"file": [message]})
    return kind


def parse(data: bytes, filename: str) -> dict:
    """The parsed plan as the JSON contract, or ValidationFailed with a one-line reason."""
    try:
        return planparse.parse_bytes(
            data, filename, max_bytes=settings.LUOSHI_MAX_UPLOAD_BYTES
        ).to_dict()
    except planparse.PlanParseError as exc:
        raise _refused(exc) from exc
    except Exception as exc:  # a document the parser chokes on must not become a server error
        log.exception("planparse failed on %s", filename)
        message = _("The document could not be read as a plan.")
        raise ValidationFailed(message, errors={"file": [message]}) from exc


def read(data: bytes, filename: str) -> dict:
    """check_upload() then parse(): the one reading of an uploaded document."""
    check_upload(data, filename)
    return parse(data, filename)


def parent_reference(parsed: dict) -> str:
    """The document number the plan cites as its basis ("根据《…》(川办发〔2022〕13号)")."""
    return parsed.get("parent_reference") or ""


def has_tasks(parsed: dict) -> bool:
    return bool(parsed.get("tasks"))


def low_confidence_tasks(parsed: dict) -> list[int]:
    """Positions of the tasks whose units the parser is unsure of: a person confirms them
    before the import."""
    return [
        k
        for k, t in enumerate(parsed.get("tasks") or [])
        if t.get("confidence") is not None and t["confidence"] < planparse.LOW_CONFIDENCE
    ]


def rule_label(code: str) -> str:
    """How the parser decided a task's units, in the user's language."""
    from luoshi.plans.models import Task

    try:
        return str(Task.RolesRule(code).label)
    except ValueError:
        return code or "—"
