"""Pages through Django's full request handling, each beside its bare baseline.

The baseline of a page is a minimal Django view that fetches the rows the page shows with
ONE raw SQL query and renders them in a plain template (bench/django_harness.py): the
ratio is the page's overhead over the unavoidable work. Report submit is a POST that
saves and signs off a new report; its baseline is one raw INSERT of the same row.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from bench.django_harness import baseline, counting_queries, page, signed_in_client
from bench.harness import Timing, row

TODO_LOOKBACK_DAYS = 90

OVERVIEW_SQL = """
SELECT t.number, t.title, u.short_name, a.role, r.status, r.return_count, r.first_submitted_at
FROM plans_task t
JOIN plans_assignment a ON a.task_id = t.id AND a.active
JOIN org_unit u ON u.id = a.unit_id
LEFT JOIN supervision_unitreport r
  ON r.period_id = %s AND r.task_id = t.id AND r.unit_id = a.unit_id
WHERE t.plan_id = %s AND t.active
ORDER BY t."order", a."order"
"""

TODO_SQL = """
SELECT p.due_date, t.number, t.title, r.status, r.return_comment
FROM plans_assignment a
JOIN plans_task t ON t.id = a.task_id AND t.active
JOIN supervision_period p ON p.plan_id = t.plan_id AND p.start <= %s AND p.due_date >= %s
LEFT JOIN supervision_unitreport r
  ON r.period_id = p.id AND r.task_id = t.id AND r.unit_id = a.unit_id
WHERE a.unit_id = %s AND a.active
ORDER BY p.due_date, t.plan_id, t."order"
"""

TASK_SQL = """
SELECT t.number, t.title, t.text, u.short_name, a.role, r.status, r.progress_pct
FROM plans_task t
JOIN plans_assignment a ON a.task_id = t.id AND a.active
JOIN org_unit u ON u.id = a.unit_id
LEFT JOIN supervision_unitreport r
  ON r.period_id = %s AND r.task_id = t.id AND r.unit_id = a.unit_id
WHERE t.id = %s
ORDER BY a."order"
"""

TIMELINE_SQL = """
SELECT p.start, u.short_name, a.role, r.status, r.progress_pct, r.return_count
FROM plans_assignment a
JOIN org_unit u ON u.id = a.unit_id
JOIN supervision_period p ON p.plan_id = %s AND p.kind = 'regular'
LEFT JOIN supervision_unitreport r
  ON r.period_id = p.id AND r.task_id = a.task_id AND r.unit_id = a.unit_id
WHERE a.task_id = %s AND a.active
ORDER BY p.start DESC, a."order"
"""

DASHBOARD_SQL = """
SELECT i.name, g.name, v.year, v.value
FROM indicators_indicatorvalue v
JOIN indicators_indicator i ON i.id = v.indicator_id
JOIN org_region g ON g.id = v.region_id
WHERE v.region_id IN (SELECT id FROM org_region WHERE id = %s OR parent_id = %s)
ORDER BY i."order", g."order", v.year
"""

SCORECARD_SQL = """
SELECT u.short_name, r.status, COUNT(*), SUM(r.return_count)
FROM supervision_unitreport r
JOIN supervision_period p ON p.id = r.period_id
JOIN org_unit u ON u.id = r.unit_id
WHERE p.plan_id = %s
GROUP BY u.short_name, r.status
ORDER BY 1, 2
"""


def _dashboard_region(ctx):
    # The dashboard shows the most recent plan with monitored targets (selectors.default_plan).
    from luoshi.plans.models import Plan

    plan = Plan.objects.filter(goals__isnull=False).distinct().order_by("-issued_on", "-id").first()
    return (plan or ctx.plan).region_id


def _last_due_period(plan, today):
    from luoshi.supervision.models import Period

    return (
        Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR, due_date__lt=today)
        .order_by("-due_date")
        .first()
    )


def pages(ctx) -> list[tuple[str, object, str, str, list]]:
    """(name, user, url, baseline SQL, params) of every page benchmarked."""
    today = timezone.localdate()
    region = _dashboard_region(ctx)
    period, plan, task = ctx.period, ctx.plan, ctx.task
    big = ctx.largest_plan
    big_period = _last_due_period(big, today)
    return [
        (
            "layout floor (empty page)",
            ctx.office,
            reverse("bench_layout"),
            "SELECT 1",
            [],
        ),
        (
            "period overview",
            ctx.office,
            f"{reverse('supervision:overview')}?plan={plan.pk}&period={period.pk}",
            OVERVIEW_SQL,
            [period.pk, plan.pk],
        ),
        (
            "period overview (largest plan)",
            ctx.office,
            f"{reverse('supervision:overview')}?plan={big.pk}&period={big_period.pk}",
            OVERVIEW_SQL,
            [big_period.pk, big.pk],
        ),
        (
            "dashboard",
            ctx.leader,
            reverse("indicators:dashboard"),
            DASHBOARD_SQL,
            [region, region],
        ),
        (
            "unit home (to-do)",
            ctx.reporter,
            reverse("supervision:todo"),
            TODO_SQL,
            [today, today - dt.timedelta(days=TODO_LOOKBACK_DAYS), ctx.reporter.unit_id],
        ),
        (
            "task page",
            ctx.office,
            reverse("plans:task", args=[task.pk]),
            TASK_SQL,
            [ctx.open_period.pk, task.pk],
        ),
        (
            "task timeline",
            ctx.office,
            reverse("supervision:task_timeline", args=[task.pk]),
            TIMELINE_SQL,
            [plan.pk, task.pk],
        ),
        (
            # The scorecard became the yearly assessment: the draft of the last due period's
            # year, every unit's calculation computed live.
            "assessment",
            ctx.leader,
            reverse("assessment:scheme", args=[_scheme(plan, ctx.period.end.year).pk]),
            SCORECARD_SQL,
            [plan.pk],
        ),
    ]


def _scheme(plan, year: int):
    from luoshi.assessment import services
    from luoshi.assessment.models import Scheme

    found = Scheme.objects.filter(plan=plan, year=year).first()
    return found or services.scheme_create(actor=None, plan=plan, year=year)


def run(ctx, *, repeat: int = 30, only: str = "") -> list[dict]:
    out = []
    for name, user, url, sql, params in pages(ctx):
        if only not in name:
            continue
        client = signed_in_client(user)
        timing, queries = page(client, url, repeat=repeat)
        base = baseline(sql, params, client=client, repeat=repeat)
        out.append(row(name, ctx.scale, ctx.db, timing, base, queries, url=url))
    if only in "report submit":
        out.append(report_submit(ctx, repeat=repeat))
    return out


# -- report submit ------------------------------------------------------------------------

INSERT_SQL = """
INSERT INTO supervision_unitreport
  (period_id, task_id, unit_id, status, work_done, problems, next_steps, self_status,
   progress_pct, nothing_new, milestones_done, version, return_count, first_submitted_at,
   submitted_at, signed_by_id, return_comment, created_at, updated_at, updated_by_id, is_demo,
   combined, task_note)
