"""`luoshi load-demo`: every part in order; demo accounts exist only when the demo is loaded;
loading is guarded by --if-empty."""

import io

import pytest
from django.core.management import call_command

from luoshi.accounts.models import User
from luoshi.indicators.models import DataValue
from luoshi.org.models import Unit
from luoshi.supervision.models import UnitReport

pytestmark = pytest.mark.django_db


def test_an_empty_database_has_no_demo_accounts(db):
    assert not User.objects.exists()


def test_load_demo_loads_every_part_in_order_and_prints_the_accounts(db, settings):
    out = io.StringIO()
    call_command("load_demo", if_empty=True, stdout=out)
    lines = out.getvalue().splitlines()
    parts = [line.split(":")[0] for line in lines[: lines.index("Demo loaded.")]]
    assert parts[:3] == ["units", "accounts", "plans"]
    assert parts[3] == "supervision"
    assert parts[-9:] == [
        "assessment",
        "enterprises",
        "subsidies",
        "contracts",
        "patents",
        "platforms",
        "sharing",
        "programmes",
        "task figures",
    ]
    assert set(parts[4:-9]) == {"indicators"}
    assert UnitReport.objects.filter(is_demo=True).exists()
    assert DataValue.objects.filter(is_demo=True).exists()
    assert Unit.objects.filter(code="kjj").exists()
    office = User.objects.get(username="office")
    assert (
        office.is_demo
        and office.unit.code == "kjj"
        and office.check_password(settings.LUOSHI_DEMO_PASSWORD)
    )
    assert "office" in out.getvalue() and settings.LUOSHI_DEMO_PASSWORD in out.getvalue()

    count = User.objects.count()
    call_command("load_demo", if_empty=True, stdout=io.StringIO())
    assert User.objects.count() == count
