"""Exports and the Excel import, each beside its bare baseline.

- An export is timed through the full request and, when it has more rows than
  LUOSHI_TASKS_INLINE_ROWS, through the background task (run inside the request by the
  immediate backend) and the download of its file: from the click to the file. Its
  baseline writes the same cells (read back from our own file) with raw openpyxl
  write_only. Peak Python memory of both is recorded (tracemalloc) to show the export
  stays bounded.
- The import posts a 10,000-row milestone workbook to the office's import page, within
  the product's own limits (services.milestones.MAX_ROWS): above LUOSHI_TASKS_INLINE_ROWS
  the page reads the file and hands its rows to a background task, so the timing runs
  from the upload to the imported rows. Its baseline loads the same 10,000 rows with
  COPY on PostgreSQL and one executemany (one prepared statement) on SQLite. The imported
  rows are deleted after each round, outside the timing.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl
from django.db import connection, transaction
from django.urls import resolve, reverse

from bench.bench_pages import _percentiles
from bench.django_harness import counting_queries, peak_memory_mb, signed_in_client
from bench.harness import measure, repeats_for, row

IMPORT_ROWS = 10000
MARK = "【基准导入】"


def _cells(content: bytes) -> list[tuple[str, list[list]]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book]
    book.close()
    return sheets


def _write_only(sheets: list[tuple[str, list[list]]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for r in rows:
            sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def exports(ctx) -> list[tuple[str, object, str]]:
    return [
        (
            "breakdown workbook export",
            ctx.office,
            reverse("plans:export", args=[ctx.largest_plan.pk, "xlsx"]),
        ),
        ("indicator table export", ctx.leader, reverse("indicators:table_xlsx")),
        (
            "ledger export",
            ctx.office,
            f"{reverse('supervision:ledger_xlsx')}?plan={ctx.largest_plan.pk}",
        ),
    ]


def _task_token(response) -> str | None:
    """The background task a page answered with, if it answered with one."""
    if response.status_code != 302:
        return None
    match = resolve(response["Location"])
    return str(match.kwargs["token"]) if match.view_name == "core:task" else None


def fetch(client, url: str) -> tuple[bytes, bool]:
    """The file a person gets from `url`: at once, or from the task it queued. Returns
    (content, whether it went through a background task)."""
    response = client.get(url)
    token = _task_token(response)
    if token is not None:
        response = client.get(reverse("core:task_download", args=[token]))
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    content = b"".join(response) if response.streaming else response.content
    return content, token is not None


def run(ctx, *, repeat: int = 30, only: str = "") -> list[dict]:
    out = []
    for name, user, url in exports(ctx):
        if only not in name:
            continue
        client = signed_in_client(user)
        content, as_task = fetch(client, url)
        sheets = _cells(content)
        cells = sum(len(r) for _t, rows in sheets for r in rows)
        with counting_queries() as counter:
            fetch(client, url)
        n = repeats_for(lambda c=client, u=url: fetch(c, u), repeat)
        timing = measure(lambda c=client, u=url: fetch(c, u), repeat=n, warmup=1)
        base = measure(lambda s=sheets: _write_only(s), repeat=n, warmup=1)
        out.append(
            row(
                name,
                ctx.scale,
                ctx.db,
                timing,
                base,
                counter.count,
                url=url,
                cells=cells,
                rows=sum(len(rows) for _t, rows in sheets),
                background_task=as_task,
                peak_mb=round(peak_memory_mb(lambda c=client, u=url: fetch(c, u)), 1),
                baseline_peak_mb=round(peak_memory_mb(lambda s=sheets: _write_only(s)), 1),
            )
        )
    if only in "excel import 10,000 rows":
        out.append(milestone_import(ctx, repeat=max(3, repeat // 6)))
    return out


# -- Excel import -------------------------------------------------------------------------


def _import_rows(ctx) -> list[tuple]:
    """10,000 valid milestone rows for the largest plan: (task number, year, title, owner
    short name, deadline, task id, owner id)."""
    from luoshi.plans.models import Assignment

    pairs = list(
        Assignment.objects.filter(task__plan=ctx.largest_plan, active=True)
        .exclude(unit__short_name="")
        .order_by("task__order", "order")
        .values_list("task__number", "unit__short_name", "task_id", "unit_id")
    )
    rows = []
    i = 0
    while len(rows) < IMPORT_ROWS:
        number, owner, task_id, unit_id = pairs[i % len(pairs)]
        year = 2027 + (i // len(pairs)) % 4
        deadline = dt.date(year, 3 * (i % 4) + 3, 28)
        rows.append((number, year, f"{MARK}工作要点{i + 1}", owner, deadline, task_id, unit_id))
        i += 1
    return rows


def _workbook(rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("工作要点")
    sheet.append(["任务编号", "年度", "工作要点", "责任单位", "完成时限"])
    for number, year, title, owner, deadline, _t, _u in rows:
        sheet.append([number, year, title, owner, deadline])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cleanup() -> None:
    from luoshi.core.models import AuditEvent
    from luoshi.supervision.models import Milestone

    Milestone.objects.filter(title__startswith=MARK).delete()
    AuditEvent.objects.filter(verb="milestone_import").delete()


COLUMNS = "task_id, year, title, owner_id, deadline, is_demo, created_at, created_by_id"
INSERT_MILESTONE = f"INSERT INTO supervision_milestone ({COLUMNS}) VALUES ({', '.join(['%s'] * 8)})"
COPY_MILESTONE = f"COPY supervision_milestone ({COLUMNS}) FROM STDIN"


def raw_load(params: list[tuple]) -> None:
    """The fastest plain load of the rows: COPY on PostgreSQL, executemany on SQLite."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(COPY_MILESTONE) as copy:
                for values in params:
                    copy.write_row(values)
        else:
            cursor.executemany(INSERT_MILESTONE, params)


def milestone_import(ctx, *, repeat: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.supervision.services import milestones as milestone_services

    # Within the product's own limits, which the benchmark does not touch.
    assert IMPORT_ROWS <= milestone_services.MAX_ROWS
    rows = _import_rows(ctx)
    data = _workbook(rows)
    client = signed_in_client(ctx.office)
    url = reverse("supervision:milestone_import", args=[ctx.largest_plan.pk])
    _cleanup()
    samples, queries = [], 0
    for i in range(repeat + 1):
        upload = SimpleUploadedFile(
            "milestones.xlsx",
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        with counting_queries() as counter:
            t0 = time.perf_counter()
            response = client.post(url, {"file": upload})
            elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 302, f"import answered {response.status_code}"
        as_task = _task_token(response) is not None
        from luoshi.supervision.models import Milestone

        imported = Milestone.objects.filter(title__startswith=MARK).count()
        assert imported == IMPORT_ROWS, f"imported {imported} rows"
        if i:
            samples.append(elapsed)
            queries = counter.count
        _cleanup()

    office_id = ctx.office.pk
    params = [
        (task_id, year, title, unit_id, deadline, False, dt.datetime.now(dt.UTC), office_id)
        for _n, year, title, _o, deadline, task_id, unit_id in rows
    ]

    base = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        raw_load(params)
        base.append((time.perf_counter() - t0) * 1000)
        _cleanup()
    return row(
        "excel import 10,000 rows",
        ctx.scale,
        ctx.db,
        _percentiles(samples),
        _percentiles(base[1:]),
        queries,
        url="POST " + url,
        rows=IMPORT_ROWS,
        background_task=as_task,
        baseline_method="COPY" if connection.vendor == "postgresql" else "executemany",
    )
