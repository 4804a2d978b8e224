"""Upload drafts: the file kept on the server between the upload and the confirmation, with
what the parser read from it. The document is read once, here at upload; the preview and the
import work from that reading."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.org.models import Region, Unit
from luoshi.org.resolver import Directory
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
from luoshi.plans.services.resolution import apply_choices

# --- Upload drafts (the file kept between upload and confirmation) ------------------------------------


@transaction.atomic
def import_draft_create(
    *, actor, data: bytes, filename: str, region: Region, plan: Plan | None = None
) -> PlanImportDraft:
    """Check and parse the upload, then keep it for the preview. Bad files raise
    ValidationFailed and nothing is saved."""
    require_import(actor, plan)
    parsed = documents.read(data, filename)
    PlanImportDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME).delete()
    draft = PlanImportDraft.objects.create(
        region=region,
        plan=plan,
        filename=PurePath(filename).name[:255],
        sha256=documents.sha256(data),
        data=data,
        parsed=parsed,
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
        parsed=draft.parsed,
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
    confirmed: Iterable[int] = (),
) -> ImportResult:
    """Import the draft with the person's choices for its unit names (see
    services.resolution: new units are created, aliases saved only where asked). Tasks
    whose units the parser is unsure of (below
    planparse.LOW_CONFIDENCE) must be among `confirmed` (their positions), else
    ValidationFailed names them and nothing is imported. Confirming the same draft twice (a
    double click, a browser resending the form) imports it once: the draft is locked and
    gone once imported, and the second confirmation is told so."""
    draft = PlanImportDraft.objects.select_for_update().filter(pk=draft.pk).first()
    if draft is None:
        raise ValidationFailed(_("This draft has already been imported or discarded."))
    unsure = documents.low_confidence_tasks(draft.parsed)
    missing = sorted(set(unsure) - set(confirmed))
    if missing:
        tasks = draft.parsed["tasks"]
        names = "、".join(f"{tasks[k]['number']}「{tasks[k]['title']}」" for k in missing)
        raise ValidationFailed(
            _("Check and confirm the units of these tasks before importing: %(tasks)s")
            % {"tasks": names},
            errors={"confirmed": [_("Confirm every task marked for checking.")]},
        )
    applied = apply_choices(actor=actor, draft=draft, directory=Directory(draft.region))
    result = plan_import(
        actor=actor,
        data=bytes(draft.data),
        filename=draft.filename,
        region=draft.region,
        mappings={**applied.aliases, **(mappings or {})},
        assume=applied.assume,
        ignore=applied.ignore,
        plan=draft.plan,
        coordinating_unit=coordinating_unit,
        parsed=draft.parsed,
    )
    draft.delete()
    return result


@transaction.atomic
def import_draft_discard(*, actor, draft: PlanImportDraft) -> None:
    if draft.created_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This upload belongs to someone else."))
    draft.delete()
