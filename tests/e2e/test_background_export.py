"""A large ledger export in chromium, on the database backend as in production: the page
answers with the task's page, which waits, then (once the worker has run the task) offers
the file without a reload."""

import pytest
from playwright.sync_api import expect

from luoshi.core.testing import run_queued_tasks
from luoshi.supervision.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_large_ledger_is_queued_then_downloaded_from_its_page(
    page, live_server, sign_in, shot, units, coordinator, settings
):

    plan = factories.make_plan(units)
    factories.setup_cycle(plan, coordinator)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.LUOSHI_TASKS_INLINE_ROWS = 0

    sign_in(page, coordinator.username)
    page.goto(f"{live_server.url}/supervision/scorecard/?plan={plan.pk}")
    page.get_by_test_id("export-xlsx").click()
    status = page.get_by_test_id("task-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(status).to_contain_text("等待开始")
    shot(page, "queued")

    run_queued_tasks()

    expect(page.get_by_test_id("task-download")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("task-status")).to_contain_text("仅您本人可以下载")
    shot(page, "done")
    with page.expect_download() as download:
        page.get_by_test_id("task-download").click()
    assert download.value.suggested_filename.endswith(".xlsx")
