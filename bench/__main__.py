"""`make bench`: run every benchmark and write bench/results/latest.json.

Each (database, scale) pair runs in its own process (Django's settings are per
process) against its own database, generated once by `luoshi gen-data` and reused.

    python -m bench                      # city and province, SQLite and PostgreSQL (when reachable)
    python -m bench --scales city --dbs sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def machine() -> dict:
    info = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        # Other work on the machine skews timings; the load average says how busy it was.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        cpu = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in cpu.splitlines()
            if line.startswith("model name")
        )
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(mem) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    import sqlite3

    import django

    info["django"] = django.get_version()
    info["sqlite"] = sqlite3.sqlite_version
    return info


def postgres_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), 1).close()
        return True
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scales", default="city,province")
    parser.add_argument("--dbs", default="sqlite,postgres")
    parser.add_argument("--only", default="", help="run only benchmarks whose name contains this")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--out", default=str(RESULTS / "latest.json"))
    parser.add_argument(
        "--readme",
        metavar="RESULTS",
        help="only print the README's tables (PostgreSQL beside SQLite) from a results file",
    )
    args = parser.parse_args(argv)
    if args.readme:
        print_readme_tables(json.loads(Path(args.readme).read_text())["runs"])
        return 0
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    started = datetime.now(UTC)

    runs: list[dict] = []
    dbs = [d for d in args.dbs.split(",") if d]
    if "postgres" in dbs and not postgres_reachable():
        print("PostgreSQL is not reachable on 127.0.0.1:5432; skipping it")
        dbs.remove("postgres")
    first = True
    for db in dbs:
        for scale in [s for s in args.scales.split(",") if s]:
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
                out = tmp.name
            cmd = [
                sys.executable,
                "-m",
                "bench.run",
                "--db",
                db,
                "--scale",
                scale,
                "--out",
                out,
                "--repeat",
                str(args.repeat),
                "--only",
                args.only,
            ]
            if first:
                cmd.append("--with-standalone")
            print(f"== {db} · {scale} ==", flush=True)
            result = subprocess.run(cmd, cwd=ROOT)
            if result.returncode != 0:
                print(f"benchmark run {db}/{scale} failed ({result.returncode})")
                return result.returncode
            runs.extend(json.loads(Path(out).read_text()))
            os.unlink(out)
            first = False

    if "postgres" in dbs:
        runs_machine = machine()
        try:
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres") as conn:
                runs_machine["postgresql"] = conn.execute("show server_version").fetchone()[0]
        except Exception:  # noqa: BLE001 - informative only
            pass
    else:
        runs_machine = machine()
    runs_machine["load_average_at_start"] = load_at_start
    runs_machine["minutes"] = round((datetime.now(UTC) - started).total_seconds() / 60, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(
        json.dumps({"machine": runs_machine, "runs": runs}, ensure_ascii=False, indent=2)
    )
    print_table(runs)
    print_targets(runs)
    print_readme_tables(runs)
    print(f"\nwritten to {args.out}")
    return 0


README_NAMES = {
    "period overview": "period overview (督查总览)",
    "period overview (largest plan)": "period overview, largest plan",
    "dashboard": "dashboard (驾驶舱)",
    "unit home (to-do)": "unit home (我的待办)",
    "task page": "task page",
    "task timeline": "task timeline",
    "assessment": "yearly assessment (目标考核)",
    "report submit": "report submit (POST)",
    "breakdown workbook export": "breakdown workbook export",
    "indicator table export": "indicator table export",
    "ledger export": "ledger (台账) export",
    "excel import 10,000 rows": "Excel import, 10,000 rows",
}


def print_readme_tables(runs: list[dict]) -> None:
    """The README's table for each scale: PostgreSQL beside SQLite, median / p95 ms, queries
    (PostgreSQL's, then SQLite's where it differs) and the ratio to the bare baseline;
    † marks work that ran as a background task."""

    def ms(value) -> str:
        return f"{value:,.0f}" if value is not None else "—"

    def ratio(value) -> str:
        return f"{value:.1f}" if value is not None else "—"

    by_key = {(r["name"], str(r["scale"]), r["db"]): r for r in runs}
    for scale in dict.fromkeys(str(r["scale"]) for r in runs if r["db"] != "none"):
        print(f"\n{scale} scale")
        print(
            "| page or operation | PostgreSQL median | p95 | ratio | SQLite median | p95 | ratio "
            "| queries |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for name, label in README_NAMES.items():
            pg, lite = by_key.get((name, scale, "postgres")), by_key.get((name, scale, "sqlite"))
            if pg is None and lite is None:
                continue
            queued = any(r and r.get("background_task") for r in (pg, lite))
            cells = [label + (" †" if queued else "")]
            for r in (pg, lite):
                cells += (
                    [ms(r["median_ms"]), ms(r["p95_ms"]), ratio(r.get("ratio"))] if r else ["—"] * 3
                )
            # PostgreSQL's count, then SQLite's where it differs (smaller insert batches).
            queries = list(dict.fromkeys(r["queries"] for r in (pg, lite) if r))
            cells.append(" / ".join(str(q) for q in queries))
            print("| " + " | ".join(cells) + " |")


def print_table(runs: list[dict]) -> None:
    def cell(value, digits=2):
        if value is None:
            return "—"
        return f"{value:.{digits}f}" if isinstance(value, float) else str(value)

    header = ["benchmark", "scale", "db", "median ms", "p95 ms", "queries", "baseline ms", "ratio"]
    rows = [
        [
            r["name"],
            str(r.get("scale", "—"))[:28],
            str(r.get("db", "—")),
            cell(float(r["median_ms"])),
            cell(float(r["p95_ms"])),
            cell(r.get("queries", 0)),
            cell(r.get("baseline_median_ms")),
            cell(r.get("ratio")),
        ]
        for r in runs
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    left = {0, 1, 2}

    def line(values):
        return "  ".join(
            str(v).ljust(w) if i in left else str(v).rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    print("\n" + line(header))
    print("-" * len(line(header)))
    for values in rows:
        print(line(values))


PAGES = {
    "period overview",
    "period overview (largest plan)",
    "dashboard",
    "unit home (to-do)",
    "task page",
    "task timeline",
    "assessment",
}
EXPORTS = {"breakdown workbook export", "indicator table export", "ledger export"}


def print_targets(runs: list[dict]) -> None:
    """The issue's targets, checked on this run's figures."""
    lines = []
    by_key = {(r["name"], r["scale"], r["db"]): r for r in runs}
    for r in runs:
        if r["scale"] != "province":
            continue
        name, db = r["name"], r["db"]
        if name in PAGES:
            city = by_key.get((name, "city", db))
            constant = city is None or city["queries"] == r["queries"]
            checks = [
                ("queries constant city→province", constant),
                ("median ≤ 3× baseline", (r["ratio"] or 0) <= 3),
            ]
            if db == "postgres":
                checks.append(("p95 < 300 ms", r["p95_ms"] < 300))
        elif name in EXPORTS:
            checks = [("median ≤ 2× write_only", (r["ratio"] or 0) <= 2)]
        elif name == "report submit":
            checks = [("median < 50 ms", r["median_ms"] < 50)]
        else:
            continue
        verdict = ", ".join(f"{text}: {'yes' if ok else 'NO'}" for text, ok in checks)
        lines.append(f"  {name} ({db}): {verdict}")
    if lines:
        print("\ntargets at province scale")
        print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
