"""Targets in goal paragraphs: "全社会研发投入强度达到1.05%" -> indicator, comparator, value,
unit, year. Clauses without a number become qualitative targets."""

from __future__ import annotations

import re
from dataclasses import replace

from .model import QualitativeTarget, Target
from .text import cn_to_int, fold, split_top, split_top_spans

_BASE_UNITS = sorted(
    """元 美元 人次 人 户 家 个 项 件 所 座 台 套 条 公里 千米 平方公里 平方千米 平方米 立方米 吨 千瓦时 千瓦 瓦
    兆瓦 吉瓦 度 亩 公顷 辆 艘 架 张床 张 名 部 场 次 届 处 类 种 批 支 只 篇 本 册 小时 天 岁 棵 株 头 床 间 栋
    标准箱 TEU GW MW kW GWh 网点 基站 孔 盏 桩 份 门 款 首 集 微克/立方米 毫克/立方米 毫克/升 吨标准煤 吨标煤
    千克 公斤 立方米/万元 平方米/人 张/千人 人/万人 个/万人 克标准煤/千瓦时 千克标准煤/吨 吨标准煤/万元
    千克/公顷 公里/平方公里 EFLOPS PFLOPS TFLOPS Gbps Mbps EB PB TB 标准机架 机架 台套 万人 人次""".split(),
    key=len,
    reverse=True,
)
_UNIT = (
    r"(?P<unit>%|‰|个百分点|百分点|倍|(?:万亿|千亿|百亿|亿|千万|百万|十万|万|千)?(?:"
    + "|".join(re.escape(u) for u in _BASE_UNITS)
    + r"))"
)
NUMBER = re.compile(
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    + "(?:"
    + _UNIT
    + r")?(?P<mod>\s*(?:及以上|以上|以内|之内|以下|左右|上下))?(?![\d.A-Za-z])"
)

_LEVEL = [
    (
        ">=",
        r"达到|不低于|不少于|至少|提高到|提升到|提高至|提升至|增加到|增加至|增长到|增长至|扩大到|扩大至|达",
    ),
    (">", r"突破|超过|高于|大于|多于|逾|超(?=\s*(?:\d|$))"),
    (
        "<=",
        r"控制在|不超过|不高于|不多于|降至|降低到|降低至|下降到|下降至|减少到|减少至|压减到|压减至|压缩到|压缩至|控制到",
    ),
    ("<", r"低于|少于|小于"),
    ("=", r"保持在|稳定在|维持在|保持|稳定"),
]
_DIRECTION = r"年均增长|年均提高|年均下降|增长|提高|提升|增加(?!值)|下降|降低|减少|压减|缩短|扩大"
_ACTION = (
    r"推出|打造|建设|建成|培育|新增|引进|创建|培养|招引|实现|完成|累计|新建|建立|布局|认定|创作|举办|形成|"
    r"引育|组建|争创|开展|发展|收录|评选|改造|打通|覆盖|带动|吸引|集聚|聚集|新培育|新认定|新引进|孵化|储备|"
    r"培训|招收|招聘|吸纳|安置|帮扶|救助|接待|种植|造林|治理|修复|整治|提供|推广|示范|转化|攻克|"
    r"组织实施|组织开展|开通|开设|设立|遴选|评定|命名|实施|改扩建|新改建|改建|扩建"
)
_VERB = re.compile(
    "|".join(f"(?P<v{i}>{alts})" for i, (_, alts) in enumerate(_LEVEL))
    + f"|(?P<dir>{_DIRECTION})|(?P<act>{_ACTION})"
)
_MOD = {
    "以上": ">=",
    "及以上": ">=",
    "以内": "<=",
    "之内": "<=",
    "以下": "<=",
    "左右": "=",
    "上下": "=",
}
_YEAR = re.compile(
    r"^(?:力争|争取|确保|预计)?\s*(?:到|至|截至|截止|在)?\s*(?P<y>(?:19|20)\d\d)\s*年(?:底|末|前)?\s*(?:时)?"
)
_PLAN_PERIOD = re.compile(
    r"^(?:到|至)?[“\"]?(?P<p>十三五|十四五|十五五)[”\"]?(?:末|期末|时期末|期间)"
)
_PERIOD_YEAR = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
_NOISE_HEAD = re.compile(
    r"^(?:力争|争取|确保|努力|(?:实现|完成)(?![^的]*的)|推动|促进|其中|全年|每年|使|让|同时|并|且|以及)+"
)
_REFERENCE = re.compile(r"(?:如下表?|见下表|见附件|见附表|如表\d*所示)$")
_BASE_YEAR = re.compile(r"(?:比|较|与)\s*(?:19|20)\d\d\s*年(?:末|底)?(?:相比)?")
_BASELINE = re.compile(r"(?:由|从|比|较|相比)$")


