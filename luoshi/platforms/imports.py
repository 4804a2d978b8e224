"""Reading a platform list (no writes here): the luoshi template or the layout of a published
recognition or evaluation list (认定名单 / 评估结果).

Headings: 平台名称, 类别 (else read from the name: …重点实验室, …工程技术研究中心, …),
级别 (else read from the name: 国家…, 四川省…, 遂宁市…), 依托单位 / 运营单位,
依托单位统一社会信用代码 (optional), 所在县(市、区) / 所在园区 / 地址 (for a host not in
the registry), 认定时间 (a date, or a year: 1 January of it), and for evaluation lists
评估时间 and 评估结果 (优秀 / 良好 / 合格 / 不合格 / 撤销). Reading and headings are the
registry's (luoshi.enterprises.imports).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import clean_credit_code
from luoshi.platforms.models import Evaluation, Platform

K, L, R = Platform.Kind, Platform.Level, Evaluation.Result
HEADINGS = {
    "name": ("平台名称", "载体名称", "名称", "platform"),
    "kind": ("类别", "平台类别", "类型", "平台类型", "category"),
    "level": ("级别", "平台级别", "level"),
    "host_name": ("依托单位", "依托单位名称", "运营单位", "运营主体", "建设单位", "host"),
    "host_code": ("依托单位统一社会信用代码", "统一社会信用代码", "信用代码", "credit code"),
    "address": ("地址", "依托单位地址", "address"),
    "county": ("所在县", "县", "区县", "所在区县", "所属区县", "县区", "county"),
    "park": ("所在园区", "园区", "所属园区", "park"),
    "recognised_on": ("认定时间", "认定日期", "批准时间", "认定年份", "recognised"),
    "evaluated_on": ("评估时间", "评估日期", "考核时间", "评价时间", "evaluated"),
    "result": ("评估结果", "考核结果", "评价结果", "result"),
}
KINDS = [
    ("重点实验室", K.KEY_LAB),
    ("工程技术研究中心", K.ENGINEERING_CENTRE),
    ("工程技术中心", K.ENGINEERING_CENTRE),
    ("企业技术中心", K.ENTERPRISE_CENTRE),
    ("新型研发机构", K.NEW_RD),
    ("孵化器", K.INCUBATOR),
    ("众创空间", K.MAKER_SPACE),
    ("星创天地", K.STAR),
]
RESULTS = [
    ("不合格", R.FAILED),
    ("基本合格", R.PASSED),
    ("优秀", R.EXCELLENT),
    ("良好", R.GOOD),
    ("合格", R.PASSED),
    ("通过", R.PASSED),
    ("撤销", R.REVOKED),
    ("摘牌", R.REVOKED),
    ("取消", R.REVOKED),
    ("淘汰", R.REVOKED),
]


_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"^(\d{4})\s*年?$")


def kind_of(text: str) -> str | None:
    for word, kind in KINDS:
        if word in text:
            return kind
    return None


def level_of(text: str) -> str | None:
    text = _SPACE.sub("", text)
    if text.startswith("国家") or text in ("国家级", "国家"):
        return L.NATIONAL
    if text.startswith(("省", "四川省")) or "省级" in text:
        return L.PROVINCIAL
    if text.startswith(("市", "遂宁市")) or "市级" in text:
        return L.CITY
    return None


def result_of(text: str) -> str | None:
    return next((r for word, r in RESULTS if word in text), None)


def _day(value) -> dt.date | None:
    """A date, or a year alone (1 January of it)."""
    text = registry_imports._text(value)
    m = _YEAR.match(text)
    if m:
        return dt.date(int(m[1]), 1, 1)
    return registry_imports._date(value)


@dataclass
class PlatformRow:
    line: int
    name: str = ""
    kind: str = ""
    level: str = ""
    host_name: str = ""
    host_code: str = ""
    address: str = ""
    recognised_on: str = ""
    evaluated_on: str = ""
    result: str = ""
    errors: list[str] = field(default_factory=list)


class _Host:
    """A row as FirmMatcher sees it: the host's code and name."""

    def __init__(self, row: PlatformRow):
        self.credit_code, self.name = row.host_code, row.host_name


def hosts(rows: list[PlatformRow]) -> list[_Host]:
    return [_Host(r) for r in rows]


