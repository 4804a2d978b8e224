"""Importing the Suining plan end to end through the pages: upload → preview → confirm.

Server time is the time Django takes to handle the three requests (the test Client: routing,
middleware, session, authentication, templates, the database; no network), summed. The
document is read once, at upload. Target: under 300 ms for the whole import.

The benchmark runs in its own process with a fresh SQLite database in a temporary folder
(the Suining unit directory loaded from the test fixture), so it needs no generated data:

    python -m bench.bench_import [--repeat 15]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "luoshi" / "plans" / "data" / "suining-2022-action-plan.txt"
DIRECTORY = ROOT / "luoshi" / "org" / "fixtures" / "suining.yaml"
TARGET_MS = 300


def _child(repeat: int) -> dict:
    import django

    django.setup()
    import yaml
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from luoshi.accounts import services as accounts
    from luoshi.org import services as org
    from luoshi.org.models import Region, Unit
    from luoshi.plans.models import Plan

    call_command("migrate", verbosity=0, interactive=False)
    org.directory_load(actor=None, data=yaml.safe_load(DIRECTORY.read_text("utf-8")))
    region = Region.objects.get(name="遂宁市")
    office = Unit.objects.get(region=region, code="kjj")
    user = accounts.user_create(
        actor=None,
        username="bench.office",
        password="Bench-password-2025!",
        unit=office,
        role="coordinator",
        full_name="bench",
        validate=False,
    )
    client = Client()
    client.force_login(user)
    data = DOCUMENT.read_bytes()
    steps: dict[str, list[float]] = {"upload": [], "preview": [], "confirm": [], "total": []}
    queries: dict[str, int] = {}
    for k in range(repeat + 2):  # two warm-up rounds
        Plan.objects.all().delete()
        timings = {}
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.post(
                reverse("plans:import"), {"file": SimpleUploadedFile("suining.txt", data)}
            )
            timings["upload"] = time.perf_counter() - t0
            upload_queries = len(captured)
            preview_url = response["Location"]
            t0 = time.perf_counter()
            page = client.get(preview_url)
            timings["preview"] = time.perf_counter() - t0
            preview_queries = len(captured) - upload_queries
            t0 = time.perf_counter()
            done = client.post(preview_url, {"action": "confirm", "coordinating_unit": office.pk})
            timings["confirm"] = time.perf_counter() - t0
            confirm_queries = len(captured) - upload_queries - preview_queries
        assert page.status_code == 200 and done.status_code == 302, done.content[:500]
        assert Plan.objects.get().tasks.count() == 25
        if k < 2:
            continue
        for name, seconds in timings.items():
            steps[name].append(seconds * 1000)
        steps["total"].append(sum(timings.values()) * 1000)
        queries = {"upload": upload_queries, "preview": preview_queries, "confirm": confirm_queries}
    return {
        name: {
            "median_ms": round(statistics.median(values), 1),
            "p95_ms": round(sorted(values)[min(len(values) - 1, int(0.95 * len(values)))], 1),
        }
        for name, values in steps.items()
    } | {"queries": queries, "samples": repeat}


def run(repeat: int = 15) -> list[dict]:
    """Run the import in a child process with its own database; one row per step."""
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "LUOSHI_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "luoshi.config.settings",
            "DEBUG": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        }
        env.pop("DATABASE_URL", None)
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_import", "--child", "--repeat", str(repeat)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    rows = []
    for step in ("upload", "preview", "confirm", "total"):
        rows.append(
            {
                "name": f"plans.import_suining.{step}",
                "scale": "n/a",
                "db": "sqlite",
                "median_ms": result[step]["median_ms"],
                "p95_ms": result[step]["p95_ms"],
                "samples": result["samples"],
                "queries": sum(result["queries"].values())
                if step == "total"
                else result["queries"][step],
                "target_ms": TARGET_MS if step == "total" else None,
            }
        )
    return rows


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 15
    if "--child" in argv:
        print(json.dumps(_child(repeat)))
        return 0
    rows = run(repeat)
    for r in rows:
        target = f"  (target < {r['target_ms']} ms)" if r["target_ms"] else ""
        print(
            f"{r['name']:<34} median {r['median_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms  "
            f"{r['queries']:>4} queries{target}"
        )
    total = rows[-1]
    return 0 if total["median_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
