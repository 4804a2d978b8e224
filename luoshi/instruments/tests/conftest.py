import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone


@pytest.fixture
def owner_admin(other_org_admin):
    """The university that owns the instruments (西南测试大学)."""
    return other_org_admin


@pytest.fixture
def instrument(owner_admin):
    from luoshi.instruments import services

    return services.instrument_save(
        actor=owner_admin,
        owner=owner_admin.org_membership.organisation,
        name="扫描电子显微镜",
        model_number="SU8010",
        category="analysis",
        original_value=Decimal("3200000"),
        capabilities="材料表面形貌观察，锂电池正极材料分析",
        fees={"machine_hour": Decimal("400"), "sample": Decimal("150.5")},
    )


@pytest.fixture
def slot():
    start = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(hours=2)
