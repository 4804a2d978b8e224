"""No 500 on bad parameters: overlong ids in filters, huge offsets and page sizes, bodies
Django cannot parse. Every API error is JSON, in production too."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.security.payloads import OVERLONG_IDS

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


PAGES = [
    "/accounts/audit/?unit={id}",
    "/accounts/audit/?actor={id}",
    "/accounts/users/?unit={id}",
    "/plans/matrix/?section={id}",
    "/supervision/overview/?section={id}",
    "/supervision/overview/?unit={id}",
    "/supervision/overview/?period={id}",
    "/supervision/scorecard/?plan={id}",
    "/indicators/table/?region={id}",
]
API = [
    "/api/indicators/values?offset={id}",
    "/api/indicators/values?limit={id}",
    "/api/indicators/computed?offset={id}&limit=5",
    "/api/indicators/computed?limit={id}",
    "/api/indicators/values?region={id}",
    "/api/indicators/computed?region={id}",
    "/api/indicators/values?year={id}",
]


@pytest.mark.parametrize("who", ["admin", "coordinator", "leader", "lead_reporter"])
def test_overlong_ids_and_offsets_never_answer_500(personas, plan, cycle, who):
    client = client_for(personas[who])
    failures = []
    for template in PAGES + API:
        for value in OVERLONG_IDS:
            url = template.format(id=value)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(url)
            elif url.startswith("/api/"):
                assert response["Content-Type"].startswith("application/json"), url
    assert failures == []


def test_an_api_page_is_capped(coordinator):
    response = client_for(coordinator).get("/api/indicators/values?limit=100000")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_multipart_post_without_a_boundary_answers_400_in_json(lead_reporter, plan, cycle):
    client = client_for(lead_reporter)
    for method, url in (
        (client.put, "/api/supervision/periods/1/tasks/1/report"),
        (client.post, "/api/supervision/periods/1/tasks/1/report/sign-off"),
    ):
        response = method(
            url,
            data=b"--x\r\nContent-Disposition: form-data\r\n\r\n",
            content_type="multipart/form-data",
        )
        assert response.status_code in (400, 404, 422), response.status_code
        assert response["Content-Type"].startswith("application/json")


def test_an_unexpected_api_error_answers_json_without_debug(settings, coordinator, monkeypatch):
    settings.DEBUG = False
    from luoshi.indicators import selectors

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "indicators_list", broken)
    response = client_for(coordinator).get("/api/indicators/indicators")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "boom" not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/api/indicators/values?element=%00", "/api/indicators/values?state=a%00b"]
)
def test_a_nul_character_in_a_parameter_answers_400(coordinator, url):
    """PostgreSQL cannot hold NUL in text: it reached the database as a 500 (schema fuzz)."""
    response = client_for(coordinator).get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_a_nul_character_in_a_json_body_answers_400(lead_reporter, period, tasks):
    response = client_for(lead_reporter).put(
        f"/api/supervision/periods/{period.pk}/tasks/{tasks['1'].pk}/report",
        data='{"version": 0, "work_done": "a\\u0000b"}',
        content_type="application/json",
    )
    assert response.status_code == 400