# Principles and approach ("坚持数字赋能", "以改革为动力", "围绕主导产业") are how, not what.
_PRINCIPLE = re.compile(
    r"^(?:坚持|以|围绕|聚焦|立足|紧扣|按照|遵循|秉持|把握|统筹|牢牢把握|深入贯彻|贯彻落实)"
)


def extract_targets(
    paragraphs: list[str], default_year: int | None = None, *, dated_only: bool = False
) -> tuple[list[Target], list[QualitativeTarget]]:
    """Numeric and qualitative targets. With ``dated_only`` (paragraphs that are not a goal
    section, such as 总体要求), a clause without a number counts as a target only after the
    paragraph has named its year ("到2025年，…")."""
    targets: list[Target] = []
    qualitative: list[QualitativeTarget] = []
    year = default_year
    previous: list[str] = [""]  # the last indicator, for "…突破50亿元，年均增长20%"
    for para in paragraphs:
        dated = not dated_only
        para = para.strip().lstrip("—-–·•●▪■◆ ").strip()
        for sentence in split_top(para, "。；;"):
            previous[0] = ""
            for s, e in split_top_spans(sentence, "，,：:"):
                piece = sentence[s:e].strip()
                folded = fold(piece)
                m = _YEAR.match(folded) or _PLAN_PERIOD.match(folded)
                if m:
                    dated = True
                    year = int(m.group("y")) if "y" in m.groupdict() else _PERIOD_YEAR[m.group("p")]
                    # "到2025年" is an adverbial and goes; "2024年全国文明城市测评成绩…" keeps its year.
                    if (
                        re.match(r"^(?:力争|争取|确保|预计)?\s*(?:到|至|截至|截止)", folded)
                        or "p" in m.groupdict()
                    ):
                        piece = piece[m.end() :].strip(" ，,")
                        folded = fold(piece)
                if len(piece) < 4:
                    continue
                found = _numeric(piece, year, previous[0])
                if found:
                    targets.extend(found)
                    previous[0] = found[-1].indicator
                elif (
                    dated
                    and len(piece) >= 6
                    and not _REFERENCE.search(piece)
                    and not _PRINCIPLE.match(piece)
                ):
                    qualitative.append(QualitativeTarget(piece, year))
    return targets, qualitative


_DOUBLING = re.compile(r"(?:实现|力争|确保)?(?P<w>翻一番|翻两番|翻番|翻一倍)")


def _numeric(piece: str, year: int | None, previous: str = "") -> list[Target]:
    folded = fold(piece)
    matches = [m for m in NUMBER.finditer(folded) if not _is_noise_number(folded, m)]
    if not matches:
        return _worded(piece, year, previous)
    if "分别" in folded and len(matches) > 1:
        paired = _respectively(piece, folded, matches, year)
        if paired:
            return paired
    each = _EACH.match(piece)
    if each and len(matches) == 1:
        # "A、B均达到90%以上": one target per indicator.
        subjects = [x for x in split_top(each.group("subj"), "、") if x.strip()]
        if len(subjects) > 1:
            found = [t for x in subjects for t in _numeric(x + each.group("rest"), year)]
            if len(found) == len(subjects):
                return found
    out: list[Target] = []
    prev_end = 0
    # Only a 、 outside brackets separates targets: "超过500亿元的县（市、区）不少于20个" is one.
    seps = [e for _, e in split_top_spans(folded, "、")][:-1]
    for k, m in enumerate(matches):
        # With several numbers, each target starts after the 、 that follows the previous one.
        start = prev_end
        if k:
            sep = _find_sep(seps, prev_end, m.start())
            start = sep + 1 if sep >= 0 else prev_end
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(folded)
        stop = _find_sep(seps, m.end(), nxt)
        end = stop if stop >= 0 and k + 1 < len(matches) else len(folded)
        if k + 1 < len(matches) and stop < 0:
            # "由40%提高到42%": one target, the number after the verb wins.
            prev_end = prev_end
            continue
        # "突破3000亿元、年均增长7%": the growth is of the indicator just read.
        target = _one(piece, folded, start, m, end, year, out[-1].indicator if out else previous)
        if target:
            out.append(target)
        prev_end = end + 1
    return out


