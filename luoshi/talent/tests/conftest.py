import datetime as dt
from decimal import Decimal

import pytest

from luoshi.finance.tests.people import admin_of, organisation
from luoshi.org.models import Region
from luoshi.talent import services

TODAY = dt.date(2025, 7, 1)


@pytest.fixture
def talent_office(units):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.core.testing import PASSWORD

    return accounts.user_create(
        actor=None,
        username="t-rcb-office",
        password=PASSWORD,
        unit=units["rcb"],
        role=Role.COORDINATOR,
        full_name="t-rcb-office",
        validate=False,
    )


@pytest.fixture
def employer(units):
    return organisation(
        7201,
        "遂宁锂电科技有限公司",
        "enterprise",
        "t-employer",
        region=Region.objects.get(name="射洪市"),
    )


@pytest.fixture
def employer_person(employer):
    return admin_of(employer)


@pytest.fixture
def other_employer_person(units):
    return admin_of(organisation(7202, "西南测试大学", "university", "t-other-employer"))


@pytest.fixture
def schooling_unit_person(units):
    from luoshi.accounts import services as accounts
    from luoshi.core.roles import Role
    from luoshi.core.testing import PASSWORD

    return accounts.user_create(
        actor=None,
        username="t-jtj-reporter",
        password=PASSWORD,
        unit=units["jtj"],
        role=Role.REPORTER,
        full_name="t-jtj-reporter",
        validate=False,
    )


@pytest.fixture
def category(talent_office):
    return services.category_save(
        actor=talent_office,
        code="B",
        name="B卡",
        max_level=3,
        employer_kinds=["enterprise", "university"],
        min_salary=Decimal(200000),
        validity_years=3,
        benefits="子女入学、住房保障、就医绿色通道",
    )


@pytest.fixture
def schooling(talent_office, units):
    return services.service_kind_save(
        actor=talent_office,
        code="schooling",
        name="子女入学",
        unit=units["jtj"],
        time_limit_days=10,
    )


def apply(person, category, **kw):
    values = {"person_name": "李工", "phone": "13800000000", "level": 2, "salary": 300000}
    values.update(kw)
    return services.application_submit(actor=person, category=category, **values)


@pytest.fixture
def card(talent_office, employer_person, category):
    application = apply(employer_person, category)
    services.application_decide(
        actor=talent_office, application=application, approve=True, today=TODAY
    )
    return application.card
