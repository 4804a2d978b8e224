"""One benchmark process: one database, one scale (see bench/__main__.py)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"

# Benchmarks that need the generated database, and those that don't (run once).
DB_MODULES = ["bench.bench_pages", "bench.bench_exports"]
STANDALONE_MODULES = ["bench.bench_parse", "bench.bench_indicators", "bench.bench_import"]


def configure(db: str, scale: str) -> None:
    folder = DATA / f"{db}-{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["LUOSHI_VAR_DIR"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.config.settings")
    # As in production: no query log, cached templates; mail stays in memory.
    os.environ["DEBUG"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
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
