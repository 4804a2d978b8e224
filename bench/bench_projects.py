"""Expert review of a project call: 200 applications × 7 experts.

A child process builds its own SQLite database: the Suining directory, the S&T office, one
verified enterprise that files 200 applications to one call, formal review passed, a panel of
7 drawn experts and 1,400 scores saved through the services.

Measured, median / p95 of the server side:
- review sheet: the call's page through Django's whole request handling (test Client): the
  grid of 1,400 scores, every application's aggregate with its outliers and the approval
  list within the budget; beside a bare baseline that reads the same scores with one raw SQL
  query. Target: under 1 s, the same query count as for one application.
- approval list: publishing it (ranking, 200 rows updated, audited) once.

    python -m bench.bench_projects [--repeat 15]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APPLICATIONS = 200
EXPERTS = 7
TARGET_MS = 1000


def _child(repeat: int) -> dict:
    import random

    import django

    django.setup()
    import yaml
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.harness import measure
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.org import services as org
    from luoshi.org.models import Unit
    from luoshi.organisations import services as organisations
    from luoshi.organisations.codes import synthetic_credit_code
    from luoshi.projects import services

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    fixture = ROOT / "luoshi" / "org" / "fixtures" / "suining.yaml"
    org.directory_load(actor=None, data=yaml.safe_load(fixture.read_text("utf-8")))
    office = accounts.user_create(
        actor=None,
        username="bench-office",
        password="Bench-password-2025!",
        unit=Unit.objects.get(code="kjj"),
        role=Role.COORDINATOR,
        full_name="office",
        validate=False,
    )
    firm = organisations.organisation_register(
        credit_code=synthetic_credit_code(8001),
        name="遂宁基准企业",
        kind="enterprise",
        contact_name="c",
        contact_phone="1",
        username="bench-firm",
        password="Bench-password-2025!",
        proof=None,
        is_demo=True,
        check_password=False,
    )
    firm = organisations.organisation_verify(actor=None, organisation=firm)
    person = firm.memberships.get().user
    day = dt.date(2025, 4, 10)
    call = services.call_create(
        actor=office,
        title="基准申报",
        year=2025,
        guide="",
        categories=["重点研发"],
        budget=20_000_000,
        max_request=500_000,
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
        org_kinds=["enterprise"],
    )
    services.call_open(actor=office, call=call)
    started = time.perf_counter()
    apps = [
        services.application_submit(
            actor=person,
            call=call,
            category="重点研发",
            title=f"项目{i:03d}",
            summary="内容",
            requested=100_000 + 1000 * i,
            matching=0,
            leader_name="张",
            leader_phone="1",
            today=day,
        )
        for i in range(APPLICATIONS)
    ]
    services.call_close(actor=office, call=call)
    for app in apps:
        services.formal_review(actor=office, application=app, ok=True)
    from luoshi.experts import services as expert_db

    for i in range(20):
        expert_db.expert_add(
            actor=None,
            name=f"专家{i}",
            field_code=f"430.{10 + i}",
            field_name="材料科学",
            employer=f"大学{i}",
        )
    panel = services.panel_draw(actor=office, call=call, field_codes=["430"], seed="bench")
    rnd = random.Random(1)
    experts = list(panel.experts.all())
    services.scores_save(
        actor=office,
        panel=panel,
        sheet={(a.pk, e.pk): rnd.randint(40, 98) for a in apps for e in experts},
    )
    built_s = time.perf_counter() - started

    client = Client()
    client.force_login(office)
    url = reverse("projects:call", args=[call.pk])

    def page():
        response = client.get(url)
        assert response.status_code == 200

    with CaptureQueriesContext(connection) as captured:
        page()
    queries = len(captured)

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.application_id, s.expert_id, s.total FROM projects_score s "
                "JOIN projects_panelexpert e ON e.id = s.expert_id WHERE e.panel_id = %s",
                [panel.pk],
            )
            cursor.fetchall()

    live = measure(page, repeat=repeat, warmup=2)
    base = measure(baseline, repeat=repeat, warmup=2)
    t0 = time.perf_counter()
    services.call_publish_list(actor=office, call=call, today=day)
    publish_ms = (time.perf_counter() - t0) * 1000
    return {
        "live": {"median_ms": live.median_ms, "p95_ms": live.p95_ms, "queries": queries},
        "baseline": {"median_ms": base.median_ms, "p95_ms": base.p95_ms},
        "publish_ms": publish_ms,
        "built_s": built_s,
        "samples": live.samples,
    }


def run(repeat: int = 15, db: str = "sqlite") -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "LUOSHI_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "luoshi.config.settings",
            "DEBUG": "0",
            "LUOSHI_TASKS_BACKEND": "immediate",
        }
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_projects", "--child", "--repeat", str(repeat)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
    scale = f"{APPLICATIONS} applications × {EXPERTS} experts"
    live, base = result["live"], result["baseline"]
    return [
        {
            "name": "project review sheet",
            "scale": scale,
            "db": db,
            "median_ms": round(live["median_ms"], 1),
            "p95_ms": round(live["p95_ms"], 1),
            "queries": live["queries"],
            "baseline_median_ms": round(base["median_ms"], 2),
            "ratio": round(live["median_ms"] / base["median_ms"], 1),
            "target_ms": TARGET_MS,
            "samples": result["samples"],
        },
        {
            "name": "project approval list (publish)",
            "scale": scale,
            "db": db,
            "median_ms": round(result["publish_ms"], 1),
            "p95_ms": round(result["publish_ms"], 1),
            "queries": None,
            "samples": 1,
        },
    ]


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.repeat)))
        return 0
    rows = run(repeat=args.repeat)
    for r in rows:
        print(
            f"{r['name']:<34} {r['scale']:<32} median {r['median_ms']:>8.1f} ms  p95 {r['p95_ms']:>8.1f} ms  {r['queries']} queries  ratio {r.get('ratio')}"
        )
    return 0 if rows[0]["median_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
