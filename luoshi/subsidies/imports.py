"""Reading a list of firms' R&D expenses for a round (no writes here).

Two layouts, told apart only by their headings (found as in the registry imports):

- firms' declarations (研发费用后补助申报汇总表): 企业名称, 统一社会信用代码,
  研发费用 / 本年研发费用, and for an increase-based round 上年研发费用;
- the tax super-deduction list (研发费用加计扣除名单): 纳税人名称, 纳税人识别号 (the credit
  code), 研发费用 / 加计扣除研发费用.

Amounts are in yuan unless the heading says 万元 (e.g. “研发费用（万元）”). Firms are
matched to the registry as in every import (luoshi.enterprises.selectors.FirmMatcher).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import clean_credit_code

MAX_AMOUNT = Decimal("1e13")
HEADINGS = {
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "纳税人识别号", "credit code"),
    "name": ("企业名称", "单位名称", "纳税人名称", "名称", "name"),
    "spending": (
        "研发费用",
        "本年研发费用",
        "研发费用支出",
        "加计扣除研发费用",
        "研发费用加计扣除额",
        "研发投入",
        "r&d expenses",
    ),
    "previous": ("上年研发费用", "上年度研发费用", "previous year"),
}


@dataclass
class ExpenseRow:
    line: int
    credit_code: str = ""
    name: str = ""
    spending: str = ""  # Decimal as text (JSON-safe), yuan
    previous: str = ""
    errors: list[str] = field(default_factory=list)


def _amount(value, scale: Decimal) -> Decimal | None:
    text = registry_imports._text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text) * scale
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise ValueError(text)
    return amount.quantize(Decimal("0.01"))


def parse(table: list[tuple]) -> list[ExpenseRow]:
    start, columns = registry_imports.header_row(table, HEADINGS)
    if "spending" not in columns:
        raise ValidationFailed(_("The list has no R&D expenses column (研发费用)."))
    header = table[start]

    def scale(key):
        pos = columns.get(key)
        text = registry_imports._text(header[pos]) if pos is not None else ""
        return Decimal(10000) if re.search(r"万元", text) else Decimal(1)

    scales = {"spending": scale("spending"), "previous": scale("previous")}
    out = []
    for offset, raw in enumerate(table[start + 1 :], start=start + 2):

        def cell(key, raw=raw):
            pos = columns.get(key)
            return raw[pos] if pos is not None and pos < len(raw) else None

        if not any(registry_imports._text(c) for c in raw):
            continue
        row = ExpenseRow(line=offset, name=registry_imports._text(cell("name"))[:200])
        code = registry_imports._text(cell("credit_code"))
        if code:
            try:
                row.credit_code = clean_credit_code(code)
            except ValidationFailed as exc:
                row.errors.append(str(exc))
        if not row.name:
            row.errors.append(_("The firm's name is empty."))
        for key, label in (("spending", _("R&D expenses")), ("previous", _("previous year"))):
            try:
                value = _amount(cell(key), scales[key])
            except ValueError as exc:
                row.errors.append(
                    _("%(what)s “%(value)s” is not an amount of money.")
                    % {"what": label, "value": str(exc)[:40]}
                )
                continue
            if value is None and key == "spending":
                row.errors.append(_("The R&D expenses are empty."))
            setattr(row, key, str(value) if value is not None else "")
        out.append(row)
        if len(out) > registry_imports.MAX_ROWS:
            raise ValidationFailed(
                _("The sheet has more than %(n)s rows; split it into several files.")
                % {"n": f"{registry_imports.MAX_ROWS:,}"}
            )
    if not out:
        raise ValidationFailed(_("The list has a heading row but no firms under it."))
    return out
