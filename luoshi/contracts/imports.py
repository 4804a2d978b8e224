"""Reading the technology-contract registration list (技术合同认定登记明细) — no writes here.

Headings as exported by the registration system (or the luoshi template): 合同登记号,
合同名称, 合同类型, 成交额 / 合同成交额, 技术交易额, 登记日期 / 认定登记日期, 卖方名称 /
卖方, 卖方统一社会信用代码, 买方名称 / 买方, 买方统一社会信用代码. Amounts in yuan unless
the heading says 万元. Reading and headings are the registry's (luoshi.enterprises.imports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from luoshi.core.errors import ValidationFailed
from luoshi.enterprises import imports as registry_imports
from luoshi.enterprises.attribution import clean_credit_code

HEADINGS = {
    "number": ("合同登记号", "登记号", "合同编号", "number"),
    "name": ("合同名称", "项目名称", "name"),
    "kind": ("合同类型", "技术合同类型", "类型", "type"),
    "amount": ("成交额", "合同成交额", "成交金额", "amount"),
    "tech_amount": ("技术交易额", "技术交易金额"),
    "registered_on": ("登记日期", "认定登记日期", "认定日期", "registered"),
    "seller_name": ("卖方名称", "卖方", "技术卖方", "seller"),
    "seller_code": ("卖方统一社会信用代码", "卖方信用代码"),
    "buyer_name": ("买方名称", "买方", "技术买方", "buyer"),
    "buyer_code": ("买方统一社会信用代码", "买方信用代码"),
}
KINDS = {
    "技术开发": "development",
    "开发": "development",
    "技术转让": "transfer",
    "转让": "transfer",
    "技术许可": "licence",
    "许可": "licence",
    "技术咨询": "consulting",
    "咨询": "consulting",
    "技术服务": "service",
    "服务": "service",
}


@dataclass
class ContractRow:
    line: int
    number: str = ""
    name: str = ""
    kind: str = ""
    amount: str = ""
    tech_amount: str = ""
    registered_on: str = ""
    seller_name: str = ""
    seller_code: str = ""
    buyer_name: str = ""
    buyer_code: str = ""
    errors: list[str] = field(default_factory=list)


def parse(table: list[tuple]) -> list[ContractRow]:
    # header_row looks for a "name" column; here the contract number names the rows.
    headings = {**HEADINGS, "name": HEADINGS["number"], "title": HEADINGS["name"]}
    start, columns = registry_imports.header_row(table, headings)
    missing = [
        k for k in ("amount", "registered_on", "seller_name", "buyer_name") if k not in columns
    ]
    if missing:
        raise ValidationFailed(
            _("The list lacks the columns 成交额, 登记日期, 卖方名称 and 买方名称.")
        )
    header = table[start]

    def scale(key):
        pos = columns.get(key)
        text = registry_imports._text(header[pos]) if pos is not None else ""
        return Decimal(10000) if "万元" in text else Decimal(1)

    out, seen = [], set()
    for offset, raw in enumerate(table[start + 1 :], start=start + 2):

        def cell(key, raw=raw):
            pos = columns.get(key)
            return raw[pos] if pos is not None and pos < len(raw) else None

        if not any(registry_imports._text(c) for c in raw):
            continue
        text = registry_imports._text
        row = ContractRow(
            line=offset,
            number=text(cell("name")).upper()[:40],
            name=text(cell("title"))[:300],
            seller_name=text(cell("seller_name"))[:200],
            buyer_name=text(cell("buyer_name"))[:200],
        )
        if not row.number:
            row.errors.append(_("The contract registration number is empty."))
        elif row.number in seen:
            row.errors.append(_("The same registration number appears twice in the list."))
        seen.add(row.number)
        kind = re.sub(r"\s|合同", "", text(cell("kind")))
        row.kind = KINDS.get(kind, "")
        if not row.kind:
            row.errors.append(
                _("“%(value)s” is not a contract type (技术开发/转让/许可/咨询/服务).")
                % {"value": text(cell("kind"))[:20]}
            )
        for key in ("amount", "tech_amount"):
            value = text(cell(key)).replace(",", "")
            if not value:
                if key == "amount":
                    row.errors.append(_("The turnover (成交额) is empty."))
                continue
            try:
                amount = (Decimal(value) * scale(key)).quantize(Decimal("0.01"))
                if not amount.is_finite() or amount < 0 or amount >= Decimal("1e13"):
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                row.errors.append(
                    _("“%(value)s” is not an amount of money.") % {"value": value[:30]}
                )
                continue
            setattr(row, key, str(amount))
        try:
            day = registry_imports._date(cell("registered_on"))
        except ValueError:
            day = None
        if day is None:
            row.errors.append(
                _("The registration date “%(value)s” is not a date like 2024-05-20.")
                % {"value": text(cell("registered_on"))[:20]}
            )
        row.registered_on = day.isoformat() if day else ""
        for side in ("seller", "buyer"):
            code = text(cell(f"{side}_code"))
            if code:
                try:
                    setattr(row, f"{side}_code", clean_credit_code(code))
                except ValidationFailed as exc:
                    row.errors.append(str(exc))
            if not getattr(row, f"{side}_name"):
                row.errors.append(_("The seller or the buyer is not named."))
        out.append(row)
        if len(out) > registry_imports.MAX_ROWS:
            raise ValidationFailed(
                _("The sheet has more than %(n)s rows; split it into several files.")
                % {"n": f"{registry_imports.MAX_ROWS:,}"}
            )
    if not out:
        raise ValidationFailed(_("The list has a heading row but no contracts under it."))
    return out
