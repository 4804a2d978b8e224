"""A hand-counted patent list: two firms of the registry and a university outside it.

| patent | holder (place) | applied / granted | categories | legal status |
|---|---|---|---|---|
| P1 | 甲 (船山区, 高新区) | 2013-03-01 / 2015-06-01 | strategic emerging | in force |
| P2 | 甲 | 2010-02-01 / 2012-05-01 | none listed (10 years from 2020-02-01) | in force |
| P3 | 甲 | 2019-05-01 / 2021-03-01 | none | lapsed 2023-04-01 |
| P4 | 西南某大学遂宁研究院 (蓬溪县, not in the registry) | 2016-08-01 / 2018-09-01 | overseas family and award (counted once) | invalidated 2024-07-01 |
| P5 | 乙 (蓬溪县) | 2002-01-10 / 2005-06-01 | none listed | term ends 2022-01-10 |

On 31 December (city): in force 2021: 5, 2022: 4, 2023: 3, 2024: 2; high-value 2021: 4
(P1, P2, P4, P5), 2022: 3, 2023: 3, 2024: 2.
"""

import pytest

from luoshi.enterprises.testing import credit_code
from luoshi.enterprises.tests.conftest import xlsx
from luoshi.patents.testing import patent_number

HEAD = (
    "专利号",
    "专利名称",
    "专利权人",
    "所在县（市、区）",
    "申请日",
    "授权日",
    "IPC主分类号",
    "法律状态",
    "法律状态日期",
    "战略性新兴产业",
    "海外同族",
    "维持10年以上",
    "质押融资",
    "获奖",
)
P = {
    1: patent_number(2013, 101),
    2: patent_number(2010, 102),
    3: patent_number(2019, 103),
    4: patent_number(2016, 104),
    5: patent_number(2002, 105),
}
ROWS = [
    (P[1], "一种锂电池正极材料", "遂宁甲科技有限公司", "", "2013-03-01", "2015-06-01", "H01M 4/525", "有效", "", "是", "否", "否", "否", "否"),
    (P[2], "天然气脱硫装置", "遂宁甲科技有限公司；成都某大学", "", "2010-02-01", "2012-05-01", "B01D 53/48", "有效", "", "", "", "", "", ""),
    (P[3], "一种电路板检测方法", "遂宁甲科技有限公司", "", "2019-05-01", "2021-03-01", "G01R 31/28", "未缴年费专利权终止", "2023-04-01", "否", "否", "否", "否", "否"),
    (P[4], "一种食品保鲜方法", "西南某大学遂宁研究院", "蓬溪县", "2016-08-01", "2018-09-01", "A23B 7/00", "全部无效", "2024-07-01", "否", "是", "否", "否", "是"),
    (P[5], "一种纺织机械", "蓬溪乙机械有限公司", "", "2002-01-10", "2005-06-01", "D01H 1/00", "有效", "", "否", "否", "否", "否", "否"),
]  # fmt: skip


def patent_list(rows=ROWS, head=HEAD) -> bytes:
    return xlsx([("遂宁市有效发明专利清单",), head, *rows])


@pytest.fixture
def holders(coordinator):
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
def imported(coordinator, holders):
    from luoshi.patents import services

    batch = services.patent_import_preview(
        actor=coordinator, file_name="专利.xlsx", data=patent_list()
    )
    services.patent_import_commit(actor=coordinator, batch=batch)
    return batch
