import datetime as dt
from decimal import Decimal

import pytest

from luoshi.finance.tests.people import admin_of, organisation
from luoshi.org.models import Region
from luoshi.projects import services

OPEN_DAY = dt.date(2025, 4, 10)
EXPERTS = "\n".join(
    [f"专家{i}，四川大学" for i in range(1, 6)]
    + [
        "专家6，西南科技大学",
        "专家7，电子科技大学",
        "专家8，遂宁锂电科技有限公司",
        "专家9，成都理工大学",
    ]
)


@pytest.fixture
def applicant(units):
    return organisation(
        7301,
        "遂宁锂电科技有限公司",
        "enterprise",
        "t-applicant",
        region=Region.objects.get(name="船山区"),
    )


@pytest.fixture
def applicant_person(applicant):
    return admin_of(applicant)


@pytest.fixture
def university_person(units):
    return admin_of(organisation(7302, "西南测试大学", "university", "t-univ"))


@pytest.fixture
def call(coordinator):
    call = services.call_create(
        actor=coordinator,
        title="2025年市级科技计划项目",
        year=2025,
        guide="重点支持锂电、电子信息",
        categories=["重点研发", "成果转化"],
        budget=Decimal(1_000_000),
        max_request=Decimal(500_000),
        opens_on=dt.date(2025, 4, 1),
        closes_on=dt.date(2025, 4, 30),
        org_kinds=["enterprise", "university"],
    )
    return services.call_open(actor=coordinator, call=call)


def submit(person, call, title="锂电池回收", requested=300_000, **kw):
    values = dict(
        category="重点研发",
        title=title,
        summary="项目内容",
        requested=requested,
        matching=100_000,
        leader_name="张工",
        leader_phone="13900000000",
        team="5人",
        today=OPEN_DAY,
    )
    values.update(kw)
    return services.application_submit(actor=person, call=call, **values)
