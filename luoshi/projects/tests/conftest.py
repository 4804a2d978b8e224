import datetime as dt
from decimal import Decimal

import pytest

from luoshi.finance.tests.people import admin_of, organisation
from luoshi.org.models import Region
from luoshi.projects import services

OPEN_DAY = dt.date(2025, 4, 10)
FIELDS = ["430"]


def expert_pool(applicant=None, n=8):
    """Experts of discipline 430 (材料科学) in the expert database; one more works at the
    applicant, so a draw must leave them out."""
    from luoshi.experts import services as experts

    for i in range(n):
        experts.expert_add(
            actor=None,
            name=f"专家{i}",
            field_code=f"430.{10 + i}",
            field_name="材料科学",
            employer=f"大学{i}",
        )
    if applicant is not None:
        experts.expert_add(
            actor=None,
            name="本单位专家",
            field_code="430.20",
            field_name="材料科学",
            organisation=applicant,
        )


@pytest.fixture
def applicant(units):
    org = organisation(
        7301,
        "遂宁锂电科技有限公司",
        "enterprise",
        "t-applicant",
        region=Region.objects.get(name="船山区"),
    )
    expert_pool(org)
    return org


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
