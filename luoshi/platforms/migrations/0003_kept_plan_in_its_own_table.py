"""A platform list's plan in a table of its own, stored packed (core.bulk.TableJSONField: its
rows' keys once, each row a list of values), as the registry's lists keep theirs: the
list's state changes at commit without rewriting the plan's megabytes. The plans kept so far
are moved (packed on the way in, unpacked on the way back)."""

import django.db.models.deletion
from django.db import migrations, models

import luoshi.core.bulk


def move_plans(apps, schema_editor):
    """Every kept list's plan into the new table, one list at a time."""
    PlatformImport = apps.get_model("platforms", "PlatformImport")
    KeptPlan = apps.get_model("platforms", "KeptPlan")
    for pk in PlatformImport.objects.values_list("pk", flat=True).iterator():
        plan = PlatformImport.objects.filter(pk=pk).values_list("plan", flat=True).get()
        KeptPlan.objects.create(batch_id=pk, plan=plan or {})


def move_plans_back(apps, schema_editor):
    PlatformImport = apps.get_model("platforms", "PlatformImport")
    KeptPlan = apps.get_model("platforms", "KeptPlan")
    for kept in KeptPlan.objects.iterator():
        PlatformImport.objects.filter(pk=kept.batch_id).update(plan=kept.plan)


class Migration(migrations.Migration):
    dependencies = [
        ("platforms", "0002_compact_kept_plan"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeptPlan",
            fields=[
                (
                    "batch",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="kept",
                        serialize=False,
                        to="platforms.platformimport",
                    ),
                ),
                (
                    "plan",
                    luoshi.core.bulk.TableJSONField(
                        default=dict, encoder=luoshi.core.bulk.CompactJSON
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_plans, move_plans_back),
        migrations.RemoveField(
            model_name="platformimport",
            name="plan",
        ),
    ]
