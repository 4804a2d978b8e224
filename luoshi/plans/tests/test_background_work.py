"""The task-breakdown workbook of a plan with more rows than LUOSHI_TASKS_INLINE_ROWS is
written by a background task; the file is the one the page gives at once."""

import io

from django.urls import reverse
from openpyxl import load_workbook


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))


def test_a_large_breakdown_workbook_is_written_by_a_task(login, leader, outsider, plan, settings):
    client = login(leader)
    url = reverse("plans:export", args=[plan.pk, "xlsx"])
    at_once = client.get(url)
    assert at_once.status_code == 200

    settings.LUOSHI_TASKS_INLINE_ROWS = 0
    queued = client.get(url)
    assert queued.status_code == 302
    token = queued["Location"].rstrip("/").split("/")[-1]
    download = client.get(reverse("core:task_download", args=[token]))
    assert download.status_code == 200
    assert _rows(b"".join(download.streaming_content)) == _rows(at_once.content)
    assert "attachment" in download["Content-Disposition"]

    other = login(outsider)
    assert other.get(reverse("core:task_download", args=[token])).status_code == 404
