"""The indicator table export and the template upload above LUOSHI_TASKS_INLINE_ROWS run as
background tasks, with the same outcome as at once."""

import io

import pytest
from openpyxl import load_workbook

from luoshi.indicators.models import DataValue
from luoshi.indicators.tests.test_excel import _fill, _template
from luoshi.indicators.tests.test_pages import suining  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def _token(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"].rstrip("/").split("/")[-1]


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    # The "About" sheet carries the date it was generated, the same in both.
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_a_large_indicator_table_is_exported_by_a_task(suining, leader, login, settings):  # noqa: F811
    client = login(leader)
    at_once = _sheets(client.get("/indicators/table.xlsx").content)
    settings.LUOSHI_TASKS_INLINE_ROWS = 0
    token = _token(client.get("/indicators/table.xlsx"))
    download = client.get(f"/tasks/{token}/download/")
    assert download.status_code == 200
    assert _sheets(b"".join(download.streaming_content)) == at_once


def test_a_large_upload_is_saved_by_a_task(catalogue, lead_reporter, login, settings):
    settings.LUOSHI_TASKS_INLINE_ROWS = 1
    upload = _fill(_template(lead_reporter), {("firms", "遂宁市"): 209, ("firms", "船山区"): 60})
    client = login(lead_reporter)
    token = _token(client.post("/indicators/entry/2023/upload/", {"file": upload}))
    assert DataValue.objects.count() == 2
    page = client.get(f"/tasks/{token}/").content.decode()
    assert "alert-success" in page and "/indicators/entry/2023/" in page


def test_a_large_upload_with_a_problem_saves_nothing_and_lists_it(
    catalogue, lead_reporter, login, settings
):
    settings.LUOSHI_TASKS_INLINE_ROWS = 1
    upload = _fill(
        _template(lead_reporter), {("firms", "船山区"): "六十", ("firms", "遂宁市"): 209}
    )
    client = login(lead_reporter)
    token = _token(client.post("/indicators/entry/2023/upload/", {"file": upload}))
    assert not DataValue.objects.exists()
    page = client.get(f"/tasks/{token}/").content.decode()
    assert "alert-danger" in page and "六十" in page
