"""Demo enterprise registry for Suining: about 900 firms over the five counties/districts and
the parks, high-tech certificate batches 2019–2025 and tech-SME lists 2021–2025, imported
through the registry's own import services (as lists would be), all marked demo.

The batches are sized so that certificates valid on 31 December give the published totals:
130 (2021), 169 (2022), 209 (2023) — a year's count is the three latest yearly batches, since
a certificate holds three years — then 236 (2024) and 258 (2025). Tech-SMEs registered:
420, 504, 570, 621, 655 for 2021–2025."""

from __future__ import annotations

import csv
import io
import random

from luoshi.enterprises import services
from luoshi.enterprises.models import Enterprise
from luoshi.enterprises.testing import credit_code
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import DataElement
from luoshi.org.models import Region

SEED = 2025
# New certificates issued per year; counts on 31 Dec are sums of three consecutive years.
BATCHES = {2019: 38, 2020: 42, 2021: 50, 2022: 77, 2023: 82, 2024: 77, 2025: 99}
ISSUE_DATES = {
    2019: "2019-11-28",
    2020: "2020-12-01",
    2021: "2021-10-28",
    2022: "2022-11-02",
    2023: "2023-10-16",
    2024: "2024-11-20",
    2025: "2025-10-30",
}
TECH_SMES = {2021: 420, 2022: 504, 2023: 570, 2024: 621, 2025: 655}
COUNTY_SHARES = {"510903": 0.32, "510904": 0.12, "510981": 0.26, "510921": 0.14, "510923": 0.16}
PARKS = ["遂宁经济技术开发区", "遂宁高新技术产业园区", "遂宁市河东新区", "遂潼涪江创新产业园区"]
FIRMS = 900
WORDS = [
    "锂电",
    "天然气",
    "电子",
    "精细化工",
    "新材料",
    "食品",
    "智能装备",
    "生物医药",
    "汽车零部件",
    "纺织",
    "光电",
    "环保",
    "机械",
    "信息技术",
    "新能源",
    "包装",
    "农业科技",
    "检测",
]
PREFIX = ["遂宁", "射洪", "蓬溪", "大英", "安居", "船山", "川中", "涪江", "天齐", "明星"]
SUFFIX = ["科技有限公司", "股份有限公司", "有限责任公司", "实业有限公司", "技术有限公司"]
ELEMENT_COMPUTATIONS = {
    "hightech_enterprises": "high_tech_valid",
    "tech_smes": "tech_sme_registered",
}


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _firms(rng: random.Random) -> list[tuple[str, str, str, str]]:
    divisions = list(COUNTY_SHARES)
    weights = list(COUNTY_SHARES.values())
    firms, names = [], set()
    serial = 1
    while len(firms) < FIRMS:
        division = rng.choices(divisions, weights)[0]
        name = f"{rng.choice(PREFIX)}{rng.choice(WORDS)}{rng.choice(['', '新', '华', '金', '瑞', '恒', '达', '源'])}{rng.choice(SUFFIX)}"
        if name in names:
            name = name.replace("有限", f"{len(firms)}号有限", 1)
        if name in names:
            continue
        names.add(name)
        park = rng.choice(PARKS) if rng.random() < 0.4 else ""
        address = f"四川省遂宁市{park}{rng.choice(['创新大道', '物流港路', '明月路', '龙凤大道', '工业园路'])}{rng.randint(1, 999)}号"
        firms.append(
            (
                credit_code(division, serial),
                name,
                address,
                rng.choice(["C3985", "C2614", "C3841", "C1469", "I6510", "C3484"]),
            )
        )
        serial += 1
    return firms


def load(*, stdout) -> None:
    if Region.objects.filter(name="遂宁市", kind=Region.Kind.CITY).first() is None:
        stdout.write("enterprises: no Suining directory; skipped")
        return
    if Enterprise.objects.filter(is_demo=True).exists():
        stdout.write("enterprises: demo registry already loaded")
        return
    for code, key in ELEMENT_COMPUTATIONS.items():
        element = DataElement.objects.filter(code=code).first()
        if element is not None and element.computation != key:
            indicator_services.element_save(actor=None, element=element, computation=key)
    rng = random.Random(SEED)
    firms = _firms(rng)

    def run(kind, data, name, **options):
        batch = services.registry_import_preview(
            actor=None, kind=kind, file_name=name, data=data, options=options
        )
        return services.registry_import_commit(actor=None, batch=batch, is_demo=True)

    run(
        "enterprises",
        _csv(["统一社会信用代码", "企业名称", "注册地址", "行业代码"], firms),
        "遂宁市企业名录（演示）.csv",
    )
    # High-tech batches: renewals of the certificates expiring that year first, then new firms.
    order = list(range(len(firms)))
    rng.shuffle(order)
    fresh = iter(order)
    issued: dict[int, list[int]] = {}
    serial = 1
    for year, size in BATCHES.items():
        expiring = issued.get(year - 3, [])
        renew = [i for i in expiring if rng.random() < 0.75][:size]
        members = renew + [next(fresh) for _ in range(size - len(renew))]
        issued[year] = members
        rows = []
        for i in members:
            rows.append((len(rows) + 1, firms[i][1], f"GR{year}51{serial:06d}"))
            serial += 1
        run(
            "high_tech",
            _csv(["序号", "企业名称", "证书编号"], rows),
            f"{year}年高新技术企业认定名单（演示）.csv",
            issued_on=ISSUE_DATES[year],
            batch=f"{year}年第一批",
        )
    # Tech-SMEs: most of the year before register again, the rest are newcomers.
    previous: list[int] = []
    for year, size in TECH_SMES.items():
        keep = [i for i in previous if rng.random() < 0.85][:size]
        taken = set(keep)
        pool = [i for i in order[::-1] if i not in taken]
        members = keep + pool[: size - len(keep)]
        rows = [
            (firms[i][1], firms[i][0], f"{year}{firms[i][0][2:8]}0A{n:06d}")
            for n, i in enumerate(members, 1)
        ]
        run(
            "tech_sme",
            _csv(["企业名称", "统一社会信用代码", "入库登记编号"], rows),
            f"{year}年科技型中小企业入库名单（演示）.csv",
        )
        previous = members
    # The 2025 cultivation pool: renewals of certificates expiring in 2025, then tech-SMEs.
    by_code = dict(Enterprise.objects.filter(is_demo=True).values_list("credit_code", "pk"))
    firms_by_pk = {f.pk: f for f in Enterprise.objects.filter(is_demo=True)}
    stages = ["identified", "coached", "applied"]
    added = 0
    for i in issued[2022][:30] + previous[:40]:
        firm = firms_by_pk[by_code[firms[i][0]]]
        if firm.candidacies.filter(year=2025).exists() or i in issued[2025]:
            continue
        candidate = services.candidate_add(
            actor=None,
            enterprise=firm,
            year=2025,
            reason="证书2025年到期，重新认定"
            if i in issued[2022]
            else "科技型中小企业，研发投入较高",
            renewal=i in issued[2022],
            is_demo=True,
        )
        stage = rng.choice(stages)
        if stage != "identified":
            services.candidate_move(actor=None, candidate=candidate, stage="coached")
            if stage == "applied":
                services.candidate_move(actor=None, candidate=candidate, stage="applied")
        added += 1
    city = Region.objects.get(name="遂宁市", kind=Region.Kind.CITY)
    indicator_services.computed_values_refresh(region=city)
    stdout.write(
        f"enterprises: {len(firms)} demo firms, {serial - 1} certificates, {added} candidates"
    )
