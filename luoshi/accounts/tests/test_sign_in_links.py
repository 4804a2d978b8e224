"""Accounts the office creates for a unit: one-time sign-in links kept only as a hash, that
work once and expire; the first sign-in asks for a password of the person's own."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts import services
from luoshi.accounts.models import SignInLink, User
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_unit(directory, coordinator):
    from luoshi.org import services as org

    return org.unit_create(
        actor=coordinator, region=directory, name="遂宁市大数据中心", short_name="市大数据中心"
    )


def test_a_unit_gets_a_reporter_and_an_approver_named_after_it(coordinator, new_unit):
    issued = services.unit_accounts_create(actor=coordinator, unit=new_unit)
    assert [a.user.username for a in issued] == ["sdsjzx.reporter", "sdsjzx.approver"]
    assert all(a.user.must_change_password and not a.user.has_usable_password() for a in issued)
    # Only the token's hash is stored.
    for account in issued:
        link = SignInLink.objects.get(user=account.user)
        assert link.token_hash == hashlib.sha256(account.token.encode()).hexdigest()
        assert account.token not in link.token_hash
    # A second call creates nothing: the unit has both accounts now.
    assert services.unit_accounts_create(actor=coordinator, unit=new_unit) == []


@pytest.mark.parametrize("persona", ["leader", "lead_reporter", "lead_approver", "outsider"])
def test_only_the_office_creates_a_units_accounts(persona, personas, new_unit):
    with pytest.raises(PermissionDenied):
        services.unit_accounts_create(actor=personas[persona], unit=new_unit)
    assert not User.objects.filter(unit=new_unit).exists()


def test_a_group_has_no_accounts(coordinator, units):
    with pytest.raises(ValidationFailed):
        services.unit_accounts_create(actor=coordinator, unit=units["counties"])


def test_the_link_works_once_then_asks_for_a_password(client, coordinator, new_unit):
    account = services.unit_accounts_create(actor=coordinator, unit=new_unit)[0]
    url = reverse("accounts:sign_in_link", args=[account.token])
    page = client.get(url)
    assert page.status_code == 200 and account.user.username in page.content.decode()
    assert client.post(url)["Location"] == reverse("accounts:password_choose")
    # Until a password is chosen every page leads back to the choice.
    assert client.get(reverse("plans:list"))["Location"] == reverse("accounts:password_choose")
    weak = client.post(reverse("accounts:password_choose"), {"password": "123", "password2": "123"})
    assert weak.status_code == 200 and "密码" in weak.content.decode()
    done = client.post(
        reverse("accounts:password_choose"),
        {"password": "Luoshi-first-2026", "password2": "Luoshi-first-2026"},
    )
    assert done.status_code == 302
    user = User.objects.get(pk=account.user.pk)
    assert not user.must_change_password and user.check_password("Luoshi-first-2026")
    assert client.get(reverse("plans:list")).status_code == 200
    client.logout()
    again = client.post(url)
    assert again.status_code == 400 and "已被使用或已过期" in again.content.decode()


def test_an_expired_link_does_not_sign_in(client, coordinator, new_unit):
    account = services.unit_accounts_create(actor=coordinator, unit=new_unit)[0]
    SignInLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    url = reverse("accounts:sign_in_link", args=[account.token])
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_new_link_replaces_the_old_one(client, coordinator, new_unit):
    first = services.unit_accounts_create(actor=coordinator, unit=new_unit)[0]
    second = services.sign_in_link_issue(actor=coordinator, user=first.user)
    assert client.post(reverse("accounts:sign_in_link", args=[first.token])).status_code == 400
    assert client.post(reverse("accounts:sign_in_link", args=[second.token])).status_code == 302


def test_a_made_up_token_is_refused(client):
    assert client.get(reverse("accounts:sign_in_link", args=["x" * 43])).status_code == 400


def test_account_names_fall_back_to_pinyin_initials_and_stay_unique(coordinator, directory):
    from luoshi.org import services as org

    unit = org.unit_create(actor=coordinator, region=directory, name="市应急管理局")
    User.objects.create(username="syjglj.reporter", unit=unit, role="reporter")
    assert Unit.objects.get(pk=unit.pk).code == ""
    issued = services.unit_accounts_create(actor=coordinator, unit=unit)
    assert [a.user.username for a in issued] == ["syjglj.approver"]


def test_the_office_issues_a_new_link_from_the_accounts_page(login, coordinator, lead_reporter):
    page = login(coordinator).post(
        reverse("accounts:user_edit", args=[lead_reporter.pk]), {"action": "link"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="issued-link"' in html
    lead_reporter.refresh_from_db()
    assert lead_reporter.must_change_password
    assert SignInLink.objects.filter(user=lead_reporter, used_at__isnull=True).count() == 1
