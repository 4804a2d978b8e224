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


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_hand_in_and_sign_off_with_content_are_one_step_as_on_the_page(
    period, tasks, coop_reporter, coop_approver
):
    from luoshi.core.models import AuditEvent

    url = f"/api/supervision/periods/{period.pk}/tasks/{tasks['1'].pk}/report"
    handed = post(client_for(coop_reporter), f"{url}/hand-in", {"version": 0, "work_done": "接口"})
    assert handed.status_code == 200 and handed.json()["status"] == "pending"
    signed = post(
        client_for(coop_approver),
        f"{url}/sign-off",
        {"version": handed.json()["version"], "work_done": "审核人改写后签发"},
    )
    assert signed.status_code == 200
    assert (signed.json()["status"], signed.json()["work_done"]) == (
        "submitted",
        "审核人改写后签发",
    )
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[-3:] == ["report_save_draft", "report_hand_in", "report_sign_off"]


def test_a_file_is_attached_and_the_draft_started_by_one_call(period, tasks, coop_reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.supervision.models import UnitReport

    url = f"/api/supervision/periods/{period.pk}/tasks/{tasks['1'].pk}/report/attachments"
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    client = client_for(coop_reporter)
    refused = client.post(url, {"file": SimpleUploadedFile("a.exe", b"MZ" + b"\x00" * 64)})
    assert refused.status_code == 422 and not UnitReport.objects.exists()
    attached = client.post(url, {"file": SimpleUploadedFile("现场.png", png)})
    assert attached.status_code == 200 and attached.json()["kind"] == "png"
    assert UnitReport.objects.get().attachments.count() == 1


def test_the_cycle_saved_through_the_api_generates_periods(plan, coordinator, leader):
    url = f"/api/supervision/plans/{plan.pk}/cycle"
    saved = put(client_for(coordinator), url, {"first_period_start": "2022-07-01"})
    assert saved.status_code == 200 and saved.json()["periods"] > 10
    assert put(client_for(leader), url, {"first_period_start": "2022-07-01"}).status_code == 403


def test_the_consolidation_goes_through_the_lead_approver_via_the_api(
    cycle, period, tasks, lead_reporter, lead_approver
):
    url = f"/api/supervision/periods/{period.pk}/tasks/{tasks['1'].pk}/consolidation"
    handed = post(client_for(lead_reporter), f"{url}/hand-in", {"version": 0, "summary": "汇总"})
    assert handed.status_code == 200 and handed.json()["status"] == "pending"
    assert post(client_for(lead_reporter), f"{url}/submit", {"version": 2}).status_code == 403
    missing = post(client_for(lead_approver), f"{url}/submit", {"version": 2, "summary": "汇总"})
    assert missing.status_code == 422 and "confirm_missing" in missing.json()["errors"]
    sent = post(
        client_for(lead_approver),
        f"{url}/submit",
        {"version": 2, "summary": "汇总", "confirm_missing": True},
    )
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
