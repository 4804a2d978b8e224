"""Set-based inserts for imports: thousands of rows of one model written with one prepared
statement (`executemany`) per chunk, instead of `bulk_create`, which compiles every value of
every row through the ORM (for a 10,000-row list that compiling, not the database, was nine
tenths of the time).

The rows are plain dicts by attribute name (`county_id`, not `county`). A field the row
leaves out takes its default; `auto_now`/`auto_now_add` fields take one shared `now`. Only the
values whose type needs it (dates, decimals, JSON, addresses…) go through the field's own
`get_db_prep_save`, so what reaches the database is exactly what the ORM would write.
Each row's missing values are filled in place, so an audit of the rows records what was written.
As with `bulk_create`, no signals are sent and `save()` is not called; unlike it, the new
primary keys are not returned — read them back by a unique key."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router
from django.utils import timezone

# Field types whose Python value every supported driver (sqlite3, psycopg, mysqlclient)
# takes as it is.
PLAIN = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)
CHUNK = 5000
_MISSING = object()


def insert_rows(
    model: type[models.Model], rows: Sequence[dict], *, using: str | None = None
) -> int:
    """Insert `rows` into `model`'s table (filling in each row's defaults); returns how many."""
    if not rows:
        return 0
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.generated and not (f.primary_key and f.db_returning)
    ]
    now = timezone.now()
    plan = []
    for field in fields:
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        convert = field.get_internal_type() not in PLAIN
        plan.append((field, field.attname, stamped, convert))
    # The shared time and empty values are converted once, not once per row.
    stamp = {
        attname: field.get_db_prep_save(now, connection)
        for field, attname, stamped, _convert in plan
        if stamped
    }
    params = []
    for row in rows:
        values = []
        for field, attname, stamped, convert in plan:
            value = row.get(attname, _MISSING)
            if value is _MISSING:
                value = row[attname] = now if stamped else field.get_default()
            if convert:
                if value is None:
                    pass
                elif stamped and value is now:
                    value = stamp[attname]
                else:
                    value = field.get_db_prep_save(value, connection)
            values.append(value)
        params.append(values)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f, *_ in plan),
        ", ".join(["%s"] * len(plan)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
    return len(params)
