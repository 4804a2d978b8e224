"""Demo accounts exist only when the demo is loaded; loading is guarded by --if-empty."""

import io

import pytest
from django.core.management import call_command

from luoshi.accounts.models import User
from luoshi.org.models import Unit

pytestmark = pytest.mark.django_db


def test_an_empty_database_has_no_demo_accounts(db):
    assert not User.objects.exists()


def test_load_demo_creates_units_and_demo_accounts_and_prints_them(db, settings):
    settings.LUOSHI_DEMO_LOADERS = ["luoshi.org.demo", "luoshi.accounts.demo"]
    out = io.StringIO()
    call_command("load_demo", if_empty=True, stdout=out)
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
