"""Search over the open-sharing catalogues at scale: 10,000 large instruments and 20,000
experts, searched by a Chinese keyword (segmented with jieba, every term a substring match).

A child process builds its own database (SQLite in a temporary folder, or a PostgreSQL
database of its own) with the rows bulk-written (search text computed as the services do),
then measures, median / p95 of the server side:
- catalogue search: the catalogue selector's first page (30 instruments with owner, place
  and fees) and the match count, for 锂电 and for 电子显微镜 分析;
- expert search: the expert selector's first page (50) and the count, for 锂电 and 材料;
beside a bare baseline that asks the same table for the first 30 ids whose text contains
the keyword and for their count, two raw SQL queries. Target: p95 under 200 ms.

    python -m bench.bench_sharing [--db sqlite|postgres] [--repeat 30] [--out FILE]
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

INSTRUMENTS = 10_000
EXPERTS = 20_000
TARGET_P95_MS = 200
PG_DATABASE = "luoshi_bench_sharing"

NOUNS = [
    "扫描电子显微镜",
    "X射线衍射仪",
    "质谱仪",
    "色谱仪",
    "试验机",
    "测量机",
    "加工中心",
    "光谱仪",
    "充放电测试系统",
    "试验箱",
]
USES = [
    "锂电池正极材料",
    "食品安全",
    "金属材料力学",
    "电子电器",
    "精细化工",
    "纺织品",
    "农产品",
    "装备零部件",
    "天然气",
    "医药中间体",
]
FIELDS = [
    ("480.40", "能源材料"),
    ("480.20", "材料科学"),
    ("460.40", "机械工程"),
    ("510.10", "电子信息"),
    ("530.30", "化学工程"),
    ("550.10", "食品科学"),
]
EXPERTISE = [
    "锂电池正极材料",
    "动力电池安全",
    "储能系统",
    "复合材料",
    "数控加工",
    "电磁兼容",
    "精细化工",
    "食品检测",
    "科技评估",
    "机器人",
]


def _build():
    from decimal import Decimal

    from django.core.management import call_command

    from luoshi.experts.models import Expert
    from luoshi.instruments.models import Fee, Instrument
    from luoshi.organisations import search, services
    from luoshi.organisations.codes import synthetic_credit_code

    call_command("migrate", verbosity=0, interactive=False)
    rng = random.Random(7)
    owners = [
        services.organisation_register(
            credit_code=synthetic_credit_code(500 + i),
            name=f"测试单位{i}",
            kind="institute",
            contact_name="x",
            contact_phone="1",
            username=f"bench-owner-{i}",
            password=None,
            is_demo=True,
        )
        for i in range(50)
    ]
    rows = []
    for i in range(INSTRUMENTS):
        name = rng.choice(NOUNS)
        capabilities = f"{rng.choice(USES)}检测、{rng.choice(USES)}分析"
        owner = owners[i % len(owners)]
        rows.append(
            Instrument(
                owner=owner,
                name=name,
                model_number=f"M-{i}",
                category="analysis",
                original_value=Decimal(500000 + i * 10),
                capabilities=capabilities,
                search_text=search.index_text(name, f"M-{i}", "分析仪器", capabilities, owner.name),
                is_demo=True,
            )
        )
    Instrument.objects.bulk_create(rows, batch_size=2000)
    fees = [
        Fee(instrument=instrument, kind="machine_hour", price=Decimal(100 + instrument.pk % 500))
        for instrument in Instrument.objects.only("pk")
    ]
    Fee.objects.bulk_create(fees, batch_size=5000)
    experts = []
    for i in range(EXPERTS):
        code, field = rng.choice(FIELDS)
        expertise = f"{rng.choice(EXPERTISE)}、{rng.choice(EXPERTISE)}"
        experts.append(
            Expert(
                name=f"专家{i}",
                field_code=code,
                field_name=field,
                title="教授",
                employer=f"大学{i % 90}",
                expertise=expertise,
                search_text=search.index_text(f"专家{i}", field, "教授", expertise),
                is_demo=True,
            )
        )
    Expert.objects.bulk_create(experts, batch_size=2000)


def _child(repeat: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.harness import measure
    from luoshi.accounts.models import User
    from luoshi.core.roles import Role
    from luoshi.experts import selectors as expert_reads
    from luoshi.instruments import selectors as instrument_reads

    _build()
    office = User.objects.create(username="bench-office", role=Role.COORDINATOR)

    def catalogue(q):
        def fn():
            rows = instrument_reads.catalogue(viewer=office, q=q)
            page = [(i.name, i.owner.name, [f.price for f in i.fees.all()]) for i in rows[:30]]
            return page, rows.count()

        return fn

    def experts(q):
        def fn():
            rows = expert_reads.experts(viewer=office, q=q)
            return [(e.name, e.employer) for e in rows[:50]], rows.count()

        return fn

    def baseline(table, term):
        def fn():
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id FROM {table} WHERE search_text LIKE %s ORDER BY id LIMIT 30",
                    [f"%{term}%"],
                )
                page = cursor.fetchall()
                cursor.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE search_text LIKE %s", [f"%{term}%"]
                )
                return page, cursor.fetchone()

        return fn

    out = {"instruments": INSTRUMENTS, "experts": EXPERTS, "runs": []}
    for name, fn, base, _term in [
        (
            "catalogue search 锂电",
            catalogue("锂电"),
            baseline("instruments_instrument", "锂电"),
            "锂电",
        ),
        (
            "catalogue search 电子显微镜 分析",
            catalogue("电子显微镜 分析"),
            baseline("instruments_instrument", "显微镜"),
            "",
        ),
        ("expert search 锂电", experts("锂电"), baseline("experts_expert", "锂电"), "锂电"),
        ("expert search 材料", experts("材料"), baseline("experts_expert", "材料"), "材料"),
    ]:
        with CaptureQueriesContext(connection) as ctx:
            page, count = fn()
        timing = measure(fn, repeat=repeat)
        base_timing = measure(base, repeat=repeat)
        out["runs"].append(
            {
                "name": name,
                "median_ms": timing.median_ms,
                "p95_ms": timing.p95_ms,
                "queries": len(ctx.captured_queries),
                "matches": count,
                "baseline_median_ms": base_timing.median_ms,
                "samples": timing.samples,
            }
        )
    return out


def run(repeat: int = 30, db: str = "sqlite") -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "LUOSHI_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "luoshi.config.settings",
            "DEBUG": "0",
        }
        env.pop("DATABASE_URL", None)
        if db == "postgres":
            import psycopg

            with psycopg.connect(
                "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
            ) as conn:
                conn.execute(f'drop database if exists "{PG_DATABASE}"')
                conn.execute(f'create database "{PG_DATABASE}"')
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_sharing", "--child", "--repeat", str(repeat)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-3000:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
    scale = f"{result['instruments']:,} instruments / {result['experts']:,} experts"
    return [
        {
            "name": r["name"],
            "scale": scale,
            "db": db,
            "median_ms": round(r["median_ms"], 2),
            "p95_ms": round(r["p95_ms"], 2),
            "queries": r["queries"],
            "matches": r["matches"],
            "baseline_median_ms": round(r["baseline_median_ms"], 3),
            "ratio": round(r["median_ms"] / r["baseline_median_ms"], 1),
            "target_p95_ms": TARGET_P95_MS,
            "samples": r["samples"],
        }
        for r in result["runs"]
    ]


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 30
    db = argv[argv.index("--db") + 1] if "--db" in argv else "sqlite"
    if "--child" in argv:
        print(json.dumps(_child(repeat), ensure_ascii=False))
        return 0
    rows = run(repeat, db)
    if "--out" in argv:
        out = Path(argv[argv.index("--out") + 1])
        runs = json.loads(out.read_text())["runs"] if out.exists() else []
        runs = [r for r in runs if r["db"] != db] + rows
        out.write_text(json.dumps({"runs": runs}, ensure_ascii=False, indent=2))
    for r in rows:
        print(
            f"{r['name']:<34} {r['db']:<9} median {r['median_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms  "
            f"{r['queries']} queries  {r['matches']:>6} matches  baseline {r['baseline_median_ms']:.2f} ms  "
            f"ratio {r['ratio']}"
        )
    return 0 if all(r["p95_ms"] < TARGET_P95_MS for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
