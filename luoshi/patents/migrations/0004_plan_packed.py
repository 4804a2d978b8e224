"""A list's kept plan stored packed: its rows' keys once, each row a list of values
(core.bulk.TableJSONField). The plans kept so far are packed here, and unpacked on the way
back, while the field is still a plain JSONField (which neither packs nor unpacks)."""

from django.db import migrations

import luoshi.core.bulk
from luoshi.core.bulk import pack_table, unpack_table


def _rewrite(convert):
    def run(apps, schema_editor):
        Batch = apps.get_model("patents", "PatentImport")
        for pk in Batch.objects.values_list("pk", flat=True):
            plan = Batch.objects.filter(pk=pk).values_list("plan", flat=True).get()
            changed = convert(plan)
            if changed is not plan:
                Batch.objects.filter(pk=pk).update(plan=changed)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("patents", "0003_compact_kept_plan"),
    ]

    operations = [
        migrations.RunPython(_rewrite(pack_table), _rewrite(unpack_table)),
        migrations.AlterField(
            model_name="patentimport",
            name="plan",
            field=luoshi.core.bulk.TableJSONField(
                default=dict, encoder=luoshi.core.bulk.CompactJSON
            ),
        ),
    ]
