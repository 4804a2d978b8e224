"""Streaming bulk writer: rows go to the database in batches, never all in memory.

PostgreSQL gets COPY (psycopg 3 `cursor.copy()`, an order of magnitude faster than
`bulk_create`); SQLite gets `executemany` of one prepared INSERT. Ids are allocated
here, not by the database, so rows written later can point at rows not yet flushed
(a version at its report); the sequences are moved past them at the end.

Every batch commits on its own: PostgreSQL checks the deferred foreign keys per batch
instead of queueing millions of checks until one final commit.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import resource
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Progress:
    """A one-line progress bar on stderr (redrawn at most 10 times a second)."""

    def __init__(self, label: str, total: int, *, stream=None, enabled: bool = True):
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        # Redrawing only makes sense on a terminal; a log gets the final line.
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if self.tty and now - self._drawn >= 0.1:
            self._drawn = now
            self.draw()

    def draw(self, end: str = "") -> None:
        if not self.enabled:
            return
        share = min(self.done / self.total, 1.0)
        width = 28
        bar = "█" * int(share * width) + "·" * (width - int(share * width))
        elapsed = time.perf_counter() - self.started
        rate = self.done / elapsed if elapsed else 0
        eta = (self.total - self.done) / rate if rate else 0
        self.stream.write(
            f"{chr(13) if self.tty else ''}{self.label:<12} {bar} {share * 100:5.1f}%  {self.done:>11,}/{self.total:,}"
            f"  {elapsed:6.0f}s  eta {max(eta, 0):5.0f}s  rss {peak_rss_mb():5.0f} MB{end}"
        )
        self.stream.flush()

    def close(self) -> None:
        self.done = max(self.done, 0)
        self.draw(end="\n")


class JSONText(str):
    """JSON already serialised (shared by many rows): written as is."""


def to_json(value: Any) -> JSONText:
    return JSONText(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str))


def _json(value: Any) -> str:
    return value if isinstance(value, JSONText) else to_json(value)


_MISSING = object()


class Table:
    """Rows of one model, buffered and flushed in batches.

    `add(**values)` takes field attnames (`task_id`, not `task`); missing fields get the
    model's defaults (auto_now/auto_now_add fields get `now`), so a field added to the
    model later with a default does not break the generator.
    """

    def __init__(self, writer: BulkWriter, model: type[models.Model]):
        self.writer = writer
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.pk_index = self.index[model._meta.pk.attname]
        # The row every add() starts from: defaults, or _MISSING / a callable to resolve.
        self.template: list[Any] = []
        self.callables: list[tuple[int, Callable[[], Any]]] = []
        for i, f in enumerate(self.fields):
            if f.primary_key:
                value = None
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = writer.now
            elif f.has_default():
                value = f.default
                if callable(value):
                    self.callables.append((i, value))
                    value = _MISSING
            elif f.null:
                value = None
            elif f.get_internal_type() in {"CharField", "TextField", "SlugField", "EmailField"}:
                value = ""
            else:
                value = _MISSING
            self.template.append(value)
        self.converters = [
            (i, c) for i, c in enumerate(writer.converter(f) for f in self.fields) if c
        ]
        self.rows: list[tuple] = []
        self.next_id = writer.max_id(model) + 1
        self.written = 0

    def new_id(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, **values: Any) -> int:
        row = self.template.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        pk = row[self.pk_index]
        if pk is None:
            pk = row[self.pk_index] = self.new_id()
        for i, default in self.callables:
            if row[i] is _MISSING:
                row[i] = default()
        for i, convert in self.converters:
            if row[i] is not None:
                row[i] = convert(row[i])
        if _MISSING in row:
            missing = [f.attname for f, v in zip(self.fields, row, strict=True) if v is _MISSING]
            raise KeyError(f"{self.model.__name__} needs values for {missing}")
        self.rows.append(tuple(row))
        if len(self.rows) >= self.writer.batch:
            # Parents first: tables are registered parents-first, and a batch's foreign
            # keys are checked when it commits.
            self.writer.flush(wait=False)
        return pk

    def flush(self) -> None:
        if not self.rows:
            return
        self.writer.write(self, self.rows)
        self.written += len(self.rows)
        self.rows = []


class BulkWriter:
    """Tables that stream into the default database; `close()` flushes and fixes sequences.

    Register tables parents-first (`writer[Report]` before `writer[ReportVersion]`): a
    full buffer flushes every table in that order.

    `tuned=False` writes inside the caller's transaction on its own connection, with the
    database's settings untouched (the demo, loaded in one transaction); the scale data
    gets the bulk-loading settings and, on PostgreSQL, COPY on a thread of its own.
    """

    def __init__(self, *, batch: int = 20000, now: dt.datetime | None = None, tuned: bool = True):
        self.batch = batch
        self.tuned = tuned
        self.now = now or dt.datetime.now(dt.UTC)
        self.vendor = connection.vendor
        self.tables: dict[type[models.Model], Table] = {}
        self.deferred_checks = False
        self._queue: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.seconds: dict[str, float] = {}  # time spent writing, per table
        if not tuned:
            pass
        elif self.vendor == "sqlite":
            with connection.cursor() as cursor:
                # Generated data can be regenerated: trade crash safety for speed while writing.
                cursor.execute("PRAGMA synchronous=OFF")
        elif self.vendor == "postgresql":
            self.deferred_checks = self._session_setup()
            # The server parses and indexes a batch while the next one is generated: COPY
            # runs on a thread of its own (its own connection); the queue holds at most
            # two batches, so memory stays bounded.
            self._queue = queue.Queue(maxsize=2)
            self._thread = threading.Thread(target=self._copy_loop, name="gen-copy", daemon=True)
            self._thread.start()

    @staticmethod
    def _session_setup() -> bool:
        """Session settings for bulk loading; True when foreign-key triggers are off."""
        with connection.cursor() as cursor:
            # Each batch commits; waiting for its WAL flush buys nothing here.
            cursor.execute("SET synchronous_commit = off")
        # Foreign-key triggers cost more than the COPY itself (one lookup per key per
        # row). A superuser can switch them off for the session, as a restore does;
        # close() then checks every key of the written tables with one query each.
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
            return True
        except Exception:  # noqa: BLE001 - not a superuser: keep the triggers
            return False

    def _copy_loop(self) -> None:
        try:
            self._session_setup()
            while True:
                item = self._queue.get()
                try:
                    if item is None:
                        return
                    if self._error is None:
                        self._write_now(*item)
                except BaseException as exc:  # noqa: BLE001 - reported to the producer
                    self._error = exc
                finally:
                    self._queue.task_done()
        finally:
            connection.close()

    def _raise_pending(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise RuntimeError(f"writing generated rows failed: {error}") from error

    def __getitem__(self, model: type[models.Model]) -> Table:
        table = self.tables.get(model)
        if table is None:
            table = self.tables[model] = Table(self, model)
        return table

    def max_id(self, model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) "
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            return cursor.fetchone()[0] or 0

    def converter(self, field: models.Field) -> Callable[[Any], Any] | None:
        kind = field.get_internal_type()
        if kind == "JSONField":
            return _json
        if self.vendor == "postgresql":
            return None  # psycopg adapts dates, aware datetimes, decimals and booleans
        if kind == "DateTimeField":
            ops = connection.ops
            return lambda v: ops.adapt_datetimefield_value(v)
        if kind == "DateField":
            return lambda v: v.isoformat()
        if kind == "DecimalField":
            return lambda v: str(v) if isinstance(v, Decimal) else str(Decimal(str(v)))
        if kind == "BooleanField":
            return int
        return None

    def write(self, table: Table, rows: list[tuple]) -> None:
        self._raise_pending()
        if self._queue is not None:
            self._queue.put((table.table, table.columns, rows))
        else:
            self._write_now(table.table, table.columns, rows)

    def _write_now(self, table: str, column_names: list[str], rows: list[tuple]) -> None:
        started = time.perf_counter()
        try:
            self._insert(table, column_names, rows)
        finally:
            self.seconds[table] = self.seconds.get(table, 0.0) + time.perf_counter() - started

    def _insert(self, table: str, column_names: list[str], rows: list[tuple]) -> None:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in column_names)
        with transaction.atomic(), connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(column_names))
                cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})", rows)

    def flush(self, wait: bool = True) -> None:
        """Hand every buffered row to the database, parents first; with `wait`, return
        only once they are committed (before reading them back)."""
        for table in self.tables.values():
            table.flush()
        if wait and self._queue is not None:
            self._queue.join()
        self._raise_pending()

    def drop_indexes(self, models_: list[type[models.Model]]) -> list[str]:
        """Drop the secondary indexes of `models_` and return the statements that rebuild
        them: building an index once over sorted rows beats millions of inserts into it.
        On MariaDB/MySQL the indexes stay (an optimisation only; InnoDB's secondary indexes
        are rebuilt by dropping and re-adding them through ALTER TABLE, not worth it here)."""
        rebuild: list[str] = []
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for model in models_:
                table = model._meta.db_table
                if self.vendor == "postgresql":
                    cursor.execute(
                        "SELECT ci.relname, pg_get_indexdef(i.indexrelid), c.conname, "
                        "pg_get_constraintdef(c.oid) FROM pg_index i "
                        "JOIN pg_class ci ON ci.oid = i.indexrelid "
                        "LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
                        "AND c.conrelid = i.indrelid AND c.contype IN ('u', 'x') "
                        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary",
                        [table],
                    )
                    for index, indexdef, constraint, condef in cursor.fetchall():
                        if constraint:
                            cursor.execute(
                                f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(constraint)}"
                            )
                            rebuild.append(
                                f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(constraint)} {condef}"
                            )
                        else:
                            cursor.execute(f"DROP INDEX {quote(index)}")
                            rebuild.append(indexdef)
                elif self.vendor == "sqlite":
                    cursor.execute(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                        "AND tbl_name = %s AND sql IS NOT NULL",
                        [table],
                    )
                    for index, sql in cursor.fetchall():
                        cursor.execute(f"DROP INDEX {quote(index)}")
                        rebuild.append(sql)
        return rebuild

    def rebuild_indexes(self, statements: list[str]) -> None:
        self.flush()
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SET maintenance_work_mem = '256MB'")
            for sql in statements:
                with transaction.atomic():
                    cursor.execute(sql)

    def reset_session(self) -> None:
        """Back to normal settings for whatever runs on this connection next."""
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute("SET synchronous_commit = DEFAULT")

    def abort(self) -> None:
        """Stop the copy thread and restore the session after a failure."""
        if self._thread is not None:
            self._error = self._error or RuntimeError("aborted")
            self._queue.put(None)
            self._thread.join()
            self._thread = None
            self._queue = None
        self.reset_session()

    def check_foreign_keys(self) -> None:
        """Every foreign key of the written tables points at an existing row."""
        quote = connection.ops.quote_name
        problems = []
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if not table.written:
                    continue
                for field in table.fields:
                    if not field.is_relation or not field.many_to_one:
                        continue
                    target = field.related_model._meta
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table.table)} t "
                        f"WHERE t.{quote(field.column)} IS NOT NULL AND NOT EXISTS "
                        f"(SELECT 1 FROM {quote(target.db_table)} p "
                        f"WHERE p.{quote(target.pk.column)} = t.{quote(field.column)})"
                    )
                    orphans = cursor.fetchone()[0]
                    if orphans:
                        problems.append(f"{table.table}.{field.column}: {orphans} orphans")
        if problems:
            raise RuntimeError("generated rows break foreign keys: " + "; ".join(problems))

    def close(self) -> None:
        self.flush()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
            self._queue = None
        if self.vendor == "postgresql":
            self._fix_sequences()
            if not self.tuned:
                return
            self.reset_session()
            if self.deferred_checks:
                self.check_foreign_keys()
            # Fresh statistics for every table, not only those written here: the plans and
            # directories came through the ORM, and autovacuum may not have analysed them
            # yet (a planner that believes there is one active plan loops over every task).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elif self.vendor == "sqlite" and self.tuned:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("ANALYZE")

    def _fix_sequences(self) -> None:
        """Ids were allocated here: move each table's sequence past them."""
        with connection.cursor() as cursor:
            for table in self.tables.values():
                pk = table.model._meta.pk.column
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f'COALESCE((SELECT MAX("{pk}") FROM "{table.table}"), 1))',
                    [table.table, pk],
                )