_EACH = re.compile(
    r"^(?P<subj>[^，,；;]+?)(?:均|都)(?P<rest>(?:要|应|将)?(?:达到|超过|不低于|不少于|高于|保持在|稳定在|控制在|提高到|提升到|在|为|达|突破|低于|不超过|下降|提高|增长).*)$"
)


def _find_sep(seps: list[int], lo: int, hi: int) -> int:
    """First top-level 、 in ``[lo, hi)``, or -1."""
    return next((i for i in seps if lo <= i < hi), -1)


_FRACTION = re.compile(
    r"(?<=[到达过占逾约近至为于超])(?:(?P<n>[一二三四五六七八九])成|(?P<half>一半)|"
    r"(?P<den>[二三四五六七八九十])分之(?P<num>[一二三四五六七八九]))"
    r"(?=以上|左右|以内|以下|$|[，,、；;。])"
)


def _fraction_percent(m: re.Match) -> str:
    if m.group("n"):
        value = cn_to_int(m.group("n")) * 10
    elif m.group("half"):
        value = 50
    else:
        value = round(cn_to_int(m.group("num")) / cn_to_int(m.group("den")) * 100, 1)
        value = int(value) if float(value).is_integer() else value
    return f"{value}%"


def _worded(piece: str, year: int | None, previous: str) -> list[Target]:
    """Targets written in words: "收入较2020年翻一番" (x2), "治理率达到七成以上" (70%),
    "覆盖率达到一半以上" (50%), "三分之一" (33.3%)."""
    m = _DOUBLING.search(piece)
    if m:
        indicator = _clean(piece[: m.start()])
        if not indicator:
            return []
        value = 4 if m.group("w") == "翻两番" else 2
        return [Target(piece.strip(" ，,、"), indicator, ">=", value, "倍", year)]
    words = list(_FRACTION.finditer(piece))
    if not words:
        return []
    as_percent = _FRACTION.sub(_fraction_percent, piece)
    found = _numeric(as_percent, year, previous) if as_percent != piece else []
    out = []
    for t in found:
        text = t.text
        for x in words:
            text = text.replace(_fraction_percent(x), x.group(0), 1)
        out.append(replace(t, text=text))
    return out


_LEVEL_BEFORE = re.compile("(?:" + "|".join(alts for _, alts in _LEVEL) + r")\s*$")


def _is_noise_number(folded: str, m: re.Match) -> bool:
    before = folded[: m.start()]
    if before.endswith("第") or _BASELINE.search(before):
        return True
    # A bare number (a ratio such as PUE 1.3) is a target value only right after a level verb.
    return not m.group("unit") and not _LEVEL_BEFORE.search(before)


