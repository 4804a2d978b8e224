"""Plan parser speed and memory: the Suining plan, a synthetic 200-page plan, and hostile
files (zip bombs, a 62 KB .docx expanding to 20 MB of XML, a hundred thousand entries,
billion laughs, a PDF of thousands of pages, twenty megabytes of line breaks …).

Each parse is timed beside a bare baseline on the same input in the same process: splitting
the text into lines and running one regex over it for headings and one for responsibility
clauses, which is the least any parser must do. Targets: Suining < 50 ms median, the 200-page
plan < 2 s, peak memory < 200 MB.

Each hostile file is parsed in a fresh process (so its peak resident memory is its own): it
must be refused with a PlanParseError within 5 s and 200 MB (``luoshi/planparse/limits.py``).

    python -m bench.bench_parse            # all of it
    python -m bench.bench_parse --hostile  # hostile files only
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUINING = ROOT / "luoshi" / "planparse" / "tests" / "fixtures" / "suining-2022-action-plan.txt"

CN = "一二三四五六七八九十"
UNITS = [
    "市发展改革委",
    "市经济和信息化局",
    "市科技局",
    "市财政局",
    "市教育体育局",
    "市人力资源社会保障局",
    "市商务局",
    "市市场监管局",
    "市农业农村局",
    "市交通运输局",
    "市生态环境局",
    "市卫生健康委",
    "市住房城乡建设局",
    "市自然资源和规划局",
    "市文化广电旅游局",
    "各县（市、区）政府",
]
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])"
)
_CLAUSE = re.compile(r"[（(〔【][^（(〔【）)〕】]*(?:责任单位|牵头单位|负责)[^）)〕】]*[）)〕】]")


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n - 1]
    return (
        "十" + CN[n - 11] if n < 20 else CN[n // 10 - 1] + "十" + (CN[n % 10 - 1] if n % 10 else "")
    )


def _task_bodies() -> list[str]:
    """Task paragraphs of the Suining plan without number and clause: realistic text to vary."""
    bodies = []
    for line in SUINING.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\d+\.(.*?)[〔(]责任单位", line)
        if m:
            bodies.append(m.group(1))
    return bodies


def synthetic_plan(chapters: int = 12, sections: int = 8, tasks: int = 12) -> str:
    """About 200 printed pages (300k characters): 1152 tasks under 96 sections, clause styles
    and deadlines varied the way real plans vary them."""
    bodies = _task_bodies()
    out = [
        "合成市推进高质量发展三年行动方案（2024—2026年）",
        "为推动高质量发展，结合实际，制定本方案。本方案各项任务责任单位中，逗号前的单位为牵头单位。",
        "一、总体要求",
        "（一）指导思想。坚持以新发展理念为引领，推动经济社会高质量发展。",
        "（二）发展目标。到2026年，地区生产总值达到3000亿元，全社会研发投入强度达到2.5%，"
        "高新技术企业达到800家，单位地区生产总值能耗下降13.5%，建成区域创新高地。",
    ]
    n = 0
    for c in range(2, chapters + 2):
        out.append(f"{_cn(c)}、重点任务第{c - 1}篇")
        for s in range(1, sections + 1):
            out.append(f"（{_cn(s)}）推进第{c - 1}领域第{s}项重点工作")
            for t in range(1, tasks + 1):
                n += 1
                body = bodies[n % len(bodies)]
                lead = UNITS[n % len(UNITS)]
                coop = "、".join(UNITS[(n + k) % len(UNITS)] for k in (3, 5, 7))
                style = n % 4
                if style == 0:
                    clause = f"〔责任单位：{lead}，{coop}〕"
                elif style == 1:
                    clause = (
                        f"（牵头单位：{lead}；配合单位：{coop}；完成时限：{2024 + n % 3}年底前）"
                    )
                elif style == 2:
                    clause = f"（{lead}、{UNITS[(n + 1) % len(UNITS)]}负责）"
                else:
                    clause = f"（责任单位：{lead}，{coop}；长期坚持）"
                out.append(f"{t}.{body}{clause}")
    out.append("三十、保障措施")
    out.append("（一）加强组织领导。建立工作推进机制。")
    out.append("合成市人民政府办公室")
    out.append("2024年3月1日")
    return "\n".join(out) + "\n"


def baseline(text: str) -> int:
    """The bare minimum: split lines, find headings and clauses with one regex each."""
    lines = text.splitlines()
    headings = sum(1 for line in lines if _HEADING.match(line))
    return headings + len(_CLAUSE.findall(text))


def peak_memory_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def run(repeat: int = 30) -> list[dict]:
    from bench.harness import measure, row
    from luoshi.planparse import parse_text

    suining = SUINING.read_text(encoding="utf-8")
    big = synthetic_plan()
    big_plan = parse_text(big)
    assert len(parse_text(suining).tasks) == 25 and len(big_plan.tasks) == 1152

    small = measure(lambda: parse_text(suining), repeat=repeat)
    small_base = measure(lambda: baseline(suining), repeat=repeat)
    large = measure(lambda: parse_text(big), repeat=max(3, repeat // 6), warmup=1)
    large_base = measure(lambda: baseline(big), repeat=max(3, repeat // 6), warmup=1)
    return [
        row(
            "planparse.suining",
            "n/a",
            "none",
            small,
            small_base,
            0,
            peak_mb=round(peak_memory_mb(lambda: parse_text(suining)), 2),
            chars=len(suining),
            tasks=25,
            target_ms=50,
        ),
        row(
            "planparse.synthetic_200_pages",
            "n/a",
            "none",
            large,
            large_base,
            0,
            peak_mb=round(peak_memory_mb(lambda: parse_text(big)), 2),
            chars=len(big),
            tasks=len(big_plan.tasks),
            target_ms=2000,
        ),
        *run_hostile(),
    ]


HOSTILE_SECONDS = 5.0
HOSTILE_PEAK_MB = 200

_CHILD = """
import json, sys, time, tracemalloc
from luoshi.planparse import PlanParseError, parse_bytes

