"""Set-based inserts for imports: thousands of rows of one model written with one prepared
statement (`executemany`) per chunk, instead of `bulk_create`, which compiles every value of
every row through the ORM (for a 10,000-row list that compiling, not the database, was nine
tenths of the time).

The rows are plain dicts by attribute name (`county_id`, not `county`). A field the row
leaves out takes its default; `auto_now`/`auto_now_add` fields take one shared `now`. Only the
values whose type needs it (dates, decimals, JSON, addresses…) go through the field's own
`get_db_prep_save`, so what reaches the database is exactly what the ORM would write.
As with `bulk_create`, no signals are sent and `save()` is not called; unlike it, the new
primary keys are not returned — read them back by a unique key."""

from __future__ import annotations

import datetime as dt
import gc
import json
import operator
from collections.abc import Sequence
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models.lookups import In, Lookup
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
# Callable defaults whose every call gives an equal value: converted once for all rows.
SHARED_DEFAULTS = (dict, list, tuple, set, str, int, float, bool)


class CompactJSON(json.JSONEncoder):
    """For a JSONField that keeps a whole list (an import's plan of 10,000 rows): Chinese
    text as itself rather than six-character \\u escapes, no spaces after separators. The
    kept plan of a 10,000-firm list goes from 3.5 to about 2 MB, which is written once by the
    preview, read by the commit and rewritten with the row when the import's state changes."""

    def __init__(self, *args, **kwargs):
        kwargs.update(ensure_ascii=False, separators=(",", ":"))
        super().__init__(*args, **kwargs)


class TableJSONField(models.JSONField):
    """A JSONField for a dict whose "rows" is a long list of dicts with the same keys (an
    import's plan): kept as ``{"keys": [...], "rows": [[values], ...], ...}`` (pack_table),
    each key written once rather than once a row, and read back as the dicts it was given
    (unpack_table). A 10,000-row plan is kept in 1.1 MB instead of 2.4 and read in 15 ms
    instead of 21 (its JSON parsed in 6, the dicts rebuilt in 9), and the preview writes less
    for the commit's checkpoint to copy. Rows of differing keys, and a value kept before as
    plain rows, are kept and read as they are."""

    def get_prep_value(self, value):
        return super().get_prep_value(pack_table(value))

    def from_db_value(self, value, expression, connection):
        return unpack_table(super().from_db_value(value, expression, connection))


def pack_table(value):
    """`value` with its "rows" (dicts of the same keys) as lists of values beside "keys"; any
    other value as it is."""
    rows = value.get("rows") if isinstance(value, dict) else None
    if not rows or not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return value
    keys = list(rows[0])
    if "keys" in value or any(len(r) != len(keys) for r in rows):
        return value
    read = operator.itemgetter(*keys)
    try:
        packed = [read(r) for r in rows] if len(keys) > 1 else [[read(r)] for r in rows]
    except KeyError:  # the same number of keys, not the same keys
        return value
    return {**value, "keys": keys, "rows": packed}


def unpack_table(value):
    """What pack_table was given."""
    if isinstance(value, dict) and isinstance(value.get("keys"), list):
        keys = value["keys"]
        value = {
            **value,
            "rows": [dict(zip(keys, values, strict=True)) for values in value["rows"]],
        }
        del value["keys"]
    return value


@contextmanager
def gc_paused():
    """Pause Python's cycle collector for one bounded bulk step (an import's preview or
    commit; usable as a decorator). Reading a 10,000-row list keeps ~200,000 objects alive
    (its rows, the plan) while it allocates as many again; every thousand or so allocations
    the collector walks the live ones for cycles, and on such a step that walk was a third of
    the time — finding nothing: the step's objects are freed by reference counting as ever.
    The collector resumes when the step ends (if it was running), and collects then."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def insert_rows(
    model: type[models.Model], rows: Sequence[dict], *, using: str | None = None
) -> int:
    """Insert `rows` into `model`'s table; returns how many. A value a row leaves out is the
    field's default (`auto_now`/`auto_now_add`: one shared `now`)."""
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
    # Every column's value when a row leaves it out, converted once; the positions whose
    # given values need the field's own conversion, and the defaults that differ per row
    # (a uuid4). A row is then merged over those values and read in column order in C.
    missing = {}
    convert = []
    fresh = []
    for position, field in enumerate(fields):
        plain = field.get_internal_type() in PLAIN
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif (
            field.has_default() and callable(field.default) and field.default not in SHARED_DEFAULTS
        ):
            value = None
            fresh.append((position, field))
        else:
            value = field.get_default()
        if plain:
            missing[field.attname] = value
        else:
            missing[field.attname] = (
                None if value is None else field.get_db_prep_save(value, connection)
            )
            is_date = field.get_internal_type() == "DateField"
            convert.append((position, field, field.attname, is_date))
    read = operator.itemgetter(*(f.attname for f in fields))
    given = set().union(*rows)  # a value no row gives is its default, converted above
    convert = [c for c in convert if c[2] in given]
    params = []
    for row in rows:
        values = read({**missing, **row})
        if convert or fresh:
            values = list(values)
            for position, field, attname, is_date in convert:
                value = row.get(attname)
                if value is None:
                    continue
                if is_date and type(value) is dt.date:
                    # a date is already what DateField's own preparation would make of it
                    values[position] = field.get_db_prep_value(value, connection, prepared=True)
                else:
                    values[position] = field.get_db_prep_save(value, connection)
            for position, field in fresh:
                if field.attname not in row:
                    value = field.get_default()
                    if field.get_internal_type() not in PLAIN:
                        value = field.get_db_prep_save(value, connection)
                    values[position] = value
        params.append(values)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
    return len(params)


class Among(Lookup):
    """`field__among=values`: the field's value is one of a long list (a 10,000-row import's
    credit codes), passed as ONE parameter — a JSON array read by SQLite's `json_each`, an
    array compared with PostgreSQL's `= ANY` — instead of `__in`'s one placeholder per value,
    which Django prepares value by value and the database parses one by one (for 10,000 codes
    that was most of a preview's reading time), and which runs into SQLite's limit on
    parameters. Other databases get `__in`. For plain values (strings, integers); None never
    matches, an empty list matches nothing. Pass a set or a dict's keys where you have one:
    Django walks a list or tuple value by value before any lookup sees it."""

    lookup_name = "among"
    prepare_rhs = False

    def _values(self) -> list:
        values = {v for v in self.rhs if v is not None}
        if not values:
            raise EmptyResultSet
        return list(values)

    def as_sql(self, compiler, connection):
        fallback = In(self.lhs, list(self.rhs))
        return fallback.as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = json.dumps(self._values(), ensure_ascii=False)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, values]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, self._values()]


def register_lookups() -> None:
    """Called once from CoreConfig.ready()."""
    for field in (models.CharField, models.IntegerField, models.ForeignKey, models.AutoField):
        field.register_lookup(Among)
