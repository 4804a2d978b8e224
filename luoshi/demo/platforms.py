"""Demo innovation platforms for Suining: about fifty key laboratories, engineering research
centres, enterprise technology centres, new R&D institutions, incubators, maker spaces and
星创天地 at national, provincial and city level, recognised 2012–2025 and evaluated every
three years, imported through the platform import as a published list would be, all marked
demo. Three were removed by an evaluation (不合格 or 撤销). Enterprise centres and
engineering centres are hosted by demo firms; laboratories by the institutes and the
college; incubators and maker spaces by the parks' service centres."""

from __future__ import annotations

import datetime as dt
import io
import random

from openpyxl import Workbook

from luoshi.core.spreadsheets import append
from luoshi.enterprises.models import Enterprise
from luoshi.platforms import services
from luoshi.platforms.models import Platform

SEED = 2012
# category, level, how many, who hosts them
PLAN = [
    ("重点实验室", "省级", 3, "institute"),
    ("重点实验室", "市级", 6, "institute"),
    ("工程技术研究中心", "省级", 5, "firm"),
    ("工程技术研究中心", "市级", 8, "firm"),
    ("企业技术中心", "国家级", 2, "firm"),
    ("企业技术中心", "省级", 8, "firm"),
    ("新型研发机构", "省级", 2, "institute"),
    ("新型研发机构", "市级", 2, "firm"),
    ("科技企业孵化器", "国家级", 1, "park"),
    ("科技企业孵化器", "省级", 3, "park"),
    ("科技企业孵化器", "市级", 2, "park"),
    ("众创空间", "国家级", 2, "park"),
    ("众创空间", "省级", 4, "park"),
    ("众创空间", "市级", 3, "park"),
    ("星创天地", "国家级", 1, "rural"),
    ("星创天地", "省级", 3, "rural"),
]
PREFIX = {"国家级": "国家", "省级": "四川省", "市级": "遂宁市"}
INSTITUTES = [
    ("遂宁市产业技术研究院", "船山区"),
    ("川中职业技术学院", "船山区"),
    ("遂宁市农业科学研究所", "安居区"),
    ("射洪市精细化工研究所", "射洪市"),
]
PARKS = [
    ("遂宁高新区创新创业服务中心", "遂宁高新技术产业园区"),
    ("遂宁经开区科技服务有限公司", "遂宁经济技术开发区"),
    ("河东新区双创服务中心", "遂宁市河东新区"),
    ("遂潼园区科创服务中心", "遂潼涪江创新产业园区"),
]
SHORT = {"遂宁高新技术产业园区": "遂宁高新区", "遂宁经济技术开发区": "遂宁经开区",
         "遂宁市河东新区": "河东新区", "遂潼涪江创新产业园区": "遂潼园区"}  # fmt: skip
RURAL = [("蓬溪县农业科技服务中心", "蓬溪县"), ("大英县现代农业园区管理中心", "大英县"),
         ("射洪市农业技术推广中心", "射洪市"), ("安居区农业科技园", "安居区")]  # fmt: skip
FIELDS = ["锂电新材料", "天然气化工", "电子信息", "食品安全", "精细化工", "智能制造",
          "生物医药", "新能源汽车零部件", "绿色纺织", "现代农业"]  # fmt: skip
RESULTS = ["优秀", "良好", "良好", "合格", "合格", "合格"]
HEAD = (
    "平台名称",
    "类别",
    "级别",
    "依托单位",
    "所在县（市、区）",
    "认定时间",
    "评估时间",
    "评估结果",
)


def _book(rows) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    append(ws, ("遂宁市创新平台名单（演示）",))
    append(ws, HEAD)
    for row in rows:
        append(ws, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(*, stdout) -> None:
    if Platform.objects.filter(is_demo=True).exists():
        stdout.write("platforms: demo platforms already loaded")
        return
    firms = list(Enterprise.objects.filter(is_demo=True).order_by("credit_code")[:200])
    if not firms:
        stdout.write("platforms: no demo registry; skipped")
        return
    rng = random.Random(SEED)
    recognitions, evaluations = [], []
    hosts_left = rng.sample(firms, len(firms))
    per_kind: dict[str, int] = {}
    for kind, level, count, hosts in PLAN:
        for n in range(count):
            field = FIELDS[per_kind.get(kind, 0) % len(FIELDS)]
            per_kind[kind] = per_kind.get(kind, 0) + 1
            if hosts == "firm":
                host, place = hosts_left.pop().name, ""
            else:
                pool = {"institute": INSTITUTES, "park": PARKS, "rural": RURAL}[hosts]
                host, place = pool[n % len(pool)]
            if kind == "企业技术中心":
                name = f"{host}{kind}"
            elif hosts == "park":
                name = f"{SHORT[place]}{field}{kind}"
            elif hosts == "rural":
                name = f"{place}{field}{kind}"
            else:
                name = f"{PREFIX[level]}{field}{kind}"
            year = rng.randint(2012, 2025)
            day = dt.date(year, rng.randint(3, 11), rng.randint(1, 28))
            recognitions.append((name, kind, level, host, place, day.isoformat(), "", ""))
    # Three platforms recognised by 2021 fail their latest evaluation and leave the list.
    old = [i for i, r in enumerate(recognitions) if r[5] < "2022"]
    removed = {old[1]: "不合格", old[len(old) // 2]: "撤销", old[-2]: "不合格"}
    for index, row in enumerate(recognitions):
        # evaluated three years after recognition, then every three years
        rounds = list(range(int(row[5][:4]) + 3, 2026, 3))
        for check in rounds:
            last = check == rounds[-1]
            result = removed[index] if last and index in removed else rng.choice(RESULTS)
            evaluations.append((*row[:6], dt.date(check, 9, 15).isoformat(), result))
    for title, rows in (
        ("遂宁市创新平台认定名单（演示）.xlsx", recognitions),
        ("遂宁市创新平台评估结果（演示）.xlsx", evaluations),
    ):
        # An evaluation list names each platform once per round: one list per round.
        rounds = sorted({r[6] for r in rows})
        for when in rounds:
            part = [r for r in rows if r[6] == when]
            batch = services.platform_import_preview(
                actor=None,
                file_name=title if not when else f"{when[:4]}年{title}",
                data=_book(part),
            )
            services.platform_import_commit(actor=None, batch=batch, is_demo=True)
    count = Platform.objects.filter(is_demo=True).count()
    stdout.write(f"platforms: {count} demo platforms, {len(evaluations)} evaluations")
