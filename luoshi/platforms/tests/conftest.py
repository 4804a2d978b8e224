"""A hand-counted platform list: two firms of the registry and a university institute.

| platform | host (place) | level | recognised | evaluations |
|---|---|---|---|---|
| L1 四川省锂电材料工程技术研究中心 | 甲 (船山区, 高新区) | provincial (from the name) | 2018-06-01 | 2021-06-01 优秀 |
| L2 遂宁市食品检测重点实验室 | 西南某大学遂宁研究院 (蓬溪县) | city (from the name) | 2019-03-01 | 2022-09-01 不合格: removed |
| L3 遂宁甲科技有限公司企业技术中心 | 甲 | national (column) | 2023-12-01 | |
| L4 蓬溪乙众创空间 | 乙 (蓬溪县) | provincial (column) | 2020 (a year) | 2024-05-01 撤销: removed |

Active on 31 December (city): 2019: 2, 2020: 3, 2021: 3, 2022: 2, 2023: 3, 2024: 2;
2023 by level: national 1, provincial 2, city 0.
"""

import pytest

from luoshi.enterprises.testing import credit_code
from luoshi.enterprises.tests.conftest import xlsx

HEAD = (
    "平台名称",
    "类别",
    "级别",
    "依托单位",
    "所在县（市、区）",
    "认定时间",
    "评估时间",
    "评估结果",
)
L = {
    1: "四川省锂电材料工程技术研究中心",
    2: "遂宁市食品检测重点实验室",
    3: "遂宁甲科技有限公司企业技术中心",
    4: "蓬溪乙众创空间",
}
ROWS = [
    (L[1], "", "", "遂宁甲科技有限公司", "", "2018-06-01", "2021-06-01", "优秀"),
    (L[2], "", "", "西南某大学遂宁研究院", "蓬溪县", "2019-03-01", "2022-09-01", "不合格"),
    (L[3], "企业技术中心", "国家级", "遂宁甲科技有限公司", "", "2023-12-01", "", ""),
    (L[4], "众创空间", "省级", "蓬溪乙机械有限公司", "", "2020年", "2024-05-01", "撤销"),
]


def platform_list(rows=ROWS, head=HEAD) -> bytes:
    return xlsx([("遂宁市创新平台名单",), head, *rows])


@pytest.fixture
def hosts(coordinator):
    from luoshi.enterprises import services

    return [
        services.enterprise_save(
            actor=coordinator,
            credit_code=credit_code("510903", 1),
            name="遂宁甲科技有限公司",
            address="遂宁高新技术产业园区创新路1号",
        ),
        services.enterprise_save(
            actor=coordinator, credit_code=credit_code("510921", 2), name="蓬溪乙机械有限公司"
        ),
    ]


@pytest.fixture
def imported(coordinator, hosts):
    from luoshi.platforms import services

    batch = services.platform_import_preview(
        actor=coordinator, file_name="平台.xlsx", data=platform_list()
    )
    services.platform_import_commit(actor=coordinator, batch=batch)
    return batch
