"""Registries at scale: a 10,000-row list import, and every registry computation at
province scale.

A child process builds its own database (SQLite in a temporary folder, or PostgreSQL with
--db postgres, database luoshi_bench_registry).

- import: a 10,000-row list of each kind — enterprises (the luoshi template: code, name,
  address, industry), technology contracts, invention patents, platforms (their published
  layouts) — uploaded by the office through its import page (read, match by code/name/alias, place,
  plan kept) and confirmed on the preview page (firms created and attributed, audited),
  through Django's full request handling — each beside a raw bulk insert of the same
  10,000 rows (one executemany) in the same process; tracemalloc peak of each step; the
  preview page read in between timed beside. Target: each step within 3× of the raw insert.
- recompute: every registered registry computation (high-tech certificates valid on
  31 December, tech-SMEs registered, contract turnover by seller and by buyer) for every
  place of a province — 21 cities, 126 counties, 21 parks — over 10 years, from 200,000
  firms with their certificates and registrations and 50,000 contracts; the queries
  counted. Baseline: one raw GROUP BY counting the tech-SME registrations per county and
  year. Target: under 5 s, constant query count.
- pages: the drill-down lists behind one city's 高企, 科小 and contract figures and the 高企
  pipeline, through Django's full request handling, read by that city's office and by the
  province's administrator; baseline one raw query printing the city's certificates.
  Target: p95 under 300 ms.

    python -m bench.bench_registry [--db sqlite|postgres] [--firms 200000] [--repeat 3]
        [--only import]   (the import step alone: a few minutes instead of a province build;
                           BENCH_LISTS=patents,contracts to time only those lists)
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = ROOT / "luoshi" / "org" / "fixtures" / "suining.yaml"
ROWS = 10_000
PG_DATABASE = "luoshi_bench_registry"


def _ms(samples):
    samples = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
    }


def _list(kind: str) -> dict:
    """A 10,000-row list of `kind` as published (CSV), the form the import page takes, the
    raw statement and rows of the baseline, and the tables a run empties."""
    from luoshi.enterprises.testing import credit_code

    rng = random.Random(1)
    divisions = ["510903", "510904", "510921", "510923", "510981"]
    code = lambda n: credit_code(rng.choice(divisions), n)  # noqa: E731
    if kind == "enterprises":
        from luoshi.enterprises.models import Enterprise, EnterpriseName

        head = ["统一社会信用代码", "企业名称", "注册地址", "行业代码"]
        rows = [
            (code(n), f"测试企业{n:05d}有限公司", f"遂宁市某路{n}号", "C3985")
            for n in range(1, ROWS + 1)
        ]
        return {
            "url": "/enterprises/import/",
            "form": {"kind": "enterprises"},
            "head": head,
            "rows": rows,
            "raw": f"INSERT INTO {Enterprise._meta.db_table} (credit_code, name, address, "
            "industry_code, attribution, is_demo, created_at, updated_at) VALUES (%s, %s, %s, "
            "%s, 'none', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "raw_rows": rows,
            "models": [EnterpriseName, Enterprise],
            "count": Enterprise,
        }
    if kind == "contracts":
        from luoshi.contracts.models import Contract

        rows = [
            (f"2025510900{n:06d}", f"某技术开发合同{n}", "技术开发", str(rng.randint(10_000, 900_000)),
             "", "2025-06-01", f"卖方企业{n}有限公司", code(n), f"买方企业{n}有限公司", code(n + 50_000))
            for n in range(ROWS)
        ]  # fmt: skip
        return {
            "url": "/contracts/import/",
            "form": {},
            "head": ["合同登记号", "合同名称", "合同类型", "成交额", "技术交易额", "登记日期",
                     "卖方名称", "卖方统一社会信用代码", "买方名称", "买方统一社会信用代码"],
            "rows": rows,
            "raw": f"INSERT INTO {Contract._meta.db_table} (number, name, kind, amount, "
            "registered_on, seller_name, seller_code, buyer_name, buyer_code, is_demo) VALUES "
            "(%s, %s, 'development', %s, %s, %s, %s, %s, %s, false)",
            "raw_rows": [(r[0], r[1], r[3], r[5], r[6], r[7], r[8], r[9]) for r in rows],
            "models": [Contract],
            "count": Contract,
        }  # fmt: skip
    if kind == "patents":
        from luoshi.patents.models import Patent, StatusChange
        from luoshi.patents.testing import patent_number

        rows = [
            (patent_number(2020, n), f"一种测试装置{n}", f"专利权人{n}有限公司", code(n), "船山区",
             "2020-03-01", "2022-05-01", "G06F", "是" if n % 5 == 0 else "否")
            for n in range(ROWS)
        ]  # fmt: skip
        return {
            "url": "/patents/import/",
            "form": {},
            "head": ["专利号", "专利名称", "专利权人", "专利权人统一社会信用代码", "所在县",
                     "申请日", "授权日", "IPC主分类号", "战略性新兴产业"],
            "rows": rows,
            "raw": f"INSERT INTO {Patent._meta.db_table} (number, title, holder_name, "
            "holder_code, applied_on, granted_on, ipc, strategic_emerging, overseas_family, "
            "maintained_listed, pledge_financing, award, is_demo) VALUES (%s, %s, %s, %s, %s, "
            "%s, %s, %s, false, false, false, false, false)",
            "raw_rows": [(r[0], r[1], r[2], r[3], r[5], r[6], r[7], r[8] == "是") for r in rows],
            "models": [StatusChange, Patent],
            "count": Patent,
        }  # fmt: skip
    from luoshi.platforms.models import Evaluation, Platform

    rows = [
        (f"遂宁测试{n}工程技术研究中心", "工程技术研究中心", "市级", f"依托单位{n}有限公司", code(n),
         "船山区", "2021-06-01")
        for n in range(ROWS)
    ]  # fmt: skip
    return {
        "url": "/platforms/import/",
        "form": {},
        "head": ["平台名称", "类别", "级别", "依托单位", "依托单位统一社会信用代码", "所在县",
                 "认定时间"],
        "rows": rows,
        "raw": f"INSERT INTO {Platform._meta.db_table} (name, kind, level, host_name, host_code, "
        "recognised_on, is_demo) VALUES (%s, 'engineering_centre', 'city', %s, %s, %s, false)",
        "raw_rows": [(r[0], r[3], r[4], r[6]) for r in rows],
        "models": [Evaluation, Platform],
        "count": Platform,
    }  # fmt: skip


def _import_bench(repeat: int, kind: str = "enterprises") -> dict:
    """A 10,000-row list of `kind` imported as the office does it, through Django's full
    request handling (bench.django_harness): POST the file to the import page (read, check,
    match, place, plan kept; answered by a redirect to the preview) and POST the preview's
    confirmation (the commit; a redirect back). Also timed, not targeted: GET the preview page
    a person reads in between. Baseline: one raw `executemany` of the list's rows into the
    registry's table, in the same process — no upload, no request: the stricter comparison."""
    import csv
    import gc
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction

    from bench.django_harness import signed_in_client
    from luoshi.accounts import services as accounts
    from luoshi.accounts.models import User
    from luoshi.core.models import AuditEvent
    from luoshi.core.roles import Role
    from luoshi.org.models import Unit

    spec = _list(kind)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spec["head"])
    writer.writerows(spec["rows"])
    data = out.getvalue().encode("utf-8")
    office = User.objects.filter(username="bench-import").first() or accounts.user_create(
        actor=None, username="bench-import", password="bench-pass-2025",
        unit=Unit.objects.get(short_name="市科技局"), role=Role.COORDINATOR,
        full_name="bench office", validate=False,
    )  # fmt: skip
    client = signed_in_client(office)

    def wipe():
        """Empty the tables, and collect what deleting them left (Django's cascade loads
        every record): each timed step starts from the same heap, not paying for the last."""
        for model in spec["models"]:
            model.objects.all().delete()
        AuditEvent.objects.all().delete()
        gc.collect()

    def upload() -> int:
        response = client.post(
            spec["url"],
            {**spec["form"], "file": SimpleUploadedFile("list.csv", data, "text/csv")},
        )
        assert response.status_code == 302, response.content[-2000:]
        return int(response["Location"].rstrip("/").rsplit("/", 1)[1])

    def confirm(pk: int) -> None:
        response = client.post(f"{spec['url']}{pk}/", {})
        assert response.status_code == 302, response.status_code

    timings = {"preview": [], "commit": [], "raw_insert": [], "preview_page": []}
    for k in range(repeat + 1):
        wipe()
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(spec["raw"], spec["raw_rows"])
        raw = time.perf_counter() - t0
        wipe()
        t0 = time.perf_counter()
        pk = upload()
        preview = time.perf_counter() - t0
        t0 = time.perf_counter()
        assert client.get(f"{spec['url']}{pk}/").status_code == 200
        page = time.perf_counter() - t0
        t0 = time.perf_counter()
        confirm(pk)
        commit = time.perf_counter() - t0
        assert spec["count"].objects.count() == ROWS
        if k == 0:
            continue  # warm-up
        timings["raw_insert"].append(raw * 1000)
        timings["preview"].append(preview * 1000)
        timings["preview_page"].append(page * 1000)
        timings["commit"].append(commit * 1000)
    # Memory in a separate pass: tracemalloc slows Python several times over, so the timed
    # runs above go without it.
    peaks = {}
    wipe()
    tracemalloc.start()
    pk = upload()
    peaks["preview"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    confirm(pk)
    peaks["commit"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    wipe()
    result = {name: _ms(v) for name, v in timings.items()}
    for name in ("preview", "commit"):
        result[name]["ratio"] = round(
            result[name]["median_ms"] / result["raw_insert"]["median_ms"], 2
        )
        result[name]["peak_mb"] = round(peaks[name] / 2**20, 1)
    result["file_kb"] = len(data) // 1024
    return result


LIST_KINDS = ("enterprises", "contracts", "patents", "platforms")


def _imports_bench(repeat: int) -> dict:
    kinds = (
        os.environ.get("BENCH_LISTS", "").split(",")
        if os.environ.get("BENCH_LISTS")
        else LIST_KINDS
    )
    return {kind: _import_bench(repeat, kind) for kind in kinds}


def _province(firms: int) -> dict:
    """21 cities of 6 counties and a park each; `firms` firms with certificates over
    2015–2025, tech-SME registrations per year, and contracts. Raw bulk inserts (scale
    data, not a workflow)."""
    import datetime as dt
    from decimal import Decimal

    from django.db import connection

    from luoshi.contracts.models import Contract
    from luoshi.enterprises.models import Enterprise, Qualification
    from luoshi.enterprises.testing import credit_code
    from luoshi.org.models import Region

    rng = random.Random(7)
    province = Region.objects.create(name="四川省（基准）", kind="province", code="510000")
    places = []
    for c in range(21):
        city = Region.objects.create(
            name=f"基准市{c}", kind="city", code=f"5{c + 10:02d}000", parent=province
        )
        counties = [
            Region.objects.create(
                name=f"基准市{c}县{k}",
                kind="county",
                code=f"5{c + 10:02d}{k + 1:03d}"[:6],
                parent=city,
            )
            for k in range(6)
        ]
        park = Region.objects.create(name=f"基准市{c}高新区", kind="park", parent=city)
        places.append((city, counties, park))
    t0 = time.perf_counter()
    batch = []
    for n in range(firms):
        city, counties, park = places[n % 21]
        county = counties[rng.randrange(6)]
        batch.append(
            Enterprise(
                credit_code=credit_code(county.code, n),
                name=f"基准企业{n}",
                city_id=city.pk,
                county_id=county.pk,
                park_id=park.pk if rng.random() < 0.2 else None,
                attribution="code",
            )
        )
    Enterprise.objects.bulk_create(batch, batch_size=5000)
    ids = list(Enterprise.objects.values_list("pk", "city_id", "county_id", "park_id"))
    quals = []
    for pk, *_ in ids:
        if rng.random() < 0.12:  # a high-tech firm: certificates every three years
            first = rng.randint(2015, 2023)
            for year in range(first, 2026, 3):
                issued = dt.date(year, rng.randint(9, 12), rng.randint(1, 28))
                quals.append(
                    Qualification(
                        enterprise_id=pk,
                        kind="high_tech",
                        number=f"GR{year}{pk:010d}",
                        issued_on=issued,
                        valid_until=Qualification.high_tech_end(issued),
                    )
                )
        if rng.random() < 0.3:
            for year in range(rng.randint(2016, 2025), 2026):
                if rng.random() < 0.6:
                    quals.append(Qualification(enterprise_id=pk, kind="tech_sme", year=year))
    Qualification.objects.bulk_create(quals, batch_size=5000)
    contracts = []
    for n in range(firms // 4):
        seller = ids[rng.randrange(len(ids))]
        buyer = ids[rng.randrange(len(ids))]
        contracts.append(
            Contract(
                number=f"B{n:012d}",
                kind="development",
                amount=Decimal(rng.randint(10_000, 5_000_000)),
                registered_on=dt.date(rng.randint(2016, 2025), rng.randint(1, 12), 1),
                seller_name="s",
                buyer_name="b",
                seller_city_id=seller[1],
                seller_county_id=seller[2],
                seller_park_id=seller[3],
                buyer_city_id=buyer[1],
                buyer_county_id=buyer[2],
                buyer_park_id=buyer[3],
            )
        )
    Contract.objects.bulk_create(contracts, batch_size=5000)
    patents, changes = _patents(rng, ids, firms // 2)
    platforms = _platforms(rng, ids, firms // 70)
    if connection.vendor == "postgresql":
        # What autovacuum does within a minute of such a load: without statistics the
        # planner takes a province's tables for empty ones.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    region_ids = [p.pk for city, counties, park in places for p in (city, *counties, park)]
    return {
        "region_ids": region_ids,
        "firms": firms,
        "qualifications": len(quals),
        "contracts": len(contracts),
        "patents": patents,
        "patent_status_changes": changes,
        "platforms": platforms,
        "build_s": round(time.perf_counter() - t0, 1),
    }


def _patents(rng, ids, n: int) -> tuple[int, int]:
    """`n` invention patents held by the province's firms, granted 2006–2025, a fifth in a
    high-value category, one in eight lapsed some year after its grant."""
    import datetime as dt

    from luoshi.patents.models import Patent, StatusChange

    rows, lapses = [], []
    for k in range(n):
        holder = ids[rng.randrange(len(ids))]
        granted = dt.date(rng.randint(2006, 2025), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            Patent(
                number=f"ZL{granted.year}1{k:07d}.X",
                title="基准发明专利",
                holder_id=holder[0],
                holder_name="h",
                applied_on=granted.replace(year=granted.year - 2),
                granted_on=granted,
                strategic_emerging=rng.random() < 0.15,
                pledge_financing=rng.random() < 0.05,
                city_id=holder[1],
                county_id=holder[2],
                park_id=holder[3],
            )
        )
    Patent.objects.bulk_create(rows, batch_size=5000)
    for pk, granted in Patent.objects.values_list("pk", "granted_on"):
        if rng.random() < 0.125 and granted.year < 2025:
            lapsed = dt.date(rng.randint(granted.year + 1, 2025), 6, 30)
            lapses.append(StatusChange(patent_id=pk, status="lapsed", changed_on=lapsed))
    StatusChange.objects.bulk_create(lapses, batch_size=5000)
    return len(rows), len(lapses)


def _platforms(rng, ids, n: int) -> int:
    import datetime as dt

    from luoshi.platforms.models import Platform

    kinds = [k for k, _label in Platform.Kind.choices]
    levels = [v for v, _label in Platform.Level.choices]
    rows = []
    for k in range(n):
        host = ids[rng.randrange(len(ids))]
        rows.append(
            Platform(
                name=f"基准平台{k}",
                kind=rng.choice(kinds),
                level=rng.choice(levels),
                host_id=host[0],
                host_name="h",
                recognised_on=dt.date(rng.randint(2010, 2025), rng.randint(1, 12), 1),
                city_id=host[1],
                county_id=host[2],
                park_id=host[3],
            )
        )
    Platform.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _recompute_bench(firms: int, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.indicators import computations

    built = _province(firms)
    region_ids = built.pop("region_ids")
    years = list(range(2016, 2026))
    keys = [c.key for c in computations.all_computations()]

    def everything():
        out = 0
        for c in computations.all_computations():
            out += len(c.values(region_ids, years))
        return out

    def baseline():
        with connection.cursor() as cur:
            cur.execute(
                "SELECT e.county_id, q.year, count(*) FROM enterprises_qualification q "
                "JOIN enterprises_enterprise e ON e.id = q.enterprise_id "
                "WHERE q.kind = 'tech_sme' GROUP BY e.county_id, q.year"
            )
            return len(cur.fetchall())

    figures = everything()
    with CaptureQueriesContext(connection) as captured:
        everything()
    samples, base = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        everything()
        samples.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        baseline()
        base.append((time.perf_counter() - t0) * 1000)
    result = _ms(samples)
    result["baseline"] = _ms(base)
    result["ratio"] = round(result["median_ms"] / result["baseline"]["median_ms"], 1)
    result["queries"] = len(captured)
    result["figures"] = figures
    result["computations"] = keys
    return result | built


def _pages_bench(repeat: int) -> dict:
    """The registry's list pages at province scale, through Django's full request handling
    (bench.django_harness): the drill-down behind the 高企, 科小 and contract figures of one
    city, and the 高企 pipeline — read by that city's office (its ~9,500 firms) and by the
    province's administrator (all 200,000). Baseline: the same firms' rows fetched by one raw
    query and printed in a plain template, through the same client."""
    from bench.django_harness import baseline, page, signed_in_client
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.indicators.models import DataElement
    from luoshi.org.models import Region, Unit

    city = Region.objects.get(name="基准市0", kind="city")
    office_unit = Unit.objects.create(
        region=city, name="基准市0科学技术局", short_name="基准市0科技局"
    )
    office = accounts.user_create(
        actor=None, username="bench-office", password="bench-pass-2025", unit=office_unit,
        role=Role.COORDINATOR, full_name="bench office", validate=False,
    )  # fmt: skip
    admin = accounts.user_create(
        actor=None, username="bench-admin", password="bench-pass-2025", unit=None,
        role=Role.ADMIN, full_name="bench admin", validate=False,
    )  # fmt: skip
    elements = {
        key: DataElement.objects.create(
            code=f"bench_{key}", name=key, computation=key, supplying_unit=office_unit
        )
        for key in ("high_tech_valid", "tech_sme_registered", "contract_turnover_out")
    }
    raw = (
        "SELECT e.credit_code, e.name, e.county_id, e.park_id, q.number, q.issued_on, "
        "q.valid_until FROM enterprises_enterprise e JOIN enterprises_qualification q "
        "ON q.enterprise_id = e.id WHERE e.city_id = %s AND q.kind = 'high_tech' "
        "AND q.issued_on <= %s AND q.valid_until > %s ORDER BY e.name"
    )
    params = (city.pk, "2025-12-31", "2025-12-31")
    out = {}
    for who, user in (("city office", office), ("province admin", admin)):
        client = signed_in_client(user)
        base = baseline(raw, params, client=client, repeat=repeat)
        urls = {
            f"drill-down {key}": f"/indicators/computed/{el.code}/{city.pk}/2025/"
            for key, el in elements.items()
        }
        urls["pipeline"] = "/enterprises/pipeline/?year=2025"
        for name, url in urls.items():
            timing, queries = page(client, url, repeat=repeat)
            out[f"{name} ({who})"] = {
                "median_ms": round(timing.median_ms, 1),
                "p95_ms": round(timing.p95_ms, 1),
                "baseline_ms": round(base.median_ms, 1),
                "ratio": round(timing.median_ms / base.median_ms, 1),
                "queries": queries,
            }
    return out


def _child(db: str, firms: int, repeat: int, only: str = "") -> dict:
    import django

    django.setup()
    import yaml
    from django.conf import settings
    from django.core.management import call_command

    from luoshi.org import services as org

    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench.django_harness"
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    org.directory_load(actor=None, data=yaml.safe_load(DIRECTORY.read_text("utf-8")))
    if only == "import":
        return {"db": db, "imports": _imports_bench(repeat)}
    return {
        "db": db,
        "imports": _imports_bench(repeat),
        "recompute": _recompute_bench(firms, repeat),
        "pages": _pages_bench(max(repeat, 20)),
    }


def measure_all(db: str = "sqlite", firms: int = 200_000, repeat: int = 3, only: str = "") -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "LUOSHI_VAR_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "luoshi.config.settings",
            "DEBUG": "0",
        }
        env.pop("DATABASE_URL", None)
        if db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", PG_DATABASE],
                check=True,
            )
            subprocess.run(
                ["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE], check=True
            )
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_registry", "--child", "--db", db,
             "--firms", str(firms), "--repeat", str(repeat), "--only", only],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=3600,
        )  # fmt: skip
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(repeat: int = 3) -> list[dict]:
    """Rows for `make bench` (bench/run.py): SQLite, 200,000 firms."""
    result = measure_all("sqlite", 200_000, min(repeat, 3))
    rec = result["recompute"]
    rows = []
    for kind, imp in result["imports"].items():
        for step in ("preview", "commit"):
            rows.append(
                {
                    "name": f"registry.import_10000.{kind}.{step}",
                    "scale": "10,000 rows",
                    "db": result["db"],
                    "median_ms": imp[step]["median_ms"],
                    "p95_ms": imp[step]["p95_ms"],
                    "baseline_ms": imp["raw_insert"]["median_ms"],
                    "ratio": imp[step]["ratio"],
                    "peak_mb": imp[step]["peak_mb"],
                }
            )
    rows.append(
        {
            "name": "registry.recompute_province",
            "scale": f"21 cities, {rec['firms']:,} firms, 10 years",
            "db": result["db"],
            "median_ms": rec["median_ms"],
            "p95_ms": rec["p95_ms"],
            "baseline_ms": rec["baseline"]["median_ms"],
            "ratio": rec["ratio"],
            "queries": rec["queries"],
            "target_ms": 5000,
        }
    )
    for name, timing in result["pages"].items():
        rows.append(
            {
                "name": f"registry.page {name}",
                "scale": f"21 cities, {rec['firms']:,} firms",
                "db": result["db"],
                **timing,
                "target_ms": 300,
            }
        )
    return rows


def main(argv: list[str]) -> int:
    def arg(name, default):
        return argv[argv.index(name) + 1] if name in argv else default

    db, firms, repeat, only = (
        arg("--db", "sqlite"),
        int(arg("--firms", "200000")),
        int(arg("--repeat", "3")),
        arg("--only", ""),
    )
    if "--child" in argv:
        print(json.dumps(_child(db, firms, repeat, only), default=str))
        return 0
    result = measure_all(db, firms, repeat, only)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    ok = all(
        imp[step]["ratio"] <= 3
        for imp in result["imports"].values()
        for step in ("preview", "commit")
    )
    if only == "import":
        return 0 if ok else 1
    ok = (
        ok
        and result["recompute"]["median_ms"] < 5000
        and all(page["p95_ms"] < 300 for page in result["pages"].values())
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
