from django.db import migrations, models


BY_KIND = {"department": "government", "county": "county", "park": "park", "party": "party"}


def fill(apps, schema_editor):
    """Each existing unit gets the category its kind implies (Unit.default_category)."""
    Unit = apps.get_model("org", "Unit")
    for unit in Unit.objects.all():
        if unit.kind == "judicial":
            unit.category = "procuratorate" if "检察" in unit.name else "court"
        else:
            unit.category = BY_KIND.get(unit.kind, "other")
        unit.save(update_fields=["category"])


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="unit",
            name="category",
            field=models.CharField(
                choices=[
                    ("government", "Government department"),
                    ("county", "County/district government"),
                    ("park", "Park committee"),
                    ("party", "Party organ"),
                    ("court", "Court"),
                    ("procuratorate", "Procuratorate"),
                    ("vertical", "Vertically managed agency"),
                    ("mass", "People's organisation"),
                    ("other", "Other"),
                ],
                default="government",
                help_text="Decides which assessment list the unit is ranked in, or whether it is assessed.",
                max_length=16,
                verbose_name="category",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
