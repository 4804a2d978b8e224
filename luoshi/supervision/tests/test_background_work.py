"""The ledger export and the milestone import above LUOSHI_TASKS_INLINE_ROWS run as
background tasks: the page answers with the task's page, which shows the outcome and the
file to the person who asked, and to nobody else."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from luoshi.supervision.models import Milestone
from luoshi.supervision.tests.test_exports import history  # noqa: F401 - a fixture
from luoshi.supervision.tests.test_milestones import GOOD, workbook

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _sheets(content: bytes) -> list[list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


def _token(response) -> str:
    assert response.status_code == 302, response.status_code
    token = response["Location"].rstrip("/").split("/")[-1]
    assert response["Location"] == reverse("core:task", args=[token])
    return token


def test_a_small_ledger_is_answered_at_once(history, plan, leader, settings):  # noqa: F811
    settings.LUOSHI_TASKS_INLINE_ROWS = 10_000
    response = client_for(leader).get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(_sheets(response.content)[0]) > 1


def test_a_large_ledger_is_queued_and_its_owner_downloads_the_same_workbook(
    history,  # noqa: F811
    plan,
    leader,
    settings,
):
    client = client_for(leader)
    settings.LUOSHI_TASKS_INLINE_ROWS = 10_000
    at_once = client.get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk}).content
    expected = _sheets(at_once)[0]

    settings.LUOSHI_TASKS_INLINE_ROWS = len(expected) - 2  # one row fewer than the ledger
    token = _token(client.get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk}))
    page = client.get(reverse("core:task", args=[token])).content.decode()
    assert 'data-status="done"' in page and plan.title in page
    download = client.get(reverse("core:task_download", args=[token]))
    assert download.status_code == 200
    assert _sheets(b"".join(download.streaming_content))[0] == expected


def test_another_person_cannot_see_the_queued_ledger(
    history,  # noqa: F811
    plan,
    leader,
    coordinator,
    outsider,
    settings,
):
    settings.LUOSHI_TASKS_INLINE_ROWS = 0
    token = _token(client_for(leader).get(reverse("supervision:ledger_xlsx"), {"plan": plan.pk}))
    for user in (coordinator, outsider):  # the office may export the ledger too, but not see this
        client = client_for(user)
        assert client.get(reverse("core:task", args=[token])).status_code == 404
        assert client.get(reverse("core:task_download", args=[token])).status_code == 404


def test_a_large_milestone_list_is_imported_by_a_task(plan, coordinator, settings):
    settings.LUOSHI_TASKS_INLINE_ROWS = len(GOOD) - 1
    client = client_for(coordinator)
    token = _token(
        client.post(
            reverse("supervision:milestone_import", args=[plan.pk]), {"file": workbook(GOOD)}
        )
    )
    assert Milestone.objects.count() == len(GOOD)
    page = client.get(reverse("core:task", args=[token])).content.decode()
    assert "alert-success" in page and reverse("supervision:cycle", args=[plan.pk]) in page


def test_a_large_milestone_list_with_a_bad_row_imports_nothing_and_lists_it(
    plan, coordinator, settings
):
    settings.LUOSHI_TASKS_INLINE_ROWS = 1
    rows = [*GOOD, ["1", 2025, "单位写错", "市不存在局", "2025-06-30"]]
    client = client_for(coordinator)
    token = _token(
        client.post(
            reverse("supervision:milestone_import", args=[plan.pk]), {"file": workbook(rows)}
        )
    )
    assert not Milestone.objects.exists()
    page = client.get(reverse("core:task", args=[token])).content.decode()
    assert "alert-danger" in page and "市不存在局" in page
