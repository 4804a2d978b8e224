"""A platform list's kept plan stored packed: its rows' keys once, each row a list of values
(core.bulk.TableJSONField), as the registry's lists are. The plans kept so far are packed
here, and unpacked on the way back, while the field is still a plain JSONField (which neither
packs nor unpacks)."""

from django.db import migrations

import luoshi.core.bulk
from luoshi.core.bulk import pack_table, unpack_table


def _rewrite(convert):
    def run(apps, schema_editor):
        PlatformImport = apps.get_model("platforms", "PlatformImport")
        for pk in PlatformImport.objects.values_list("pk", flat=True):
            plan = PlatformImport.objects.filter(pk=pk).values_list("plan", flat=True).get()
            changed = convert(plan)
            if changed is not plan:
                PlatformImport.objects.filter(pk=pk).update(plan=changed)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("platforms", "0002_compact_kept_plan"),
    ]

    operations = [
        migrations.RunPython(_rewrite(pack_table), _rewrite(unpack_table)),
        migrations.AlterField(
            model_name="platformimport",
            name="plan",
            field=luoshi.core.bulk.TableJSONField(
                default=dict, encoder=luoshi.core.bulk.CompactJSON
            ),
        ),
    ]
