"""On PostgreSQL, two live bookings of one instrument cannot overlap: an exclusion constraint
over the booking's time range (btree_gist lets the instrument id join the GiST index).
Other databases rely on the booking service's lock row (see services.booking_request)."""

from django.db import migrations

HOLDING = "('requested', 'approved', 'completed')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("instruments", "Booking")._meta.db_table
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
        f"(instrument_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
        f"WHERE (state IN {HOLDING})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("instruments", "Booking")._meta.db_table
    schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS booking_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("instruments", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
