"""Shared test helpers: query counting and personas' passwords."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

PASSWORD = "Test-password-2025!"


def query_count(fn: Callable[[], object]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_constant_queries(
    fetch: Callable[[], object], grow: Callable[[], object], expected: int | None = None
):
    """`fetch` issues the same number of queries before and after `grow` adds rows."""
    fetch()  # warm caches (content types, sessions) so both measurements see the same work
    before, sql_before = query_count(fetch)
    grow()
    after, sql_after = query_count(fetch)
    assert before == after, f"query count grew from {before} to {after}:\n" + "\n".join(sql_after)
    if expected is not None:
        assert before == expected, f"expected {expected} queries, got {before}:\n" + "\n".join(
            sql_before
        )
    return before


def run_queued_tasks(worker_id: str = "test-worker") -> None:
    """Work the database backend's queue until it is empty, as `luoshi db_worker --batch`
    does (its own worker loop, without the command's signal handlers)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
