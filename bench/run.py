"""One benchmark process: one database, one scale (see bench/__main__.py)."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

from bench.data import ROOT, configure

# Benchmarks that need the generated database, and those that don't (run once).
DB_MODULES = ["bench.bench_pages", "bench.bench_exports"]
STANDALONE_MODULES = [
    "bench.bench_parse",
    "bench.bench_indicators",
    "bench.bench_import",
    "bench.bench_assessment",
    "bench.bench_registry",
    "bench.bench_sharing",
    "bench.bench_projects",
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="")
    parser.add_argument("--with-standalone", action="store_true")
    args = parser.parse_args()

    runs: list[dict] = []
    if args.with_standalone:
        for name in STANDALONE_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            for entry in module.run():
                if args.only in entry["name"]:
                    runs.append(entry)
                    print(
                        f"  {entry['name']}: {entry['median_ms']:.2f} ms (ratio {entry.get('ratio')})",
                        flush=True,
                    )

    configure(args.db, args.scale)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The project's URLs plus the baseline views (bench/django_harness.py).
    settings.ROOT_URLCONF = "bench.django_harness"

    call_command("migrate", verbosity=0, interactive=False)
    from bench import data

    ctx = data.ensure(scale=args.scale, db=args.db)
    for name in DB_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for entry in module.run(ctx, repeat=args.repeat, only=args.only):
            runs.append(entry)
            print(
                f"  {entry['name']}: {entry['median_ms']:.2f} ms, {entry['queries']} queries "
                f"(baseline {entry.get('baseline_median_ms')} ms, ratio {entry.get('ratio')})",
                flush=True,
            )
    Path(args.out).write_text(json.dumps(runs))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
