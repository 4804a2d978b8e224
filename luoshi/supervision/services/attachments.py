"""Attachments of reports and consolidations: checked uploads that create the draft they
belong to, deletion, and the version bump either makes."""

from __future__ import annotations

import secrets

from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied
from luoshi.plans.models import Task
from luoshi.supervision import permissions, uploads
from luoshi.supervision.models import (
    Attachment,
    Consolidation,
    Period,
    UnitReport,
)
from luoshi.supervision.services.reports import locked_report, report_save_draft

# -- attachments ------------------------------------------------------------------------


def attach(actor, checked, upload, *, report=None, consolidation=None) -> Attachment:
    attachment = Attachment(
        report=report,
        consolidation=consolidation,
        token=secrets.token_hex(16),
        original_name=checked.name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_at=timezone.now(),
        uploaded_by=actor_or_none(actor),
    )
    upload.seek(0)
    attachment.file.save(f"{attachment.token}.{checked.kind}", File(upload), save=False)
    attachment.save()
    _bump_version(actor, report or consolidation)
    # Files are not transactional: if the surrounding transaction rolls back, the stored file
    # stays behind unreferenced (harmless; its name is random).
    audit(actor=actor, action="create", obj=attachment, verb="attachment_add")
    return attachment


@transaction.atomic
def report_attach(*, actor, period: Period, task: Task, upload) -> Attachment:
    """Attach a file to the actor's unit's report on the task, starting the draft when there
    is none. The file is checked (by content) before anything is written."""
    checked = uploads.check(upload)
    report = locked_report(period, task, getattr(actor, "unit_id", None))
    if report is None:
        report = report_save_draft(actor=actor, period=period, task=task, version=0)
    if not permissions.can_edit_report(actor, report):
        raise PermissionDenied(_("You may not change this report."))
    return attach(actor, checked, upload, report=report)


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    if attachment.report_id and not permissions.can_edit_report(actor, attachment.report):
        raise PermissionDenied(_("You may not change this report."))
    if attachment.consolidation_id and not permissions.can_edit_consolidation(
        actor, attachment.consolidation
    ):
        raise PermissionDenied(_("You may not change this consolidated report."))
    name, storage = attachment.file.name, attachment.file.storage
    audit(
        actor=actor,
        action="delete",
        obj=attachment,
        before=snapshot(attachment),
        verb="attachment_delete",
    )
    attachment.delete()
    _bump_version(actor, attachment.report or attachment.consolidation)
    transaction.on_commit(lambda: storage.delete(name))


def _bump_version(actor, owner: UnitReport | Consolidation) -> None:
    """Files are content: adding or removing one changes the version, so a sign-off or
    review of the version someone opened before the change is a conflict."""
    type(owner).objects.filter(pk=owner.pk).update(
        version=F("version") + 1, updated_by=actor_or_none(actor)
    )
    owner.refresh_from_db(fields=["version"])
