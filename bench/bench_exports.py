"""Exports and the Excel import, each beside its bare baseline.

- An export is timed through the full request; its baseline writes the same cells (read
  back from our own file) with raw openpyxl write_only. Peak Python memory of both is
  recorded (tracemalloc) to show the export stays bounded.
- The import posts a 10,000-row milestone workbook to the office's import page; its
  baseline inserts the same 10,000 rows with one raw executemany. The imported rows are
  deleted after each round, outside the timing.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import openpyxl
from django.db import connection, transaction
from django.urls import reverse

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


def run(ctx, *, repeat: int = 30, only: str = "") -> list[dict]:
    out = []
    for name, user, url in exports(ctx):
        if only not in name:
            continue
        client = signed_in_client(user)
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        content = b"".join(response) if response.streaming else response.content
        sheets = _cells(content)
        cells = sum(len(r) for _t, rows in sheets for r in rows)
        with counting_queries() as counter:
            client.get(url)
        n = repeats_for(lambda c=client, u=url: c.get(u), repeat)
        timing = measure(lambda c=client, u=url: c.get(u), repeat=n, warmup=1)
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
                peak_mb=round(peak_memory_mb(lambda c=client, u=url: c.get(u)), 1),
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


INSERT_MILESTONE = """
INSERT INTO supervision_milestone
  (task_id, year, title, owner_id, deadline, done_on, done_report_id, is_demo, created_at,
   created_by_id)
VALUES (%s, %s, %s, %s, %s, NULL, NULL, %s, %s, %s)
"""


def milestone_import(ctx, *, repeat: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.supervision.services import milestones as milestone_services

    # The page accepts 2,000 rows per file (MAX_ROWS); the benchmark lifts the limit in
    # this process to time the 10,000 rows the issue asks for.
    milestone_services.MAX_ROWS = max(milestone_services.MAX_ROWS, IMPORT_ROWS)
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

    def raw_insert():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(INSERT_MILESTONE, params)

    base = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        raw_insert()
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
    )
