"""Upload drafts: the file kept on the server between the upload and the confirmation."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.errors import PermissionDenied
from luoshi.org.models import Region, Unit
from luoshi.plans import documents
from luoshi.plans.models import (
    Plan,
    PlanImportDraft,
)
from luoshi.plans.services.importing import ImportResult, names_map, plan_import
from luoshi.plans.services.preview import ImportPreview, plan_import_preview
from luoshi.plans.services.reading import (
    DRAFT_LIFETIME,
    require_import,
)

# --- Upload drafts (the file kept between upload and confirmation) ------------------------------------


@transaction.atomic
def import_draft_create(
    *, actor, data: bytes, filename: str, region: Region, plan: Plan | None = None
) -> PlanImportDraft:
    """Check and parse the upload, then keep it for the preview. Bad files raise
    ValidationFailed and nothing is saved."""
    require_import(actor, plan)
    documents.read(data, filename)
    PlanImportDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME).delete()
    draft = PlanImportDraft.objects.create(
        region=region,
        plan=plan,
        filename=PurePath(filename).name[:255],
        sha256=documents.sha256(data),
        data=data,
        created_by=actor,
    )
    return draft


def import_draft_preview(*, actor, draft: PlanImportDraft) -> ImportPreview:
    return plan_import_preview(
        actor=actor,
        data=bytes(draft.data),
        filename=draft.filename,
        region=draft.region,
        plan=draft.plan,
    )


@transaction.atomic
def import_draft_map_names(*, actor, draft: PlanImportDraft, mappings: dict[str, Any]) -> list[str]:
    """Save the preview's name mappings as aliases, without importing yet."""
    require_import(actor, draft.plan)
    return names_map(actor=actor, region=draft.region, mappings=mappings)


@transaction.atomic
def import_draft_confirm(
    *,
    actor,
    draft: PlanImportDraft,
    mappings: dict[str, Any] | None = None,
    coordinating_unit: Unit | None = None,
) -> ImportResult:
    result = plan_import(
        actor=actor,
        data=bytes(draft.data),
        filename=draft.filename,
        region=draft.region,
        mappings=mappings,
        plan=draft.plan,
        coordinating_unit=coordinating_unit,
    )
    draft.delete()
    return result


@transaction.atomic
def import_draft_discard(*, actor, draft: PlanImportDraft) -> None:
    if draft.created_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This upload belongs to someone else."))
    draft.delete()
