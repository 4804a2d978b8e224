"""Accounts belong to a unit; passwords are validated; the bootstrap makes one administrator."""

import pytest
from django.core.management import CommandError, call_command

from luoshi.accounts import services
from luoshi.accounts.models import User
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.roles import Role

pytestmark = pytest.mark.django_db


def test_weak_passwords_are_refused(units):
    with pytest.raises(ValidationFailed):
        services.user_create(actor=None, username="weak", password="12345678", unit=units["kjj"])


def test_every_non_admin_account_needs_a_unit(db):
    with pytest.raises(ValidationFailed):
        services.user_create(actor=None, username="nounit", password=None, role=Role.REPORTER)


def test_an_approver_may_add_reporters_only_to_their_own_unit(units, lead_approver):
    services.user_create(actor=lead_approver, username="new-fgw", password=None, unit=units["fgw"])
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=lead_approver, username="new-jxj", password=None, unit=units["jxj"]
        )
    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=lead_approver,
            username="new-boss",
            password=None,
            unit=units["fgw"],
            role=Role.APPROVER,
        )


def test_bootstrap_creates_the_first_administrator_and_nothing_else(db, monkeypatch):
    monkeypatch.setenv("LUOSHI_ADMIN_PASSWORD", "Correct-horse-battery-9")
    call_command("bootstrap_admin", username="root")
    admin = User.objects.get()
    assert admin.is_superuser and admin.role == Role.ADMIN and not admin.is_demo
    with pytest.raises(CommandError):
        call_command("bootstrap_admin", username="second")
    assert User.objects.count() == 1
