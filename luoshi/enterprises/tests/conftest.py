import io

import pytest
from openpyxl import Workbook

from luoshi.enterprises.testing import credit_code


def xlsx(rows) -> bytes:
    book = Workbook()
    ws = book.active
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def codes():
    return [credit_code("510903", n) for n in range(1, 6)] + [credit_code("510921", 9)]


@pytest.fixture
def high_tech_list(codes):
    """A recognition announcement as published: no credit codes, issue date on the page."""
    return xlsx(
        [
            ("四川省2023年第一批认定报备高新技术企业名单",),
            ("序号", "企业名称", "证书编号"),
            (1, "遂宁甲科技有限公司", "GR202351000101"),
            (2, "遂宁乙材料有限公司", "GR202351000102"),
        ]
    )


@pytest.fixture
def tech_sme_list(codes):
    return xlsx(
        [
            ("序号", "企业名称", "统一社会信用代码", "入库登记编号"),
            (1, "遂宁甲科技有限公司", codes[0], "20235109030A000001"),
            (2, "遂宁丙电子有限公司", codes[2], "20235109030A000002"),
            (3, "蓬溪丁食品有限公司", codes[5], "20235109210A000003"),
        ]
    )


@pytest.fixture
def firms(coordinator, codes):
    from luoshi.enterprises import services

    return [
        services.enterprise_save(
            actor=coordinator, credit_code=codes[0], name="遂宁甲科技有限公司"
        ),
        services.enterprise_save(
            actor=coordinator,
            credit_code=codes[1],
            name="遂宁乙新材料有限公司",
            aliases=["遂宁乙材料有限公司"],
        ),
    ]