def high_water_mb():
    # VmHWM belongs to this process image (ru_maxrss would carry the parent's over exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0

import luoshi.planparse.readers, pdfplumber, defusedxml.ElementTree  # loaded before measuring
data = open(sys.argv[1], "rb").read()
base = high_water_mb()
tracemalloc.start()
started = time.perf_counter()
try:
    parse_bytes(data, "hostile", max_bytes=20 * 1024 * 1024)
    outcome = "parsed"
except PlanParseError as exc:
    outcome = exc.code
elapsed = time.perf_counter() - started
traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
tracemalloc.stop()
# Time again without tracemalloc, which slows allocation-heavy code.
started = time.perf_counter()
try:
    parse_bytes(data, "hostile", max_bytes=20 * 1024 * 1024)
except PlanParseError:
    pass
elapsed = time.perf_counter() - started
peak = high_water_mb()
print(json.dumps({"outcome": outcome, "seconds": elapsed, "traced_mb": traced,
                  "rss_mb": peak, "rss_before_mb": base}))
"""


def run_hostile() -> list[dict]:
    """Every hostile file of luoshi.planparse.tests.hostile, each parsed in its own process."""
    from luoshi.planparse.tests import hostile

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in hostile.ALL.items():
            path = Path(tmp) / name
            data = make()
            path.write_bytes(data)
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
                timeout=120,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            rows.append(
                {
                    "name": f"planparse.hostile.{name}",
                    "size_kb": round(len(data) / 1024),
                    "outcome": result["outcome"],
                    "seconds": round(result["seconds"], 3),
                    "median_ms": round(result["seconds"] * 1000, 1),
                    "peak_rss_mb": round(result["rss_mb"], 1),
                    "rss_growth_mb": round(result["rss_mb"] - result["rss_before_mb"], 1),
                    "traced_peak_mb": round(result["traced_mb"], 1),
                    "ok": result["outcome"] != "parsed"
                    and result["seconds"] < HOSTILE_SECONDS
                    and result["rss_mb"] < HOSTILE_PEAK_MB,
                }
            )
    return rows


def print_hostile(rows: list[dict]) -> None:
    print(
        f"{'hostile file':<44} {'size':>9} {'refused as':<20} {'time':>7} "
        f"{'peak RSS':>9} {'growth':>8} {'traced':>8}"
    )
    for r in rows:
        print(
            f"{r['name'].removeprefix('planparse.hostile.'):<44} {r['size_kb']:>6} KB "
            f"{r['outcome']:<20} {r['seconds']:>6.2f}s {r['peak_rss_mb']:>6.0f} MB "
            f"{r['rss_growth_mb']:>5.0f} MB {r['traced_peak_mb']:>5.0f} MB"
            + ("" if r["ok"] else "  OVER BOUND")
        )
    print(f"bound: refused within {HOSTILE_SECONDS:.0f} s and {HOSTILE_PEAK_MB} MB resident")


def main() -> int:
    if "--hostile" in sys.argv[1:]:
        rows = run_hostile()
        print_hostile(rows)
        return 0 if all(r["ok"] for r in rows) else 1
    everything = run()
    results = [r for r in everything if "target_ms" in r]
    rows = [r for r in everything if "target_ms" not in r]
    for r in results:
        print(
            f"{r['name']:<32} {r['chars']:>8} chars  median {r['median_ms']:>9.2f} ms  "
            f"p95 {r['p95_ms']:>9.2f} ms  baseline {r['baseline_median_ms']:>7.2f} ms  "
            f"ratio {r['ratio']:>6}  peak {r['peak_mb']:>6.1f} MB  (target < {r['target_ms']} ms)"
        )
    ok = all(r["median_ms"] < r["target_ms"] and r["peak_mb"] < 200 for r in results)
    print()
    print_hostile(rows)
    return 0 if ok and all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