def parse(table: list[tuple]) -> list[PlatformRow]:
    try:
        start, columns = registry_imports.header_row(table, HEADINGS)
    except ValidationFailed:
        raise ValidationFailed(
            _(
                "No heading row names the platforms (平台名称) in the first ten rows; use the published layout or the luoshi template."
            )
        ) from None
    if "host_name" not in columns:
        raise ValidationFailed(_("The list lacks the column 依托单位 (the host organisation)."))
    # Every cell a row is read for, as text, in one pass: its position among the row's first
    # `width` cells, or `width` (a None put after them) for a column the list lacks.
    text = registry_imports._text
    width = max(columns.values()) + 1
    blank = (None,) * (width + 1)
    at = {key: columns.get(key, width) for key in HEADINGS}
    name_at, host_at, kind_at, level_at = at["name"], at["host_name"], at["kind"], at["level"]
    code_at, result_at = at["host_code"], at["result"]
    place_at = (at["county"], at["park"], at["address"])
    # The translated words, once for the list rather than once a row.
    dates = (
        ("recognised_on", at["recognised_on"], _("recognition date"), True),
        ("evaluated_on", at["evaluated_on"], _("evaluation date"), False),
    )
    # Values repeated down a list (dates, categories, levels, results), read once each.
    days: dict[tuple, dt.date | None | ValueError] = {}
    kinds: dict[str, str | None] = {}
    levels: dict[str, str | None] = {}
    results: dict[str, str | None] = {}
    out, seen = [], set()
    for offset, raw in enumerate(table[start + 1 :], start=start + 2):
        cells = (tuple(raw[:width]) + blank)[: width + 1]
        texts = [c.strip() if type(c) is str else text(c) for c in cells]
        if not any(texts) and not any(text(c) for c in raw[width:]):
            continue
        row = PlatformRow(
            line=offset,
            name=_SPACES.sub("", texts[name_at])[:200],
            host_name=texts[host_at][:200],
            address=" ".join(texts[i] for i in place_at).strip()[:300],
        )
        if not row.name:
            row.errors.append(_("The platform's name is empty."))
        if not row.host_name:
            row.errors.append(_("The host organisation (依托单位) is empty."))
        # The columns when filled, else the name (…重点实验室, 四川省…).
        kind_text = texts[kind_at]
        if kind_text:
            if kind_text not in kinds:
                kinds[kind_text] = kind_of(kind_text)
            row.kind = kinds[kind_text] or ""
        else:
            row.kind = kind_of(row.name) or ""
        if not row.kind:
            row.errors.append(
                _(
                    "“%(value)s” is not a platform category (重点实验室, 工程技术研究中心, 企业技术中心, 新型研发机构, 科技企业孵化器, 众创空间 or 星创天地)."
                )
                % {"value": (kind_text or row.name)[:30]}
            )
        level_text = texts[level_at]
        if level_text:
            if level_text not in levels:
                levels[level_text] = level_of(level_text)
            row.level = levels[level_text] or ""
        else:
            row.level = level_of(row.name) or ""
        if not row.level:
            row.errors.append(
                _("“%(value)s” is not a level (国家级, 省级 or 市级).")
                % {"value": (level_text or row.name)[:30]}
            )
        key = (row.name, row.kind, row.level)
        if row.name and key in seen:
            row.errors.append(_("The same platform appears twice in the list."))
        seen.add(key)
        code = texts[code_at]
        if code:
            try:
                row.host_code = clean_credit_code(code)
            except ValidationFailed as exc:
                row.errors.append(str(exc))
        for attr, position, label, required in dates:
            value = cells[position]
            # by type too: True == 1, yet their texts differ
            memo = (type(value), value)
            if memo not in days:
                try:
                    days[memo] = _day(value)
                except ValueError as exc:
                    days[memo] = exc
            day = days[memo]
            if isinstance(day, ValueError):
                day = None
                row.errors.append(
                    _("The %(what)s “%(value)s” is not a date like 2021-05-20 or a year.")
                    % {"what": label, "value": texts[position][:20]}
                )
            elif day is None and required:
                row.errors.append(_("The %(what)s is empty.") % {"what": label})
            setattr(row, attr, day.isoformat() if day else "")
        result_text = texts[result_at]
        if result_text:
            if result_text not in results:
                results[result_text] = result_of(result_text)
            row.result = results[result_text] or ""
            if not row.result:
                row.errors.append(
                    _("“%(value)s” is not an evaluation result (优秀, 良好, 合格, 不合格 or 撤销).")
                    % {"value": result_text[:20]}
                )
            elif not row.evaluated_on:
                row.errors.append(_("The evaluation result has no date (评估时间)."))
        elif row.evaluated_on:
            row.errors.append(_("The evaluation date has no result (评估结果)."))
        if row.evaluated_on and row.recognised_on and row.evaluated_on < row.recognised_on:
            row.errors.append(_("The evaluation is dated before the recognition."))
        out.append(row)
        if len(out) > registry_imports.MAX_ROWS:
            raise ValidationFailed(
                _("The sheet has more than %(n)s rows; split it into several files.")
                % {"n": f"{registry_imports.MAX_ROWS:,}"}
            )
    if not out:
        raise ValidationFailed(_("The list has a heading row but no platforms under it."))
    return out
