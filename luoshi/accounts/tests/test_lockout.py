"""Repeated failed sign-ins lock the account (django-axes)."""

import pytest
from django.conf import settings

from luoshi.core.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7"
    )


def test_a_correct_password_signs_in(client, lead_reporter):
    assert _login(client, lead_reporter.username, PASSWORD).status_code == 302


def test_a_wrong_password_shows_a_chinese_message(client, lead_reporter):
    page = _login(client, lead_reporter.username, "wrong").content.decode()
    assert "账号或密码错误" in page


def test_after_the_failure_limit_even_the_right_password_is_refused(client, lead_reporter):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, lead_reporter.username, "wrong")
    response = _login(client, lead_reporter.username, PASSWORD)
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_below_the_limit_do_not_lock(client, lead_reporter):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, lead_reporter.username, "wrong")
    assert _login(client, lead_reporter.username, PASSWORD).status_code == 302
