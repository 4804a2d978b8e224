"""Contract lists in, turnover computed by seller place (输出) and buyer place (吸纳),
drill-down to the contracts, visibility by place, hostile rows refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from luoshi.contracts import computations, services
from luoshi.contracts.models import Contract
from luoshi.core.errors import ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.core.testing import assert_constant_queries
from luoshi.enterprises.testing import credit_code
from luoshi.enterprises.tests.conftest import xlsx
from luoshi.org.models import Region

pytestmark = pytest.mark.django_db

HEAD = (
    "合同登记号",
    "合同名称",
    "合同类型",
    "成交额（万元）",
    "技术交易额（万元）",
    "登记日期",
    "卖方名称",
    "卖方统一社会信用代码",
    "买方名称",
    "买方统一社会信用代码",
)


def contract_list(rows):
    return xlsx([("2024年技术合同认定登记明细",), HEAD, *rows])


ROWS = [
    (
        "2024510903000001",
        "锂电池材料开发",
        "技术开发",
        1200,
        1000,
        "2024-03-05",
        "遂宁甲科技有限公司",
        credit_code("510903", 1),
        "成都乙公司",
        credit_code("510100", 2),
    ),
    (
        "2024510921000002",
        "食品检测服务",
        "技术服务",
        300,
        300,
        "2024-06-01",
        "蓬溪丙公司",
        credit_code("510921", 3),
        "遂宁甲科技有限公司",
        credit_code("510903", 1),
    ),
    (
        "2023510903000003",
        "专利许可",
        "技术许可",
        50.5,
        "",
        "2023-12-30",
        "遂宁甲科技有限公司",
        credit_code("510903", 1),
        "重庆丁公司",
        credit_code("500000", 4),
    ),
]


def _import(actor, rows=ROWS):
    batch = services.contract_import_preview(
        actor=actor, file_name="合同.xlsx", data=contract_list(rows)
    )
    return batch, services.contract_import_commit(actor=actor, batch=batch)


def test_turnover_is_summed_by_seller_and_by_buyer_place(coordinator, units):
    _import(coordinator)
    chuanshan = Region.objects.get(code="510903")
    pengxi = Region.objects.get(code="510921")
    city = Region.objects.get(kind="city", name="遂宁市")
    ids = [chuanshan.pk, pengxi.pk, city.pk]
    out = computations.out_values(ids, None)
    assert out[(chuanshan.pk, 2024)].value == Decimal("0.12")  # 1,200万元 = 0.12亿元
    assert out[(chuanshan.pk, 2023)].value == Decimal("0.0051")  # 50.5万元, half up
    assert out[(pengxi.pk, 2024)].value == Decimal("0.03")
    assert out[(city.pk, 2024)].value == Decimal("0.15")
    bought = computations.in_values(ids, None)
    assert bought[(chuanshan.pk, 2024)].value == Decimal("0.03")
    assert (pengxi.pk, 2024) not in bought
    drill = computations.out_rows(viewer=coordinator, region_id=city.pk, year=2024)
    assert drill.total == 2 and drill.rows[0][0] == "2024510903000001"


def test_reimporting_the_same_list_changes_nothing(coordinator, units):
    _import(coordinator)
    events = AuditEvent.objects.count()
    batch, summary = _import(coordinator)
    assert batch.summary["matched"] == 3 and summary["added"] == 0 and summary["updated"] == 0
    assert AuditEvent.objects.count() == events + 1
    changed = [list(ROWS[0]), *ROWS[1:]]
    changed[0][3] = 1300
    batch, summary = _import(coordinator, changed)
    assert summary["updated"] == 1
    assert Contract.objects.get(number="2024510903000001").amount == Decimal(13_000_000)


@pytest.mark.parametrize(
    "column, value",
    [(2, "技术入股"), (3, "很多"), (3, -5), (5, "去年"), (7, "91510903MA00000010")],
)
def test_bad_rows_are_errors_and_nothing_is_imported(coordinator, units, column, value):
    bad = list(ROWS[0])
    bad[column] = value
    batch = services.contract_import_preview(
        actor=coordinator, file_name="c.xlsx", data=contract_list([tuple(bad), ROWS[1]])
    )
    assert batch.plan["rows"][0]["status"] == "error"
    with pytest.raises(ValidationFailed):
        services.contract_import_commit(actor=coordinator, batch=batch)
    assert not Contract.objects.exists()


def test_only_the_office_imports(county_reporter, leader, units):
    from luoshi.core.errors import PermissionDenied

    for who in (county_reporter, leader):
        with pytest.raises(PermissionDenied):
            services.contract_import_preview(
                actor=who, file_name="c.xlsx", data=contract_list(ROWS)
            )


@pytest.mark.parametrize(
    "who, seen",
    [("coordinator", 3), ("leader", 3), ("county_reporter", 3), ("outsider", None)],
)
def test_list_page_shows_the_contracts_of_the_viewers_places(
    request, coordinator, login, who, seen
):
    _import(coordinator)
    response = login(request.getfixturevalue(who)).get(reverse("contracts:list"))
    if seen is None:
        # a department without a county or park: told why the page is empty, shown nothing
        page = response.content.decode()
        assert response.status_code == 200 and 'data-testid="not-for-your-unit"' in page
        assert 'class="font-monospace small"' not in page
        return
    assert response.status_code == 200
    assert response.content.decode().count('class="font-monospace small"') == seen


def test_list_page_costs_the_same_for_one_contract_and_many(coordinator, login):
    _import(coordinator, ROWS[:1])
    client = login(coordinator)
    more = [
        (
            f"2024510903{n:06d}",
            "x",
            "技术服务",
            10,
            "",
            "2024-05-01",
            "甲",
            credit_code("510903", n),
            "乙",
            credit_code("510921", n),
        )
        for n in range(100, 130)
    ]
    assert_constant_queries(
        lambda: client.get(reverse("contracts:list")), lambda: _import(coordinator, more)
    )


def test_each_new_contract_is_audited_once_as_imported_by_the_person(coordinator, units):
    batch, summary = _import(coordinator)
    created = AuditEvent.objects.filter(model="contracts.contract", action="create")
    assert summary["added"] == created.count() == 3
    numbers = set(Contract.objects.values_list("number", flat=True))
    for event in created:
        assert event.actor == coordinator and event.verb == "imported"
        assert event.object_repr in numbers
        assert event.changes == {"_extra": {"import": batch.pk}}
        assert Contract.objects.filter(pk=event.object_pk).exists()
