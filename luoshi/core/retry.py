"""Waiting out SQLite's write lock by retrying a whole transaction.

PostgreSQL and MariaDB make a second writer wait on the row lock; SQLite answers "database
is locked" once its busy timeout passes (or at once, "database table is locked", between
connections of one shared cache, as the in-memory test database is). A service whose
transaction takes a lock row first runs it through `when_sqlite_busy_retry`."""

from __future__ import annotations

import random
import time

from django.db import OperationalError, connection


def when_sqlite_busy_retry(fn, *, attempts: int = 400):
    """Run `fn` (one whole transaction), retrying it while SQLite reports a lock."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Inside an outer transaction a retry cannot start afresh: let the caller decide.
        return fn()
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.002 + random.random() * 0.01)  # noqa: S311 - jitter, not secrecy
    raise AssertionError("unreachable")
