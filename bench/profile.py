"""Profile one page on a benchmark database (pyinstrument, development only).

    python -m bench.profile --db postgres --scale province --user sn.office /supervision/overview/
    python -m bench.profile --db sqlite --scale city --user sn.chuanshan.reporter /supervision/ --sql

Prints pyinstrument's call tree of a few requests and, with --sql, the page's queries
with their time (EXPLAIN ANALYZE them with --explain on PostgreSQL).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--scale", default="city")
    parser.add_argument("--user", default="sn.office")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sql", action="store_true", help="list the queries with their time")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest")
    args = parser.parse_args()

    from bench.data import configure

    configure(args.db, args.scale)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = "bench.django_harness"
    from pyinstrument import Profiler

    from bench.django_harness import signed_in_client
    from luoshi.accounts.models import User

    client = signed_in_client(User.objects.get(username=args.user))
    response = client.get(args.url)
    print(f"{args.url} → {response.status_code}, {len(response.content):,} bytes")

    queries: list[tuple[float, str, tuple]] = []

    def timed(execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - t0) * 1000, sql, params))

    profiler = Profiler(interval=0.0005)
    profiler.start()
    with connection.execute_wrapper(timed):
        for _ in range(args.repeat):
            client.get(args.url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    per_request = queries[len(queries) - len(queries) // args.repeat :]  # the last request
    if args.sql or args.explain:
        print(f"{len(per_request)} queries per request:")
        for ms, sql, _params in sorted(per_request, key=lambda q: -q[0]):
            print(f"{ms:8.2f} ms  {sql[:300]}")
    if args.explain and connection.vendor == "postgresql":
        for ms, sql, params in sorted(per_request, key=lambda q: -q[0])[:3]:
            print(f"\n-- {ms:.1f} ms\n{sql}\n")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("\n".join(r[0] for r in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
