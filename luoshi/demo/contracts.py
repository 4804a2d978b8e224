"""Demo technology contracts for Suining, 2021–2025, imported through the contract import
as the registration system's list would be, all marked demo. Yearly turnover by seller
(输出) is sized to the figures the 科技局 reported (5.24亿元 in 2021, then 8.1, 12.4 and 14.8
for 2022–2024; 11.6 invented for 2025), so the computed card agrees with them; the
技术合同 data element is then computed from the registry."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal

from openpyxl import Workbook

from luoshi.contracts import services
from luoshi.contracts.models import Contract
from luoshi.core.spreadsheets import append
from luoshi.enterprises.models import Enterprise
from luoshi.enterprises.testing import credit_code
from luoshi.indicators import services as indicator_services
from luoshi.indicators.models import DataElement

SEED = 13
TOTALS = {2021: "5.24", 2022: "8.1", 2023: "12.4", 2024: "14.8", 2025: "11.6"}
PER_YEAR = {2021: 150, 2022: 190, 2023: 240, 2024: 270, 2025: 250}
KINDS = ["技术开发"] * 4 + ["技术服务"] * 3 + ["技术转让", "技术许可", "技术咨询"]
OUTSIDE = [("成都", "510100"), ("重庆", "500000"), ("绵阳", "510700"), ("南充", "511300")]
HEAD = ("合同登记号", "合同名称", "合同类型", "成交额", "技术交易额", "登记日期",
        "卖方名称", "卖方统一社会信用代码", "买方名称", "买方统一社会信用代码")  # fmt: skip


def _book(rows) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    append(ws, HEAD)
    for row in rows:
        append(ws, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(*, stdout) -> None:
    if Contract.objects.filter(is_demo=True).exists():
        stdout.write("contracts: demo contracts already loaded")
        return
    firms = list(Enterprise.objects.filter(is_demo=True).order_by("credit_code"))
    if not firms:
        stdout.write("contracts: no demo registry; skipped")
        return
    rng = random.Random(SEED)
    serial = 0
    for year, total in TOTALS.items():
        n = PER_YEAR[year]
        weights = [rng.lognormvariate(0, 1.1) for _ in range(n)]
        target = Decimal(total) * 100_000_000
        amounts = [
            (target * Decimal(w) / Decimal(sum(weights))).quantize(Decimal(1)) for w in weights
        ]
        amounts[-1] += target - sum(amounts)
        rows = []
        last_day = 365
        for amount in amounts:
            serial += 1
            seller = rng.choice(firms)
            if rng.random() < 0.35:
                buyer = rng.choice(firms)
                buyer_name, buyer_code = buyer.name, buyer.credit_code
            else:
                city, division = rng.choice(OUTSIDE)
                buyer_name = f"{city}{rng.choice(['科创', '智造', '能源', '医药'])}有限公司"
                buyer_code = credit_code(division, 900_000 + serial)
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(last_day))
            rows.append(
                (
                    f"{year}5109{serial:08d}",
                    f"{rng.choice(['锂电', '天然气', '电子信息', '食品', '新材料'])}技术合同（演示）",
                    rng.choice(KINDS),
                    str(amount),
                    str((amount * Decimal("0.8")).quantize(Decimal(1))),
                    day.isoformat(),
                    seller.name,
                    seller.credit_code,
                    buyer_name,
                    buyer_code,
                )
            )
        batch = services.contract_import_preview(
            actor=None, file_name=f"{year}年技术合同认定登记明细（演示）.xlsx", data=_book(rows)
        )
        services.contract_import_commit(actor=None, batch=batch, is_demo=True)
    element = DataElement.objects.filter(code="tech_contract_amount").first()
    if element is not None and element.computation != "contract_turnover_out":
        indicator_services.element_save(
            actor=None, element=element, computation="contract_turnover_out"
        )
        from luoshi.indicators.services import computed_values_refresh
        from luoshi.org.models import Region

        for city in Region.objects.filter(kind=Region.Kind.CITY):
            computed_values_refresh(region=city)
    stdout.write(f"contracts: {Contract.objects.filter(is_demo=True).count()} demo contracts")