def _one(
    piece: str, folded: str, start: int, m: re.Match, end: int, year: int | None, previous: str = ""
) -> Target | None:
    prefix = folded[start : m.start()]
    verbs = list(_VERB.finditer(prefix))
    # A level verb (达到, 控制在 …) binds the number, so the last one counts; an action verb
    # (培育, 新建 …) governs the object that follows it, so the first one does: nouns such as
    # 示范基地 or 转化中心 contain verbs too.
    levels = [v for v in verbs if v.lastgroup != "act"]
    verb = levels[-1] if levels else (verbs[0] if verbs else None)
    verb_start = verb.start() if verb is not None else 0
    if verb is not None and verb.lastgroup == "act":
        # "累计建成…", "新增培育…": of two action verbs in a row the second governs the object.
        while _MODIFIER_VERB.fullmatch(verb.group()) or any(
            v.start() == verb.end() and (verb.group() + v.group()) in _COMPOUND_VERBS for v in verbs
        ):
            nxt = next((v for v in verbs if v.start() == verb.end() and v.lastgroup == "act"), None)
            if nxt is None:
                break
            verb = nxt
    obj = piece[m.end() : end].strip(" ，,、")
    comparator = "="
    indicator = ""
    if verb is None:
        indicator = piece[start : m.start()] or obj
    else:
        subj = piece[start : start + verb_start]
        mid = piece[start + verb.end() : m.start()]
        kind = verb.lastgroup or ""
        if kind.startswith("v"):
            comparator = _LEVEL[int(kind[1:])][0]
            indicator = subj if _clean(subj) else (mid if _clean(mid) else obj)
        elif kind == "dir":
            comparator = ">="
            if _clean(subj):
                indicator = subj + verb.group()
            elif previous and not _clean(mid):
                # "全市…进出口额突破50亿元，年均增长20%": the growth is of the previous indicator.
                indicator = _strip_direction(previous) + verb.group()
            else:
                indicator = verb.group() + (mid or obj)
        elif _clean(subj) and not _ADVERBS.fullmatch(_clean(subj)):
            # "城镇新增就业5万人": the words before the action verb name the indicator too
            # (but not "累计建成…", "每年完成…": adverbs name nothing).
            indicator = piece[start : m.start()]
        else:
            indicator = mid if _clean(mid) else (obj if _clean(obj) else subj)
    mod = (m.group("mod") or "").strip()
    if mod in _MOD:
        if comparator in ("=",) or verb is None or (verb.lastgroup in ("dir", "act")):
            comparator = _MOD[mod]
        elif mod == "左右":
            comparator = "="
    elif re.search(r"(?:约|大约|大致|近)\s*$", folded[: m.start()]):
        # "提高约20%": about, not at least.
        comparator = "="
    indicator = _clean(indicator)
    if _BARE_QUALIFIER.fullmatch(indicator) and previous:
        # "…达到2.5%以上，力争达到2.8%", "新增上市公司10家，累计达到50家": same indicator.
        indicator = _strip_direction(previous) + (indicator if indicator else "")
    if not indicator:
        return None
    raw = m.group("num").replace(",", "")
    value = float(raw)
    unit = m.group("unit") or ""
    text = piece[start:end].strip(" ，,、")
    return Target(
        text, indicator, comparator, int(value) if value.is_integer() else value, unit, year
    )


# "累计建成…", "新增培育…": a verb that only qualifies the next one.
_MODIFIER_VERB = re.compile(r"累计|新增|新建|共")
_COMPOUND_VERBS = frozenset(
    {"建设改造", "改造提升", "引进培育", "培育引进", "招引培育", "组织实施"}
)
_ADVERBS = re.compile(
    r"(?:累计|每年|全年|年内|当年|共|再|新|力争|争取|确保|逐步|持续|全面|全省|全市|全区|全县|全州|全国|全域|我省|我市|我区|我县)+"
)
_BARE_QUALIFIER = re.compile(r"(?:累计|总数|总量|总计|合计)?")


def _strip_direction(indicator: str) -> str:
    return re.sub(f"(?:{_DIRECTION})$", "", indicator)


_TRAILING_NOISE = re.compile(r"(?:力争|争取|确保|努力|预计|要)+$")


def _strip_unbalanced(s: str) -> str:
    """Trim blanks, punctuation and brackets at the ends, but keep a closing bracket that
    closes a bracket inside ("经济总量超过500亿元的县（市、区）")."""
    while True:
        t = s.strip(" ，,、：:；;\"'")
        # Quotes go only when unmatched: "“三项改革”试点单位" keeps its quoted name.
        if t[:1] == "“" and t.count("“") > t.count("”"):
            t = t[1:]
        if t[-1:] == "”" and t.count("”") > t.count("“"):
            t = t[:-1]
        if t[:1] == "“" and t[-1:] == "”" and t.count("“") == 1:
            t = t[1:-1]
        if t[:1] in "（(" and not _balanced(t):
            t = t[1:]
        elif t[-1:] in "）)" and not _balanced(t):
            t = t[:-1]
        elif t[:1] in "（(" and t[-1:] in "）)" and _balanced(t[1:-1]):
            t = t[1:-1]
        if t == s:
            return s
        s = t


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _clean(s: str) -> str:
    s = _strip_unbalanced(s)
    s = _YEAR.sub("", s, count=1)
    # "森林覆盖率由40%提高到42%", "比2020年下降18%": the baseline is not part of the indicator.
    s = re.sub(r"(?:由|从)\s*\d[\d.,]*\s*\S{0,6}$", "", s)
    s = _BASE_YEAR.sub("", s)
    s = _NOISE_HEAD.sub("", s)
    s = re.sub(r"(?:的|为|是|在|至|到|由)$", "", s)
    s = _TRAILING_NOISE.sub("", s)
    return s.strip(" ，,、：:")


