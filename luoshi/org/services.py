"""Writes to the unit directory. Each checks permission, writes, audits, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.org import permissions
from luoshi.org.models import Region, Unit, UnitAlias
from luoshi.org.resolver import Directory, name_key


def _require_editor(actor) -> None:
    if actor is not None and not permissions.can_edit_directory(actor):
        raise PermissionDenied(_("Only the coordinating office may edit the unit directory."))


def _check_name_free(region: Region, name: str, *, except_unit: Unit | None = None) -> None:
    hit = Directory(region).get(name)
    if hit is not None and (except_unit is None or hit.unit.pk != except_unit.pk):
        raise ValidationFailed(
            _("“%(name)s” already names %(unit)s.") % {"name": name, "unit": hit.unit.name},
            errors={"name": [_("This name is already taken.")]},
        )


@transaction.atomic
def unit_create(
    *,
    actor,
    region: Region,
    name: str,
    short_name: str = "",
    kind: str = Unit.Kind.DEPARTMENT,
    category: str = "",
    parent: Unit | None = None,
    place: Region | None = None,
    code: str = "",
    aliases: list[str] | None = None,
    members: list[Unit] | None = None,
) -> Unit:
    _require_editor(actor)
    name = name.strip()
    if not name:
        raise ValidationFailed(
            _("A unit needs a name."), errors={"name": [_("This field is required.")]}
        )
    _check_name_free(region, name)
    if short_name:
        _check_name_free(region, short_name)
    unit = Unit.objects.create(
        region=region,
        name=name,
        short_name=short_name.strip(),
        kind=kind,
        category=category or Unit.default_category(kind, name),
        parent=parent,
        place=place,
        code=code,
    )
    if members:
        unit.members.set(members)
    audit(actor=actor, action="create", obj=unit)
    for alias in aliases or []:
        alias_add(actor=actor, unit=unit, name=alias)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, **fields: Any) -> Unit:
    _require_editor(actor)
    before = snapshot(unit)
    for key in ("name", "short_name"):
        if key in fields and fields[key] and fields[key] != getattr(unit, key):
            _check_name_free(unit.region, fields[key], except_unit=unit)
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.save()
    audit(actor=actor, action="update", obj=unit, before=before, after=snapshot(unit))
    return unit


@transaction.atomic
def alias_add(*, actor, unit: Unit, name: str) -> UnitAlias:
    """Teach the directory another name for `unit` (e.g. while mapping an imported plan)."""
    _require_editor(actor)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("An alias cannot be empty."))
    hit = Directory(unit.region).get(name)
    if hit is not None:
        if hit.unit.pk == unit.pk:
            existing = UnitAlias.objects.filter(region=unit.region, key=name_key(name)).first()
            if existing:
                return existing
        else:
            raise ValidationFailed(
                _("“%(name)s” already names %(unit)s.") % {"name": name, "unit": hit.unit.name}
            )
    alias = UnitAlias.objects.create(region=unit.region, unit=unit, name=name, key=name_key(name))
    audit(actor=actor, action="create", obj=alias)
    return alias


@transaction.atomic
def units_merge(*, actor, keep: Unit, duplicate: Unit) -> Unit:
    """Fold `duplicate` into `keep`: its names become aliases and every record pointing
    at it (users, assignments, reports…) points at `keep` afterwards."""
    _require_editor(actor)
    if keep.pk == duplicate.pk or keep.region_id != duplicate.region_id:
        raise ValidationFailed(_("Choose two different units of the same directory."))
    moved: dict[str, int] = {}
    for relation in Unit._meta.related_objects:
        if relation.related_model is Unit or relation.related_model is UnitAlias:
            continue
        if relation.many_to_many:
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        field = relation.field
        try:
            with transaction.atomic():
                count = relation.related_model._default_manager.filter(
                    **{field.name: duplicate}
                ).update(**{field.name: keep})
        except IntegrityError as exc:
            # e.g. both units are assigned to the same task: a person must resolve that first.
            raise ValidationFailed(
                _("Both units have %(records)s for the same item; resolve that before merging.")
                % {"records": relation.related_model._meta.verbose_name_plural}
            ) from exc
        if count:
            moved[relation.related_model._meta.label_lower + "." + field.name] = count
    for group in duplicate.groups.all():
        group.members.remove(duplicate)
        group.members.add(keep)
    UnitAlias.objects.filter(unit=duplicate).update(unit=keep)
    before = snapshot(duplicate)
    duplicate.active = False
    duplicate.merged_into = keep
    duplicate.save(update_fields=["active", "merged_into"])
    for name in (duplicate.name, duplicate.short_name):
        key = name_key(name) if name else ""
        if key and not UnitAlias.objects.filter(region=keep.region, key=key).exists():
            UnitAlias.objects.create(region=keep.region, unit=keep, name=name, key=key)
    audit(
        actor=actor,
        action="update",
        obj=duplicate,
        before=before,
        after=snapshot(duplicate),
        verb="merge",
        extra={"into": keep.pk, "moved": moved},
    )
    return keep


@transaction.atomic
def directory_load(*, actor, data: dict[str, Any]) -> dict[str, int]:
    """Load or update regions and units from a fixture (see fixtures/suining.yaml).

    Idempotent: units are matched by name inside their region; aliases are added once.
    """
    _require_editor(actor)
    counts = {"regions": 0, "units": 0, "aliases": 0}
    regions: dict[str, Region] = {}

    def load_region(item: dict[str, Any], parent: Region | None, order: int) -> None:
        region, created = Region.objects.get_or_create(
            parent=parent,
            name=item["name"],
            defaults={
                "kind": item["kind"],
                "short_name": item.get("short_name", ""),
                "code": item.get("code", ""),
                "counted_in_parent": item.get("counted_in_parent", True),
                "order": order,
            },
        )
        if created:
            counts["regions"] += 1
            audit(actor=actor, action="create", obj=region)
        regions[item["name"]] = region
        if item.get("short_name"):
            regions.setdefault(item["short_name"], region)
        for i, child in enumerate(item.get("children", [])):
            load_region(child, region, i)

    for i, item in enumerate(data.get("regions", [])):
        load_region(item, None, i)

    directory_name = data["directory"]
    region = regions.get(directory_name) or Region.objects.get(name=directory_name)
    units: dict[str, Unit] = {u.name: u for u in Unit.objects.filter(region=region)}
    for order, item in enumerate(data.get("units", [])):
        unit = units.get(item["name"])
        if unit is None:
            unit = Unit.objects.create(
                region=region,
                name=item["name"],
                short_name=item.get("short_name", ""),
                code=item.get("code", ""),
                kind=item.get("kind", Unit.Kind.DEPARTMENT),
                category=item.get("category")
                or Unit.default_category(item.get("kind", Unit.Kind.DEPARTMENT), item["name"]),
                order=order,
                email=item.get("email", ""),
            )
            units[unit.name] = unit
            counts["units"] += 1
            audit(actor=actor, action="create", obj=unit)
    by_any: dict[str, Unit] = {}
    for unit in units.values():
        by_any[unit.name] = unit
        if unit.short_name:
            by_any.setdefault(unit.short_name, unit)
    for item in data.get("units", []):
        unit = units[item["name"]]
        changed = []
        if item.get("parent"):
            unit.parent = by_any[item["parent"]]
            changed.append("parent")
        if item.get("place"):
            unit.place = regions.get(item["place"]) or Region.objects.get(name=item["place"])
            changed.append("place")
        if item.get("category") and item["category"] != unit.category:
            unit.category = item["category"]
            changed.append("category")
        if changed:
            unit.save(update_fields=changed)
        if item.get("members"):
            unit.members.set([by_any[m] for m in item["members"]])
        existing = set(UnitAlias.objects.filter(region=region).values_list("key", flat=True))
        for alias in item.get("aliases", []):
            key = name_key(alias)
            if key in existing or key in {name_key(unit.name), name_key(unit.short_name)}:
                continue
            UnitAlias.objects.create(region=region, unit=unit, name=alias, key=key)
            existing.add(key)
            counts["aliases"] += 1
    return counts


@transaction.atomic
def alias_remove(*, actor, alias: UnitAlias) -> None:
    _require_editor(actor)
    before = snapshot(alias)
    audit(actor=actor, action="delete", obj=alias, before=before)
    alias.delete()
