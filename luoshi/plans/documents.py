"""An uploaded plan document: checked by content, parsed, and searched for its parent plan.

Only the parser's JSON contract (`to_dict()`) is used, so the import does not depend on
how `luoshi.planparse` works inside.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luoshi import planparse
from luoshi.core.errors import ValidationFailed

log = logging.getLogger(__name__)

# Extension -> the kind of content it must hold.
ALLOWED = {".txt": "text", ".docx": "docx", ".pdf": "pdf"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str | None:
    """`docx`, `pdf` or `text` judged by the bytes; None for anything else (programs,
    images, archives, legacy .doc)."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else None
        except zipfile.BadZipFile:
            return None
    if head.startswith(b"%PDF-"):
        return "pdf"
    if filetype.guess(head) is not None:
        return None
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in head:
        return None
    return "text"


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
        message = exc.message(get_language() or "zh")
        raise ValidationFailed(message, errors={"file": [message]}) from exc
    except Exception as exc:  # a document the parser chokes on must not become a server error
        log.exception("planparse failed on %s", filename)
        message = _("The document could not be read as a plan.")
        raise ValidationFailed(message, errors={"file": [message]}) from exc


def read(data: bytes, filename: str) -> dict:
    """check_upload() then parse()."""
    check_upload(data, filename)
    return parse(data, filename)


# --- Parent plan reference -----------------------------------------------------------------------
# The contract carries no parent reference, so the service finds it itself: the first
# document number cited in the opening paragraphs ("根据《…》(川办发〔2022〕13号)精神").
# A document number is an issuer abbreviation, the year in 〔〕 (or [] () 【】) and a serial.
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*\d{1,4}\s*号)"
)
CITATION = re.compile(
    r"(?:根据|按照|贯彻落实|落实|依据)[^。]{0,200}?《[^》]{2,120}》\s*[(（]?\s*"
    + DOC_NUMBER.pattern
)


def normalise_doc_number(value: str) -> str:
    """川办发[2022]13号 and 川办发〔2022〕13号 are the same document."""
    value = re.sub(r"\s+", "", value or "")
    value = re.sub(r"[\[［(（【]((?:19|20)\d{2})[\]］)）】]", r"〔\1〕", value)
    return value


def document_text(data: bytes, kind: str, limit: int = 20000) -> str:
    """The first part of the document as plain text, only to look for a citation."""
    try:
        if kind == "docx":
            import docx

            document = docx.Document(io.BytesIO(data))
            return "\n".join(p.text for p in document.paragraphs)[:limit]
        if kind == "pdf":
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                return "\n".join((page.extract_text() or "") for page in pdf.pages[:3])[:limit]
        from charset_normalizer import from_bytes

        best = from_bytes(data[: limit * 4]).best()
        return str(best)[:limit] if best is not None else ""
    except Exception:  # the citation is a convenience; an unreadable preamble just has none
        log.info("no text for the parent reference", exc_info=True)
        return ""


def find_parent_reference(text: str, own_number: str | None = None) -> str:
    """The document number cited in a "根据《…》(文号)" phrase, or "" (never the plan's own)."""
    own = normalise_doc_number(own_number or "")
    for match in CITATION.finditer(text):
        number = normalise_doc_number(match.group(1))
        if number != own:
            return number
    return ""


def parent_reference(data: bytes, kind: str, parsed: dict) -> str:
    return find_parent_reference(document_text(data, kind), parsed.get("doc_number"))
