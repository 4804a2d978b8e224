"""`make load`: the last hour before a reporting deadline, on this machine.

    python -m bench.load                       # steps of 25, 50, 100, 200 users, 60 s each
    python -m bench.load --steps 25,50 --duration 30
    LOAD_ARGS="--steps 200 --duration 120" make load

What it does:
1. a dedicated PostgreSQL database `luoshi_load`, generated at city scale once (gen-data);
2. gunicorn on 127.0.0.1 only, with sync workers = 2 × cores + 1 as the README's deploy
   section says, DEBUG off;
3. per step: ad-hoc rounds (专项督查) due today over every task of the Suining plan, so
   each unit has reports due within the hour; N simulated users (bench/load_users.py:
   90% unit users — sign in, to-do, report editor, draft autosave, sign-off — and 10%
   leaders opening the dashboard and the overview), ramped up, then measured for the
   step's duration or request budget, whichever ends first;
4. afterwards every submission the clients saw confirmed is looked up in the database:
   exactly one submitted report and exactly one "submitted" version each (no lost and no
   duplicated writes), and no submitted report the clients did not see confirmed;
5. throughput, p50/p95/p99 and errors per step go to bench/results/load.json and a table,
   beside the latency of signing in: users sign in during the ramp (`--spawn-rate` per
   second, 0.5 s of PBKDF2 each), which the steady-state figures leave out, so the table
   shows both. The knee is the first step whose steady-state p95 passes 1 s; the first
   step whose sign-in p95 passes 1 s is reported beside it.
Everything stops by itself; nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DATABASE = "luoshi_load"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DB_URL,
        LUOSHI_VAR_DIR=str(ROOT / "bench" / ".data" / "load"),
        DJANGO_SETTINGS_MODULE="luoshi.config.settings",
        DEBUG="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # A sync worker serves one request at a time; two pooled connections are plenty.
        DB_POOL_SIZE="2",
    )
    return env


def _setup_django() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
        if not c.execute("select 1 from pg_database where datname=%s", [DATABASE]).fetchone():
            c.execute(f'create database "{DATABASE}"')
    env = _env()
    os.environ.update({k: env[k] for k in _OWN})
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


_OWN = {
    "DATABASE_URL",
    "LUOSHI_VAR_DIR",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "EMAIL_BACKEND",
    "DB_POOL_SIZE",
}


class Server:
    def __init__(self, port: int, workers: int):
        self.port = port
        self.workers = workers
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        cmd = [
            str(Path(sys.executable).with_name("gunicorn")),
            "luoshi.config.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not come up")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def open_rounds(users: int, duration: int, step: int, think: float = 2.0) -> dict:
    """Ad-hoc rounds due today on every task, enough for the step's submissions; returns
    the cells per unit account and the round ids."""
    from django.utils import timezone

    from bench.data import MAIN_PLAN_TITLE
    from luoshi.accounts.models import User
    from luoshi.core.roles import Role
    from luoshi.plans.models import Assignment, Plan, Task
    from luoshi.supervision import services

    plan = Plan.objects.filter(title=MAIN_PLAN_TITLE).order_by("id").first()
    tasks = list(Task.objects.filter(plan=plan, active=True).order_by("order"))
    assignments = list(
        Assignment.objects.filter(task__plan=plan, active=True)
        .order_by("task__order", "order")
        .values_list("task_id", "unit_id")
    )
    # A unit user submits a report every three think pauses plus its requests.
    expected = users * 0.9 * duration / (3 * think + 0.5)
    count = max(1, math.ceil(expected * 1.3 / len(assignments)))
    today = timezone.localdate()
    stamp = datetime.now(UTC).strftime("%H%M%S")
    rounds = []
    for i in range(count):
        period = services.period_open_adhoc(
            actor=None,
            plan=plan,
            title=f"{ROUND_TITLE} {stamp}-{step}-{i + 1}",
            start=today,
            due_date=today,
            tasks=tasks,
            note="load test",
            today=today,
        )
        rounds.append(period.pk)
    approvers = {
        u.unit_id: u.username
        for u in User.objects.filter(
            role=Role.APPROVER, unit__region=plan.region, username__startswith="sn."
        ).order_by("id")
    }
    cells: dict[str, list] = {}
    units: dict[str, int] = {}
    for period_id in rounds:
        for task_id, unit_id in assignments:
            account = approvers.get(unit_id)
            if account:
                cells.setdefault(account, []).append([period_id, task_id])
                units[account] = unit_id
    # Units with the most work first: a county government reports on every task.
    accounts = sorted(cells, key=lambda a: -len(cells[a]))
    leaders = list(
        User.objects.filter(role__in=[Role.LEADER, Role.COORDINATOR], username__startswith="sn.")
        .order_by("username")
        .values_list("username", flat=True)
    )
    from django.urls import reverse

    from luoshi.supervision.models import Period

    last_due = (
        Period.objects.filter(plan=plan, kind="regular", due_date__lt=today)
        .order_by("-due_date")
        .first()
    )
    return {
        "rounds": rounds,
        "cells": cells,
        "units": units,
        "accounts": accounts,
        "leaders": leaders,
        "overview_url": f"{reverse('supervision:overview')}?plan={plan.pk}"
        + (f"&period={last_due.pk}" if last_due else ""),
    }


def verify(rounds: list[int], submitted: list[list[int]]) -> dict:
    """Every confirmed submission is stored exactly once, with exactly one version."""
    from django.db.models import Count, Q

    from luoshi.supervision.models import UnitReport

    confirmed = {tuple(c) for c in submitted}
    reports = UnitReport.objects.filter(period_id__in=rounds)
    stored = {
        (r["period_id"], r["task_id"], r["unit_id"]): r
        for r in reports.annotate(
            versions_submitted=Count("versions", filter=Q(versions__event="submitted"))
        ).values("period_id", "task_id", "unit_id", "status", "versions_submitted")
    }
    submitted_rows = {k for k, r in stored.items() if r["status"] == "submitted"}
    lost = [k for k in confirmed if k not in submitted_rows]
    duplicated = [k for k in confirmed if k in stored and stored[k]["versions_submitted"] != 1]
    unconfirmed = [k for k in submitted_rows if k not in confirmed]
    return {
        "client_submissions": len(submitted),
        "distinct_confirmed": len(confirmed),
        "stored_submitted": len(submitted_rows),
        "stored_versions": sum(r["versions_submitted"] for r in stored.values()),
        "drafts_left": sum(1 for r in stored.values() if r["status"] == "draft"),
        "lost": len(lost),
        "duplicated": len(duplicated) + (len(submitted) - len(confirmed)),
        "submitted_unconfirmed": len(unconfirmed),
    }


def _cpu_total() -> float:
    """Busy CPU seconds of the whole machine since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _cpu_of(match) -> float:
    """CPU seconds used so far by the processes whose command line `match` accepts."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="ignore")
            if not match(cmdline):
                continue
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(stat[11]) + int(stat[12])
        except OSError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _ours(cmdline: str) -> bool:
    return "luoshi.config.wsgi" in cmdline or DATABASE in cmdline


def run_step(args, users: int, step: int) -> dict:
    """One step on a server of its own: when the clients stop, requests they gave up on
    may still be queued in gunicorn; stopping the server (graceful: running requests
    finish) before the check means nothing is written after it."""
    low, high = (float(x) for x in args.think.split(","))
    plan = open_rounds(users, args.duration, step, think=(low + high) / 2)
    from django.db import connection

    connection.close()
    with Server(args.port, args.workers) as server:
        result = _drive(server, users, args, plan)
    result["writes"] = verify(plan["rounds"], result.pop("submitted"))
    sign_in = result["sign_in_during_ramp"]["sign in"]
    result["sign_in_p50_ms"], result["sign_in_p95_ms"] = sign_in["p50_ms"], sign_in["p95_ms"]
    _close_rounds(plan["rounds"])
    return result


def _drive(server: Server, users: int, args, plan: dict) -> dict:
    spec = {
        "host": server.url,
        "users": users,
        "spawn_rate": args.spawn_rate,
        "duration": args.duration,
        "max_requests": args.max_requests,
        "think": [float(x) for x in args.think.split(",")],
        "password": os.environ.get("LUOSHI_DEMO_PASSWORD", "luoshi-demo-2025"),
        # Other work on the machine skews the figures: recorded with them.
        "load_average": [round(x, 2) for x in os.getloadavg()],
        **{k: plan[k] for k in ("cells", "units", "accounts", "leaders", "overview_url")},
    }
    with tempfile.TemporaryDirectory() as tmp:
        spec_path, out_path = Path(tmp) / "spec.json", Path(tmp) / "out.json"
        spec_path.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
        budget = args.duration + users / args.spawn_rate + 120
        busy_before, ours_before = _cpu_total(), _cpu_of(_ours)
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, "-m", "bench.load_users", str(spec_path), str(out_path)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=True,
            timeout=budget,
        )
        result = json.loads(out_path.read_text("utf-8"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _cpu_total() - busy_before
    ours = _cpu_of(_ours) - ours_before
    locust = (children.ru_utime + children.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    # Other people's work on a shared machine shows up here: it competes for the cores.
    result["cpu_seconds"] = {
        "machine": round(busy, 1),
        "server_and_database": round(ours, 1),
        "load_generator": round(locust, 1),
        "other": round(max(0.0, busy - ours - locust), 1),
    }
    return result


ROUND_TITLE = "截止日压力测试"


def _close_rounds(rounds: list[int] | None = None) -> None:
    """Remove the test's rounds (and their reports), so every step starts from the same
    to-do lists; without `rounds`, whatever an interrupted run left behind."""
    from luoshi.supervision.models import Period

    periods = Period.objects.filter(kind=Period.Kind.ADHOC, title__startswith=ROUND_TITLE)
    if rounds is not None:
        periods = periods.filter(pk__in=rounds)
    periods.delete()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--steps", default="25,50,100,200")
    parser.add_argument("--duration", type=int, default=60, help="measured seconds per step")
    parser.add_argument("--spawn-rate", type=float, default=10.0, help="users started per second")
    parser.add_argument("--max-requests", type=int, default=50000, help="request budget per step")
    parser.add_argument(
        "--think",
        default="1,3",
        help="seconds a unit user waits between steps, min,max (leaders wait twice as long); "
        "1,3 is a stress test, 10,30 closer to people typing reports",
    )
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8011)
    parser.add_argument("--out", default=str(RESULTS / "load.json"))
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    _setup_django()
    from bench.data import ensure

    ensure(scale="city", db="postgres")
    _close_rounds()
    from django.db import connection

    connection.close()

    # A terminated run still stops its server (the with-block below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    steps = [int(s) for s in args.steps.split(",") if s]
    results = []
    for i, users in enumerate(steps, start=1):
        print(
            f"== {users} users: ramp {users / args.spawn_rate:.0f} s, then {args.duration} s",
            flush=True,
        )
        result = run_step(args, users, i)
        results.append(result)
        _print_step(result)
        connection.close()
    knee = next((r["users"] for r in results if r["p95_ms"] > 1000), None)
    sign_in_knee = next((r["users"] for r in results if r["sign_in_p95_ms"] > 1000), None)
    from bench.__main__ import machine

    out = {
        "machine": {**machine(), "gunicorn_workers": args.workers, "database": "postgresql"},
        "scenario": {
            "data": "city scale (gen-data), ad-hoc rounds due today on every task",
            "duration_s": args.duration,
            "spawn_rate": args.spawn_rate,
            "max_requests": args.max_requests,
            "users": "90% unit users (sign in, to-do, report editor, autosave, sign-off), "
            "10% leaders (dashboard, overview)",
            "think_seconds": args.think,
        },
        "knee_users": knee,
        "sign_in_over_1s_from_users": sign_in_knee,
        "steps": results,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2), "utf-8")
    print_table(results, knee, sign_in_knee, args.spawn_rate)
    print(f"\nwritten to {args.out}")
    bad = [r for r in results if r["failures"] or r["writes"]["lost"] or r["writes"]["duplicated"]]
    return 1 if bad else 0


def _print_step(r: dict) -> None:
    w = r["writes"]
    print(
        f"   {r['requests']} requests in {r['seconds']} s ({r['throughput_rps']}/s), "
        f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, "
        f"{r['failures']} errors; {w['client_submissions']} submissions confirmed, "
        f"{w['stored_submitted']} stored, {w['lost']} lost, {w['duplicated']} duplicated",
        flush=True,
    )
    cpu = r.get("cpu_seconds")
    if cpu:
        print(
            f"   CPU seconds: server+database {cpu['server_and_database']}, load generator "
            f"{cpu['load_generator']}, other processes {cpu['other']} (machine {cpu['machine']})",
            flush=True,
        )
    for problem in r.get("problems", [])[:5]:
        print(f"   ! {problem}")


def print_table(
    results: list[dict], knee: int | None, sign_in_knee: int | None, spawn_rate: float
) -> None:
    """Steady state (after every user signed in) beside signing in (during the ramp)."""
    header = (
        f"{'users':>6} {'req/s':>7} | {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} | "
        f"{'sign-in p50':>11} {'sign-in p95':>11} | {'errors':>6} {'submits':>8} "
        f"{'stored':>7} {'lost':>5} {'dup':>4} {'in flight':>9}"
    )
    print("\n" + header)
    print("-" * len(header))
    for r in results:
        w = r["writes"]
        print(
            f"{r['users']:>6} {r['throughput_rps']:>7} | {r['p50_ms']:>7} {r['p95_ms']:>7} "
            f"{r['p99_ms']:>7} | {r['sign_in_p50_ms']!s:>11} {r['sign_in_p95_ms']!s:>11} | "
            f"{r['failures']:>6} {w['client_submissions']:>8} {w['stored_submitted']:>7} "
            f"{w['lost']:>5} {w['duplicated']:>4} {w['submitted_unconfirmed']:>9}"
        )
    print(
        f"\nsigning in: every user signs in once during the ramp, {spawn_rate:g} new users a "
        "second; submits: sign-offs the clients saw confirmed; stored: submitted reports in "
        "the database; in flight: stored, but the client was stopped before the answer came"
    )
    print(
        f"knee (first step with steady-state p95 > 1 s): {knee} users"
        if knee
        else "knee: steady-state p95 stayed under 1 s at every step"
    )
    print(
        f"sign-in p95 > 1 s from {sign_in_knee} users"
        if sign_in_knee
        else "sign-in p95 stayed under 1 s at every step"
    )


if __name__ == "__main__":
    sys.exit(main())