# Head nouns an indicator pair may share: "氮氧化物和挥发性有机物排放总量" is the 排放总量 of each.
_SHARED_HEAD = re.compile(
    r"(?:排放总量|排放量|平均浓度|浓度|消费比重|比重|占比|覆盖率|普及率|达标率|增长率|利用率|处理率|"
    r"营业收入|增加值|产值|总量|规模|数量|面积|强度|能耗|投资)$"
)


def _subjects(head: str, count: int) -> list[str]:
    """The indicators "A、B分别…" or "A和B排放总量分别…" names, ``count`` of them."""
    subjects = [s.strip() for s in split_top(head, "、") if s.strip()]
    if len(subjects) == count or count != 2 or len(subjects) != 1:
        return subjects
    base = _BASE_YEAR.sub("", subjects[0]).strip()
    parts = re.split(r"[和与及]", base)
    if len(parts) != 2:
        return subjects
    shared = _SHARED_HEAD.search(parts[1])
    if shared and not _SHARED_HEAD.search(parts[0]):
        return [parts[0] + shared.group(0), parts[1]]
    return [parts[0], parts[1]]


def _respectively(
    piece: str, folded: str, matches: list[re.Match], year: int | None
) -> list[Target]:
    """ "A、B分别达到150家、600家": pair subjects with values in order."""
    at = folded.find("分别")
    head = piece[:at]
    after = [m for m in matches if m.start() > at]
    subjects = _subjects(head, len(after))
    if len(subjects) != len(after):
        return []
    verbs = list(_VERB.finditer(folded[at : after[0].start()]))
    verb = verbs[-1] if verbs else None
    comparator = "="
    suffix = ""
    if verb is not None and verb.lastgroup.startswith("v"):
        comparator = _LEVEL[int(verb.lastgroup[1:])][0]
    elif verb is not None and verb.lastgroup == "dir":
        # "分别下降10%、10%": the change is the indicator, as with one figure.
        comparator, suffix = ">=", verb.group()
    out = []
    for subject, m in zip(subjects, after, strict=True):
        mod = (m.group("mod") or "").strip()
        comp = _MOD.get(mod, comparator) if comparator == "=" else comparator
        value = float(m.group("num").replace(",", ""))
        out.append(
            Target(
                f"{subject.strip()}{piece[at : after[0].start()]}{piece[m.start() : m.end()]}",
                _clean(subject) + suffix,
                comp,
                int(value) if value.is_integer() else value,
                m.group("unit") or "",
                year,
            )
        )
    return out


# --- Figures inside a task ---------------------------------------------------------------------
# "到2025年，培育技术经理人3000名以上": a task that sets its own figure carries it as a target.
# Support amounts and thresholds ("给予最高500万元奖励", "投入达到500万元以上的企业") are
# conditions of a policy, not targets.
_CONDITION = re.compile(
    r"给予|奖励|补助|补贴|资助|贴息|奖补|最高|单个|每家|每户|按.{0,12}(?:比例|的)|不超过.{0,8}的|对.{0,30}的(?:企业|项目|单位|人才)|"
    r"^对|的企业|的项目|费率|利率|期限|有效期"
)


_FIGURE = re.compile(r"[\d０-９]|一半|分之|[一二三四五六七八九]成|翻")


def task_targets(text: str) -> list[Target]:
    """Numeric targets a task's own text sets (its year from "到X年" in the text, else None)."""
    out: list[Target] = []
    year: int | None = None
    if not _FIGURE.search(text):
        return out
    for sentence in split_top(text, "。；;\n"):
        if not _FIGURE.search(sentence):
            continue
        for s, e in split_top_spans(sentence, "，,：:"):
            piece = sentence[s:e].strip()
            if not _FIGURE.search(piece):
                continue
            folded = fold(piece)
            m = _YEAR.match(folded) or _PLAN_PERIOD.match(folded)
            if m:
                year = int(m.group("y")) if "y" in m.groupdict() else _PERIOD_YEAR[m.group("p")]
                if (
                    re.match(r"^(?:力争|争取|确保|预计)?\s*(?:到|至|截至|截止)", folded)
                    or "p" in m.groupdict()
                ):
                    piece = piece[m.end() :].strip(" ，,")
                    folded = fold(piece)
            if len(piece) < 4 or _CONDITION.search(piece) or not _VERB.search(folded):
                continue
            out.extend(t for t in _numeric(piece, year) if t.unit)
    return out
