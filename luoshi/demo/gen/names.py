"""Names for generated places, units and plans (plausible, not real beyond the city names)."""

from __future__ import annotations

# Sichuan's 21 prefecture-level divisions: (name, stem used in unit names, account prefix).
SICHUAN = [
    ("遂宁市", "遂宁", "sn"),
    ("成都市", "成都", "cd"),
    ("自贡市", "自贡", "zg"),
    ("攀枝花市", "攀枝花", "pzh"),
    ("泸州市", "泸州", "lz"),
    ("德阳市", "德阳", "dy"),
    ("绵阳市", "绵阳", "my"),
    ("广元市", "广元", "gy"),
    ("内江市", "内江", "nj"),
    ("乐山市", "乐山", "ls"),
    ("南充市", "南充", "nc"),
    ("眉山市", "眉山", "ms"),
    ("宜宾市", "宜宾", "yb"),
    ("广安市", "广安", "ga"),
    ("达州市", "达州", "dz"),
    ("雅安市", "雅安", "ya"),
    ("巴中市", "巴中", "bz"),
    ("资阳市", "资阳", "zy"),
    ("阿坝州", "阿坝", "ab"),
    ("甘孜州", "甘孜", "gz"),
    ("凉山州", "凉山", "lsz"),
]

# Syllables for synthetic place names: counties, parks and (nation scale) cities.
_FIRST = "安宝长丰福广和华嘉江金锦景康乐临龙隆明南平青庆瑞顺泰通兴阳永玉云昭"
_SECOND = "昌川城定东丰河湖华江林陵宁平泉山水台潭溪阳源州"


def place_name(i: int) -> str:
    """A two-character place stem, distinct for i < 870."""
    return _FIRST[i % len(_FIRST)] + _SECOND[(i // len(_FIRST)) % len(_SECOND)]


def nation_cities(count: int) -> list[tuple[str, str, str]]:
    """`count` cities: Sichuan's first, then synthetic ones in synthetic provinces."""
    out = list(SICHUAN[:count])
    i = 0
    while len(out) < count:
        stem = place_name(i * 7 + 3) + "阳"[: 0 if i % 3 else 1]
        name = f"{stem}市"
        if all(name != c[0] for c in out):
            out.append((name, stem, f"c{len(out):03d}"))
        i += 1
    return out


COUNTY_SUFFIX = ["区", "县", "区", "县", "市", "县", "区", "县", "县"]

# Departments a larger city has beyond those the Suining plan names.
EXTRA_DEPARTMENTS = [
    ("住房和城乡建设局", "市住房城乡建设局", "zjj"),
    ("自然资源和规划局", "市自然资源规划局", "zrzyj"),
    ("水利局", "市水利局", "slj"),
    ("应急管理局", "市应急管理局", "yjj"),
    ("审计局", "市审计局", "sjj"),
    ("民政局", "市民政局", "mzj"),
    ("退役军人事务局", "市退役军人事务局", "tyjrj"),
    ("医疗保障局", "市医疗保障局", "ybj"),
    ("林业局", "市林业局", "lyj"),
    ("粮食和物资储备局", "市粮食和物资储备局", "lsj"),
    ("城市管理综合行政执法局", "市城管执法局", "cgj"),
    ("信访局", "市信访局", "xfj"),
    ("机关事务管理局", "市机关事务管理局", "jgswj"),
    ("投资促进局", "市投资促进局", "tcj"),
    ("供销合作社联合社", "市供销社", "gxs"),
    ("气象局", "市气象局", "qxj"),
    ("总工会", "市总工会", "zgh"),
    ("妇女联合会", "市妇联", "fl"),
    ("工商业联合会", "市工商联", "gsl"),
    ("残疾人联合会", "市残联", "cl"),
    ("社会科学界联合会", "市社科联", "skl"),
    ("档案馆", "市档案馆", "dag"),
    ("邮政管理局", "市邮政管理局", "yzj"),
    ("地方志办公室", "市地方志办", "dfz"),
]

# Topics of a city's other action plans (the generated variants of the Suining plan).
PLAN_TOPICS = [
    "推进制造业高质量发展",
    "加快数字经济发展",
    "全面推进乡村振兴",
    "优化营商环境",
    "建设人才强市",
    "推动文化和旅游融合发展",
    "加强生态环境保护",
    "建设交通强市",
    "扩大对外开放合作",
    "推进健康城市建设",
    "促进民营经济发展",
    "推动现代服务业发展",
]
