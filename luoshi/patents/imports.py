"""Reading a patent list (no writes here): the luoshi template or the layout of a published
list of valid invention patents (有效发明专利清单) as patent statistics give it.

Headings (Chinese or the template's): 专利号 / 申请号, 专利名称 / 发明名称, 专利权人,
专利权人统一社会信用代码 (optional), 地址 / 所在县(市、区) / 所在园区 (the place of a holder
not in the registry), 申请日, 授权日 / 授权公告日, IPC主分类号, 法律状态 (有效 when
absent) and 法律状态日期, and the five categories as 是/否 columns: 战略性新兴产业, 海外同族,
维持10年以上, 质押融资, 获奖 (国家科学技术奖或中国专利奖). Several holders in one cell: the
first (第一专利权人) is the holder. Reading and headings are the registry's
(luoshi.enterprises.imports).
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import clean_credit_code
from luoshi.patents.models import (
    NUMBER,
    Patent,
    application_year,
    check_character,
    patent_kind,
)

S = Patent.Status
HEADINGS = {
    "name": ("专利号", "申请号", "专利申请号", "number"),
    "title": ("专利名称", "发明名称", "名称", "title"),
    "holder_name": ("专利权人", "第一专利权人", "当前专利权人", "权利人", "专利权人名称", "holder"),
    "holder_code": ("专利权人统一社会信用代码", "统一社会信用代码", "信用代码", "credit code"),
    "address": ("专利权人地址", "地址", "通讯地址", "address"),
    "county": ("所在县", "县", "区县", "所在区县", "所属区县", "县区", "county"),
    "park": ("所在园区", "园区", "所属园区", "park"),
    "applied_on": ("申请日", "申请日期", "applied"),
    "granted_on": ("授权日", "授权公告日", "授权日期", "granted"),
    "ipc": ("IPC主分类号", "主分类号", "IPC分类号", "分类号", "IPC", "ipc"),
    "status": ("法律状态", "当前法律状态", "专利状态", "status"),
    "status_on": (
        "法律状态日期",
        "状态变更日",
        "法律状态变更日",
        "失效日",
        "终止日",
        "status date",
    ),
    "strategic_emerging": ("战略性新兴产业", "属于战略性新兴产业", "战新产业"),
    "overseas_family": ("海外同族", "有海外同族", "有海外同族专利"),
    "maintained_listed": ("维持10年以上", "维持年限超过10年", "维持年限10年以上"),
    "pledge_financing": ("质押融资", "质押融资额较高", "高额质押融资"),
    "award": ("获奖", "国家科学技术奖或中国专利奖", "获国家科学技术奖或中国专利奖"),
}
FLAGS = ("strategic_emerging", "overseas_family", "maintained_listed", "pledge_financing", "award")
YES = {"是", "有", "y", "yes", "1", "√", "✓", "true"}
NO = {"", "否", "无", "n", "no", "0", "×", "false", "-", "—"}


HOLDERS = re.compile(r"[;；,，、]")
SPACES = re.compile(r"\s+")
NUMBER_NOISE = re.compile(r"[\s·•]")


def status_of(text: str) -> str | None:
    """A legal status as lists write it, or None when it is not one."""
    text = "".join(text.split())
    if not text:
        return S.IN_FORCE
    if "部分无效" in text:
        return S.IN_FORCE  # the claims left stand
    if "无效" in text:
        return S.INVALIDATED
    if "届满" in text:
        return S.EXPIRED
    if any(w in text for w in ("终止", "失效", "放弃", "未缴")):
        return S.LAPSED
    if any(w in text for w in ("有效", "维持", "授权", "恢复")):
        return S.IN_FORCE
    return None


def clean_number(text: str) -> tuple[str, str]:
    """(the number as ZL…, the error in plain words or "")."""
    compact = NUMBER_NOISE.sub("", text).upper()
    m = NUMBER.match(compact)
    if not m:
        return compact[:20], _("“%(value)s” is not a patent number like ZL202110123456.7.") % {
            "value": text[:30]
        }
    digits, check = m[1], m[2]
    if patent_kind(digits) not in ("1", "8"):
        return compact[:20], _(
            "“%(value)s” is not an invention patent (utility models and designs are not counted)."
        ) % {"value": text[:30]}
    expected = check_character(digits)
    if check and check != expected:
        return compact[:20], _(
            "The patent number “%(value)s” does not check (its last character should be %(check)s)."
        ) % {"value": text[:30], "check": expected}
    return f"ZL{digits}.{expected}", ""


@dataclass
class PatentRow:
    line: int
    number: str = ""
    title: str = ""
    holder_name: str = ""
    holder_code: str = ""
    address: str = ""
    applied_on: str = ""
    granted_on: str = ""
    ipc: str = ""
    status: str = S.IN_FORCE
    status_on: str = ""
    strategic_emerging: bool = False
    overseas_family: bool = False
    maintained_listed: bool = False
    pledge_financing: bool = False
    award: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def credit_code(self) -> str:  # what FirmMatcher reads
        return self.holder_code

    @property
    def name(self) -> str:
        return self.holder_name


def parse(table: list[tuple]) -> list[PatentRow]:
    try:
        start, columns = registry_imports.header_row(table, HEADINGS)
    except ValidationFailed:
        raise ValidationFailed(
            _(
                "No heading row names the patent numbers (专利号) in the first ten rows; use the published layout or the luoshi template."
            )
        ) from None
    missing = [k for k in ("holder_name", "applied_on", "granted_on") if k not in columns]
    if missing:
        raise ValidationFailed(
            _("The list lacks the columns 专利号, 专利权人, 申请日 and 授权日 (see the template).")
        )
    text = registry_imports._text
    read_date = registry_imports._date
    positions = {key: columns.get(key) for key in HEADINGS}
    present = [(k, p) for k, p in positions.items() if p is not None]
    keys, pick = [k for k, _p in present], operator.itemgetter(*(p for _k, p in present))
    widest = max(p for _k, p in present)
    # said once for the whole list, not once a row
    date_labels = (
        ("applied_on", _("application date")),
        ("granted_on", _("grant date")),
        ("status_on", _("status date")),
    )
    out, seen = [], set()
    for offset, raw in enumerate(table[start + 1 :], start=start + 2):
        texts = [c.strip() if type(c) is str else text(c) for c in raw]
        if not any(texts):
            continue
        width = len(raw)
        # each column's text, "" where it is absent (dates are read from the cells themselves:
        # a workbook may hold them as dates)
        if width > widest and len(keys) > 1:
            said = dict(zip(keys, pick(texts), strict=True))
        else:
            said = {k: texts[p] if p < width else "" for k, p in present}
        get = said.get  # optional columns: "" where the list has none
        holders = HOLDERS.split(said["holder_name"])
        row = PatentRow(
            line=offset,
            title=get("title", "")[:300],
            holder_name=holders[0].strip()[:200],
            address=" ".join(get(k, "") for k in ("county", "park", "address")).strip()[:300],
            ipc=SPACES.sub(" ", get("ipc", "")).upper()[:40],
        )
        number_text = said["name"]
        row.number, problem = clean_number(number_text)
        if not number_text:
            row.errors.append(_("The patent number is empty."))
        elif problem:
            row.errors.append(problem)
        elif row.number in seen:
            row.errors.append(_("The same patent number appears twice in the list."))
        seen.add(row.number)
        if not row.holder_name:
            row.errors.append(_("The holder (专利权人) is empty."))
        if not row.title:
            row.errors.append(_("The title (专利名称) is empty."))
        code = get("holder_code", "")
        if code:
            try:
                row.holder_code = clean_credit_code(code)
            except ValidationFailed as exc:
                row.errors.append(str(exc))
        dates = {}
        for key, label in date_labels:
            p = positions[key]
            try:
                day = read_date(raw[p] if p is not None and p < width else None)
            except ValueError:
                day = None
                row.errors.append(
                    _("The %(what)s “%(value)s” is not a date like 2021-05-20.")
                    % {"what": label, "value": get(key, "")[:20]}
                )
            else:
                if day is None and key != "status_on":
                    row.errors.append(_("The %(what)s is empty.") % {"what": label})
            dates[key] = day
            setattr(row, key, day.isoformat() if day else "")
        applied, granted = dates["applied_on"], dates["granted_on"]
        if applied and granted and granted < applied:
            row.errors.append(_("The grant date is before the application date."))
        if (
            applied
            and not problem
            and row.number
            and application_year(row.number[2:-2]) != applied.year
        ):
            row.errors.append(
                _(
                    "Patent %(number)s was applied for in %(year)s but the application date is %(date)s."
                )
                % {
                    "number": row.number,
                    "year": application_year(row.number[2:-2]),
                    "date": applied.isoformat(),
                }
            )
        status_text = get("status", "")
        status = status_of(status_text)
        if status is None:
            row.errors.append(
                _("“%(value)s” is not a legal status (有效, 终止, 期限届满 or 无效).")
                % {"value": status_text[:20]}
            )
        else:
            row.status = status
            if status != S.IN_FORCE and dates["status_on"] is None:
                row.errors.append(
                    _(
                        "The patent is no longer in force: give the date of the change (法律状态日期)."
                    )
                )
            if dates["status_on"] and granted and dates["status_on"] < granted:
                row.errors.append(_("The status date is before the grant date."))
        for key in FLAGS:
            value = get(key, "").lower()
            if value in YES:
                setattr(row, key, True)
            elif value not in NO:
                row.errors.append(
                    _("“%(value)s” under %(column)s is neither 是 nor 否.")
                    % {"value": value[:10], "column": HEADINGS[key][0]}
                )
        out.append(row)
        if len(out) > registry_imports.MAX_ROWS:
            raise ValidationFailed(
                _("The sheet has more than %(n)s rows; split it into several files.")
                % {"n": f"{registry_imports.MAX_ROWS:,}"}
            )
    if not out:
        raise ValidationFailed(_("The list has a heading row but no patents under it."))
    return out
