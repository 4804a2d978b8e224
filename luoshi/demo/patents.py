"""Demo invention patents for Suining, granted 2005–2025, imported through the patent import
as a list of the city's invention patents would be, all marked demo. About four in five are
held by the demo registry's firms, the rest by institutes and a college named with their
county.

Grants grow about 12% a year; from the third year a patent lapses with a small yearly
chance (non-payment of annuities), strategic-industry ones less often; the 20-year term
applies. The 2021 grants are sized so that exactly 784 invention patents are in force on
31 December 2021 (the published figure); the high-value ones (mostly strategic emerging
industries and those maintained over 10 years) then give about 1.0 per 10,000 residents in
2021 rising to about 1.6 in 2025. The 高价值发明专利 data element is then computed from
the registry."""

from __future__ import annotations

import datetime as dt
import io
import random

from openpyxl import Workbook

from luoshi.core.spreadsheets import append
from luoshi.enterprises.models import Enterprise
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import DataElement
from luoshi.org.models import Region
from luoshi.patents import services
from luoshi.patents.models import Patent
from luoshi.patents.testing import patent_number

SEED = 784
IN_FORCE_2021 = 784
FIRST, LAST = 2005, 2025
BASE, GROWTH = 20, 1.12
LAPSE = 0.06  # yearly, from the third year after grant
STRATEGIC, OTHER = 0.09, 0.04
INSTITUTES = [
    ("遂宁市产业技术研究院", "船山区"),
    ("川中职业技术学院", "船山区"),
    ("遂宁市农业科学研究所", "安居区"),
    ("射洪市精细化工研究所", "射洪市"),
]
SUBJECTS = [
    ("锂离子电池正极材料", "H01M 4/525"),
    ("磷酸铁锂前驱体", "C01B 25/45"),
    ("天然气脱硫", "C10L 3/10"),
    ("印制电路板", "H05K 3/00"),
    ("食品保鲜", "A23B 7/00"),
    ("精细化工中间体", "C07C 51/00"),
    ("纺织纤维", "D01F 6/00"),
    ("智能装备控制", "G05B 19/00"),
    ("中药制剂", "A61K 36/00"),
    ("汽车零部件", "F16H 57/00"),
    ("环保水处理", "C02F 1/00"),
]
FORMS = ["一种{s}的制备方法", "一种{s}装置", "{s}检测方法及系统", "一种{s}工艺"]
HEAD = ("专利号", "专利名称", "专利权人", "所在县（市、区）", "申请日", "授权日", "IPC主分类号",
        "法律状态", "法律状态日期", "战略性新兴产业", "海外同族", "维持10年以上", "质押融资", "获奖")  # fmt: skip


def _later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _patent(rng: random.Random, year: int) -> dict:
    granted = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    applied = granted - dt.timedelta(days=rng.randint(450, 1300))
    strategic = rng.random() < STRATEGIC
    other = rng.choice(["overseas", "pledge", "award", "pledge"]) if rng.random() < OTHER else ""
    lapsed = None
    for n in range(3, 22):
        on = _later(granted, n)
        if on.year > LAST:
            break
        if rng.random() < LAPSE * (0.6 if strategic else 1):
            lapsed = on
            break
    return {
        "applied": applied,
        "granted": granted,
        "strategic": strategic,
        "other": other,
        "lapsed": lapsed,
    }


def _book(rows) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    append(ws, ("遂宁市发明专利清单（演示）",))
    append(ws, HEAD)
    for row in rows:
        append(ws, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(*, stdout) -> None:
    if Patent.objects.filter(is_demo=True).exists():
        stdout.write("patents: demo patents already loaded")
        return
    firms = list(Enterprise.objects.filter(is_demo=True).order_by("credit_code"))
    if not firms:
        stdout.write("patents: no demo registry; skipped")
        return
    rng = random.Random(SEED)
    drawn = {
        year: [_patent(rng, year) for _ in range(round(BASE * GROWTH ** (year - FIRST)))]
        for year in range(FIRST, LAST + 1)
        if year != 2021
    }
    end = dt.date(2021, 12, 31)
    changes = {
        id(p): [(p["lapsed"], "lapsed")] if p["lapsed"] else [] for ps in drawn.values() for p in ps
    }
    before = sum(
        Patent.in_force(p["applied"], p["granted"], changes[id(p)], end)
        for ps in drawn.values()
        for p in ps
    )
    drawn[2021] = []
    while len(drawn[2021]) < IN_FORCE_2021 - before:
        p = _patent(rng, 2021)
        if p["lapsed"] is None or p["lapsed"] > end:
            drawn[2021].append(p)
    # A few productive firms hold many patents: weights fall with the firm's rank.
    weights = [1 / (i + 3) for i in range(len(firms))]
    rows, serial = [], 0
    for year in sorted(drawn):
        for p in drawn[year]:
            serial += 1
            subject, ipc = rng.choice(SUBJECTS)
            if rng.random() < 0.2:
                holder, county = rng.choice(INSTITUTES)
            else:
                holder, county = rng.choices(firms, weights)[0].name, ""
            rows.append(
                (
                    patent_number(p["applied"].year, 10_000 + serial),
                    rng.choice(FORMS).format(s=subject),
                    holder,
                    county,
                    p["applied"].isoformat(),
                    p["granted"].isoformat(),
                    ipc,
                    "未缴年费专利权终止" if p["lapsed"] else "有效",
                    p["lapsed"].isoformat() if p["lapsed"] else "",
                    "是" if p["strategic"] else "否",
                    "是" if p["other"] == "overseas" else "否",
                    "否",
                    "是" if p["other"] == "pledge" else "否",
                    "是" if p["other"] == "award" else "否",
                )
            )
    batch = services.patent_import_preview(
        actor=None, file_name="遂宁市发明专利清单（演示）.xlsx", data=_book(rows)
    )
    services.patent_import_commit(actor=None, batch=batch, is_demo=True)
    element = DataElement.objects.filter(code="hv_patents").first()
    if element is not None and element.computation != "hv_invention_patents":
        indicator_services.element_save(
            actor=None, element=element, computation="hv_invention_patents"
        )
        for city in Region.objects.filter(kind=Region.Kind.CITY):
            indicator_services.computed_values_refresh(region=city)
    stdout.write(f"patents: {len(rows)} demo invention patents")