VALUES (%s, %s, %s, 'submitted', %s, '', '', 'on_track', 50, %s, '[]', 3, 0, %s, %s, %s, '',
        %s, %s, %s, %s, FALSE, '')
"""

FORM = {
    "version": "0",
    "work_done": "本季度召开专题推进会2次，完成项目申报3个，其中1个已进入省级评审。",
    "problems": "部分项目前期手续办理进度偏慢。",
    "next_steps": "下一步将加强调度，确保按期完成年度目标。",
    "self_status": "on_track",
    "progress_pct": "50",
}


def _percentiles(samples: list[float]) -> Timing:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return Timing(statistics.median(samples), p95, len(samples))


def report_submit(ctx, *, repeat: int = 30) -> dict:
    """Save and sign off a new report in one POST (the approver's "sign off" button), each
    time on another task; the created report is deleted afterwards, outside the timing."""
    from luoshi.supervision.models import UnitReport

    warmup = 3
    cells = ctx.submittable(limit=repeat + warmup + 1)
    if len(cells) < repeat + warmup + 1:
        raise RuntimeError("not enough unstarted reports in the open period to time submits")
    clients = {}
    samples: list[float] = []
    queries = 0
    for i, (approver, period, task_id) in enumerate(cells):
        client = clients.get(approver.pk) or clients.setdefault(
            approver.pk, signed_in_client(approver)
        )
        url = reverse("supervision:report_sign_off", args=[period.pk, task_id])
        with counting_queries() as counter:
            t0 = time.perf_counter()
            response = client.post(url, FORM)
            elapsed = (time.perf_counter() - t0) * 1000
        assert response.status_code == 302, f"{url} answered {response.status_code}"
        if i == warmup:
            queries = counter.count
        if i >= warmup and len(samples) < repeat:
            samples.append(elapsed)
        UnitReport.objects.filter(period=period, task_id=task_id, unit_id=approver.unit_id).delete()

    # Baseline: one raw INSERT of the same row, committed.
    base_samples = []
    approver, period, task_id = cells[0]
    for _ in range(repeat + warmup):
        now = timezone.now()
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                INSERT_SQL,
                [
                    period.pk,
                    task_id,
                    approver.unit_id,
                    FORM["work_done"],
                    False,
                    now,
                    now,
                    approver.pk,
                    now,
                    now,
                    approver.pk,
                    False,
                ],
            )
        base_samples.append((time.perf_counter() - t0) * 1000)
        UnitReport.objects.filter(period=period, task_id=task_id, unit_id=approver.unit_id).delete()
    return row(
        "report submit",
        ctx.scale,
        ctx.db,
        _percentiles(samples),
        _percentiles(base_samples[warmup:]),
        queries,
        url="POST " + reverse("supervision:report_sign_off", args=[period.pk, task_id]),
    )
