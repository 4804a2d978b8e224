import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from luoshi.enterprises import services as registry
from luoshi.enterprises.testing import credit_code
from luoshi.subsidies import services


def xlsx(rows) -> bytes:
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def two_firms(coordinator):
    """甲 in 船山区 and the high-tech zone (the county's and the park's), 乙 in 蓬溪县."""
    a = registry.enterprise_save(
        actor=coordinator,
        credit_code=credit_code("510903", 1),
        name="遂宁甲科技有限公司",
        address="遂宁高新技术产业园区创新路1号",
    )
    b = registry.enterprise_save(
        actor=coordinator, credit_code=credit_code("510921", 2), name="蓬溪乙材料有限公司"
    )
    return a, b


@pytest.fixture
def round_(coordinator):
    return services.round_create(
        actor=coordinator,
        year=2025,
        title="2025年度研发费用后补助",
        base="spending",
        tiers=[{"above": "0", "rate": "0.05"}, {"above": "5000000", "rate": "0.08"}],
        cap=Decimal(400_000),
        budget=Decimal(500_000),
    )


@pytest.fixture
def filled(coordinator, round_, two_firms):
    a, b = two_firms
    services.line_set(actor=coordinator, round=round_, enterprise=a, spending=Decimal(6_000_000))
    services.line_set(actor=coordinator, round=round_, enterprise=b, spending=Decimal(8_000_000))
    return round_
