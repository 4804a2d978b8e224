"""The benchmark data set: generated once per database × scale, then reused.

`ensure(scale=, db=)` generates the scale with `luoshi gen-data` unless the database
already holds it (gen-data records a marker in the audit trail when it finishes); a
database holding something else, or a generation that was interrupted, is wiped first.
It returns a Context with what the benchmarks need: the users, the Suining plan, the
period to look at, a unit with many tasks, and reports that can still be submitted.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"


def configure(db: str, scale: str) -> None:
    folder = DATA / f"{db}-{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["LUOSHI_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.config.settings")
    # As in production: no query log, cached templates; mail stays in memory.
    os.environ["DEBUG"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    # Exports and imports above LUOSHI_TASKS_INLINE_ROWS become background tasks; the
    # immediate backend runs them inside the request, so a timing runs from the click to
    # the finished file (in production the worker adds at most its 1 s poll).
    os.environ["LUOSHI_TASKS_BACKEND"] = "immediate"
    if db == "postgres":
        name = f"luoshi_bench_{scale}"
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            if not conn.execute("select 1 from pg_database where datname=%s", [name]).fetchone():
                conn.execute(f'create database "{name}"')
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        os.environ.pop("DATABASE_URL", None)


MAIN_PLAN_TITLE = "遂宁市增强协同创新发展能力行动方案"
# The unit with the longest to-do list: a county government is involved in every task.
TODO_UNIT = "chuanshan"
CITY = "sn"


@dataclass
class Context:
    scale: str
    db: str
    office: object
    leader: object
    reporter: object  # of the county government: the longest to-do list
    plan: object  # the Suining plan (targets, dashboard)
    largest_plan: object  # the plan with the most tasks (exports, imports)
    period: object  # the last period already due: fully reported
    open_period: object
    task: object  # the task with the most assignments
    approvers: dict = field(default_factory=dict)  # unit id -> approver
    generated: dict = field(default_factory=dict)

    def submittable(self, limit: int = 200) -> list[tuple[object, object, object]]:
        """(approver, period, task) for reports not started in the open period."""
        from luoshi.plans.models import Assignment
        from luoshi.supervision.models import UnitReport

        taken = set(
            UnitReport.objects.filter(period=self.open_period).values_list("task_id", "unit_id")
        )
        out = []
        for task_id, unit_id in (
            Assignment.objects.filter(task__plan=self.plan, active=True)
            .order_by("task__order", "order")
            .values_list("task_id", "unit_id")
        ):
            if (task_id, unit_id) in taken or unit_id not in self.approvers:
                continue
            out.append((self.approvers[unit_id], self.open_period, task_id))
            if len(out) >= limit:
                break
        return out


def _wipe() -> None:
    """Start from an empty schema (also undoes an interrupted generation)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        name = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)


def ensure(*, scale: str, db: str, seed: int = 1) -> Context:
    from luoshi.demo.gen import generate, generated_scales
    from luoshi.plans.models import Plan

    done = generated_scales()
    if scale not in done:
        if Plan.objects.exists() or done:
            print(f"  {db}/{scale}: database holds other data; starting afresh", flush=True)
            _wipe()
        print(f"  generating {scale} into {db} (once; reused by later runs)…", flush=True)
        started = time.perf_counter()
        summary = generate(scale=scale, seed=seed, progress=sys.stderr.isatty())
        for line in summary.lines():
            print("  " + line, flush=True)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
        done = generated_scales()
    return _context(scale, db, done[scale])


def _context(scale: str, db: str, generated: dict) -> Context:
    from django.db.models import Count

    from luoshi.accounts.models import User
    from luoshi.core.roles import Role
    from luoshi.plans.models import Plan, Task
    from luoshi.supervision.models import Period

    today = dt.date.fromisoformat(generated.get("today") or dt.date.today().isoformat())
    office = User.objects.get(username=f"{CITY}.office")
    plan = Plan.objects.filter(title=MAIN_PLAN_TITLE).order_by("id").first()
    largest = (
        Plan.objects.filter(region=plan.region)
        .annotate(n=Count("tasks"))
        .order_by("-n", "id")
        .first()
    )
    periods = list(Period.objects.filter(plan=plan, kind=Period.Kind.REGULAR).order_by("start"))
    past = [p for p in periods if p.due_date < today]
    current = [p for p in periods if p.start <= today <= p.due_date]
    task = (
        Task.objects.filter(plan=plan, active=True)
        .annotate(n=Count("assignments"))
        .order_by("-n", "order")
        .first()
    )
    approvers = {
        u.unit_id: u
        for u in User.objects.filter(
            role=Role.APPROVER, unit__region=plan.region, username__startswith=f"{CITY}."
        )
    }
    return Context(
        scale=scale,
        db=db,
        office=office,
        leader=User.objects.get(username=f"{CITY}.leader"),
        reporter=User.objects.get(username=f"{CITY}.{TODO_UNIT}.reporter"),
        plan=plan,
        largest_plan=largest,
        period=past[-1],
        open_period=current[0] if current else periods[-1],
        task=task,
        approvers=approvers,
        generated=generated,
    )


if __name__ == "__main__":  # python -m bench.data --db sqlite --scale city: generate only
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--scale", default="city")
    args = parser.parse_args()
    configure(args.db, args.scale)
    import django

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    ctx = ensure(scale=args.scale, db=args.db)
    print(f"ready: {ctx.plan} · {ctx.period} · {os.environ.get('DATABASE_URL', 'sqlite')}")
