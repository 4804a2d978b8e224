"""Writes for the unit names of an upload: keep the person's choices with the draft, and
turn them into new units, aliases and names for this import only (see plans.resolution)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.org import services as org_services
from luoshi.org.models import Unit
from luoshi.org.resolver import Directory
from luoshi.plans.models import PlanImportDraft
from luoshi.plans.resolution import COLLECTIVE, EXPAND, IGNORE, NEW, clean_choices, name_rows
from luoshi.plans.services.reading import require_import


@transaction.atomic
def import_draft_choose(*, actor, draft: PlanImportDraft, choices: dict[str, dict]) -> int:
    """Keep the person's choices with the draft (the page saves them as they change).
    Returns how many names have a choice saved."""
    require_import(actor, draft.plan)
    if draft.created_by_id != getattr(actor, "pk", None):
        raise ValidationFailed(_("This upload belongs to someone else."))
    directory = Directory(draft.region)
    rows = name_rows(draft=draft, directory=directory)
    merged = {**(draft.choices or {}), **clean_choices(rows, choices)}
    draft.choices = merged
    draft.save(update_fields=["choices", "updated_at"])
    return len(merged)


@dataclass
class Applied:
    """What the choices mean for the import."""

    aliases: dict[str, Unit]
    assume: dict[str, Unit]
    ignore: set[str]
    created: list[Unit]


def apply_choices(*, actor, draft: PlanImportDraft, directory: Directory) -> Applied:
    """Create the new units the person asked for and sort every other choice into aliases
    to save, names to resolve for this import only, and names assigning nobody. Runs in the
    caller's transaction; a bad choice raises ValidationFailed naming the field."""
    rows = name_rows(draft=draft, directory=directory)
    units = {u.pk: u for u in directory.units if u.active}
    applied = Applied(aliases={}, assume={}, ignore=set(), created=[])
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        if row.pick in (IGNORE, COLLECTIVE):
            applied.ignore.add(row.name)
        elif row.pick == EXPAND:
            continue
        elif row.pick == NEW:
            name = row.new_name.strip() or row.name
            parent = units.get(row.new_parent) if row.new_parent else None
            try:
                with transaction.atomic():
                    unit = org_services.unit_create(
                        actor=actor,
                        region=draft.region,
                        name=name,
                        short_name=row.name if row.name != name else "",
                        kind=row.new_kind,
                        parent=parent,
                    )
            except ValidationFailed as exc:
                errors[f"row-{index}"] = [f"{row.name}: {exc}"]
                continue
            applied.created.append(unit)
            applied.assume[row.name] = unit
        else:
            unit = units.get(int(row.pick)) if row.pick.isdigit() else None
            if unit is None:
                errors[f"row-{index}"] = [
                    _("“%(name)s”: choose a unit of this directory.") % {"name": row.name}
                ]
                continue
            if row.alias:
                applied.aliases[row.name] = unit
            else:
                applied.assume[row.name] = unit
    if errors:
        raise ValidationFailed(
            _("Some unit names could not be resolved as chosen."),
            errors={"__all__": [e for errs in errors.values() for e in errs]},
        )
    return applied
