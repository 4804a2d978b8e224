"""Attachments on project applications: the call names the kinds it requires; each is a new
upload (checked by content, within the size limit) or a file the organisation gave before —
an earlier application's attachment of the same kind, or its registration proof for the
business licence — offered for reuse so nothing is handed in twice ("submitted once").

Checked before the application is written (a missing or refused file changes nothing);
stored after, under unguessable names, served only through permission-checked views."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit_many
from luoshi.core.errors import ValidationFailed
from luoshi.core.params import MAX_ID
from luoshi.organisations import files
from luoshi.organisations.models import Organisation
from luoshi.projects.models import Application, Attachment, Call
from luoshi.projects.selectors import LICENCE_KIND, PROOF

MAX_KINDS = 12


def kinds_field(raw, errors: dict) -> list[str]:
    """A call's attachment kinds: names, each once, short, a dozen at most."""
    kinds: list[str] = []
    for name in raw or []:
        name = str(name).strip()[:60]
        if name and name not in kinds:
            kinds.append(name)
    if len(kinds) > MAX_KINDS:
        errors["attachment_kinds"] = [_("At most %(n)d kinds of attachment.") % {"n": MAX_KINDS}]
    return kinds


@dataclass(frozen=True)
class Planned:
    kind: str
    upload: object | None = None
    extension: str = ""
    content_type: str = ""
    source: Attachment | None = None  # an earlier attachment reused
    proof: bool = False  # the registration proof reused


def check(
    *, call: Call, organisation: Organisation, uploads: dict, reuse: dict, errors: dict
) -> list[Planned]:
    """What to attach for each of the call's kinds; problems go into `errors` (by field
    "attachment-<position>", and "attachments" naming what is missing)."""
    planned, missing = [], []
    kinds = list(call.attachment_kinds)
    unknown = (set(uploads) | set(reuse)) - set(kinds)
    if unknown:
        errors["attachments"] = [_("An attachment names a kind this call does not ask for.")]
        return []
    # Any file the organisation gave before of the same kind may be reused (the page offers
    # the latest): one query for the refs named, kept to this organisation.
    refs = [int(r) for r in map(str, reuse.values()) if r.isascii() and r.isdigit()]
    earlier = {
        (a.kind, str(a.pk)): a
        for a in Attachment.objects.filter(
            pk__in=[r for r in refs if r <= MAX_ID], application__organisation=organisation
        )
    }
    proof_offered = LICENCE_KIND in kinds and bool(organisation.proof)
    for position, kind in enumerate(kinds):
        field = f"attachment-{position}"
        upload, ref = uploads.get(kind), str(reuse.get(kind) or "")
        if upload is not None:
            try:
                extension, content_type = files.check_document(upload, field=field)
            except ValidationFailed as exc:
                errors[field] = [f"{kind}: {exc}"]
                continue
            planned.append(Planned(kind, upload, extension, content_type))
        elif ref:
            if ref == PROOF and kind == LICENCE_KIND and proof_offered:
                planned.append(Planned(kind, proof=True))
            elif (kind, ref) in earlier:
                planned.append(Planned(kind, source=earlier[(kind, ref)]))
            else:
                errors[field] = [
                    _("%(kind)s: that file is not one you gave before.") % {"kind": kind}
                ]
        else:
            missing.append(kind)
    if missing:
        errors["attachments"] = [
            _("Attach the files the call requires: %(kinds)s.") % {"kinds": "、".join(missing)}
        ]
    return planned


def store(*, actor, application: Application, planned: list[Planned]) -> list[Attachment]:
    """Write the attachments of a new application (after check())."""
    made = []
    org = application.organisation
    for item in planned:
        row = Attachment(
            application=application,
            kind=item.kind,
            reused=item.upload is None,
            uploaded_by=actor_or_none(actor),
            is_demo=application.is_demo,
        )
        if item.upload is not None:
            row.name = (getattr(item.upload, "name", "") or item.kind)[:255]
            row.content_type = item.content_type
            row.size = item.upload.size
            row.file.save(files.stored_name(item.extension), item.upload, save=False)
        elif item.proof:
            row.file.name = org.proof.name
            row.name, row.content_type = org.proof_name or PROOF, org.proof_content_type
        else:
            source = item.source
            row.file.name = source.file.name
            row.name, row.content_type, row.size = source.name, source.content_type, source.size
        row.save()
        made.append(row)
    if made:
        audit_many(actor=actor, action="create", objs=made, verb="attach")
    return made
