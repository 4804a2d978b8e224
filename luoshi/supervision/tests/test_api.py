"""The JSON API calls the same selectors and services as the pages."""

import json

import pytest
from django.test import Client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_draft_save_sign_off_and_conflict(period, tasks, coop_reporter, coop_approver):
    url = f"/api/supervision/periods/{period.pk}/tasks/{tasks['1'].pk}/report"
    reporter = client_for(coop_reporter)
    response = put(
        reporter,
        url,
        {"version": 0, "work_done": "接口填报", "quantities": [{"label": "企业", "value": "3"}]},
    )
    assert response.status_code == 200 and response.json()["version"] == 1
    stale = put(client_for(coop_approver), url, {"version": 0, "work_done": "另一人"})
    assert stale.status_code == 409 and stale.json()["current"]["work_done"] == "接口填报"
    signed = client_for(coop_approver).post(
        f"{url}/sign-off", json.dumps({"version": 1}), content_type="application/json"
    )
    assert signed.status_code == 200 and signed.json()["status"] == "submitted"


def test_the_api_refuses_what_the_pages_refuse(period, tasks, outsider, coop_reporter):
    url = f"/api/supervision/periods/{period.pk}/tasks/{tasks['1'].pk}/report"
    assert put(client_for(outsider), url, {"version": 0, "work_done": "x"}).status_code == 403
    bad = put(client_for(coop_reporter), url, {"version": 0, "progress_pct": 300})
    assert bad.status_code == 422 and "progress_pct" in bad.json()["errors"]


def test_lights_summary_for_the_dashboard(plan, period, leader, coop_reporter):
    response = client_for(leader).get(f"/api/supervision/plans/{plan.pk}/lights-summary")
    assert response.status_code == 200
    rows = response.json()
    assert sum(r["green"] + r["yellow"] + r["red"] + r["grey"] for r in rows) == 4
    assert (
        client_for(coop_reporter)
        .get(f"/api/supervision/plans/{plan.pk}/lights-summary")
        .status_code
        == 404
    )


def test_todo_lists_the_units_reports(period, coop_reporter):
    items = client_for(coop_reporter).get("/api/supervision/todo").json()
    assert {i["kind"] for i in items} >= {"due"} or {i["kind"] for i in items} >= {"overdue"}


@pytest.mark.parametrize("method", ["get"])
def test_anonymous_is_refused(method, plan):
    assert Client().get(f"/api/supervision/plans/{plan.pk}/lights-summary").status_code == 401
