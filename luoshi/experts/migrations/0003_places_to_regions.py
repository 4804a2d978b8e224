"""Experts and laboratories entered before places were regions: the place name typed then
points to one of our counties, parks or cities where it names one ("遂宁市船山区" → 船山区:
a county or park before its city, then the longest name or short name found); a place that is not ours ("重庆市潼南区") keeps
its name and no region. An expert with no place name counts in their organisation's place.
The matcher is copied here (luoshi.organisations.places.region_named_in) so the migration
stays as it ran."""

from django.db import migrations

KINDS = ("city", "county", "park")


def _named_in(text, regions):
    text = (text or "").strip()
    best = None
    for pk, name, short_name, kind in regions:
        for label in (name, short_name):
            # A county or park named in the text wins over its city, then the longest name.
            rank = (kind != "city", len(label or ""))
            if label and label in text and (best is None or rank > best[0]):
                best = (rank, pk)
    return best[1] if best else None


def forwards(apps, schema_editor):
    Region = apps.get_model("org", "Region")
    Expert = apps.get_model("experts", "Expert")
    Lab = apps.get_model("experts", "Lab")
    regions = list(Region.objects.filter(kind__in=KINDS).values_list("pk", "name", "short_name", "kind"))
    names = {pk: name for pk, name, _short, _kind in regions}
    for model in (Expert, Lab):
        for row in model.objects.filter(region__isnull=True).select_related("organisation"):
            pk = _named_in(row.region_name, regions)
            if pk is None and not row.region_name and row.organisation_id:
                pk = row.organisation.region_id
            if pk is not None:
                row.region_id = pk
                row.region_name = (names.get(pk) or row.region_name)[:60]
                row.save(update_fields=["region", "region_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0002_region_relations_to_experts"),
        ("org", "0002_unit_category"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
