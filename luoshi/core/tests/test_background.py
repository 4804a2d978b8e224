"""Background work on Django's task framework: small work answered at once, large work
queued, run once, watched and downloaded by the person who asked, and nobody else."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.core import background
from luoshi.core.errors import ValidationFailed
from luoshi.core.testing import run_queued_tasks

pytestmark = pytest.mark.django_db

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@background.task()
def write_lines(*, token: str, lines: int) -> None:
    with background.running(token) as run:
        text = "".join(f"{i}\n" for i in run.track(range(lines), lines))
        run.save_file(text.encode(), "text/plain", "行.txt")


@background.task()
def refuse(*, token: str) -> None:
    with background.running(token):
        raise ValidationFailed("第3行有误")


@background.task()
def crash(*, token: str) -> None:
    with background.running(token):
        raise RuntimeError("the disk is full")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _build():
    return b"x", "text/plain", "小.txt"


def test_small_work_is_answered_at_once_and_large_work_becomes_a_task(coordinator, rf, settings):
    settings.LUOSHI_TASKS_INLINE_ROWS = 100
    request = rf.get("/")
    request.user = coordinator
    small = background.answer(
        request, rows=100, build=_build, task=write_lines, title="小", lines=1
    )
    assert small.status_code == 200 and small.content == b"x"
    assert "attachment" in small["Content-Disposition"]

    large = background.answer(
        request, rows=101, build=_build, task=write_lines, title="大", lines=3
    )
    assert large.status_code == 302
    token = large["Location"].rstrip("/").split("/")[-1]
    assert large["Location"] == reverse("core:task", args=[token])
    work = background.get_for_user(coordinator, token)
    # The immediate backend (tests, development) ran it inside enqueue, the same code path.
    assert work.status == "done" and work.percent == 100 and work.title == "大"


def test_the_owner_watches_and_downloads_the_file(coordinator):
    token = background.start(write_lines, actor=coordinator, title="导出", total=3, lines=3)
    client = client_for(coordinator)
    page = client.get(reverse("core:task", args=[token])).content.decode()
    assert 'data-status="done"' in page and reverse("core:task_download", args=[token]) in page
    response = client.get(reverse("core:task_download", args=[token]))
    assert b"".join(response.streaming_content) == b"0\n1\n2\n"
    assert "attachment" in response["Content-Disposition"]


def test_nobody_else_sees_or_downloads_it(coordinator, outsider, leader, admin_user):
    token = background.start(write_lines, actor=coordinator, title="导出", lines=1)
    for user in (outsider, leader, admin_user):
        client = client_for(user)
        assert client.get(reverse("core:task", args=[token])).status_code == 404
        assert client.get(reverse("core:task_download", args=[token])).status_code == 404
    anonymous = Client().get(reverse("core:task", args=[token]))
    assert anonymous.status_code == 302  # to the sign-in page


def test_an_unknown_token_is_not_found(coordinator):
    client = client_for(coordinator)
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("core:task", args=[unknown])).status_code == 404
    assert client.get(reverse("core:task_download", args=[unknown])).status_code == 404


def test_a_result_expires_and_its_files_are_deleted(coordinator, settings):
    settings.LUOSHI_TASKS_RESULT_HOURS = 24
    token = background.start(write_lines, actor=coordinator, title="旧", lines=1)
    folder = settings.LUOSHI_TASKS_DIR / token
    state = json.loads((folder / "state.json").read_text())
    state["created"] = (
        dt.datetime.fromisoformat(state["created"]) - dt.timedelta(hours=25)
    ).isoformat()
    (folder / "state.json").write_text(json.dumps(state))

    client = client_for(coordinator)
    assert client.get(reverse("core:task", args=[token])).status_code == 404
    assert client.get(reverse("core:task_download", args=[token])).status_code == 404
    fresh = background.start(write_lines, actor=coordinator, title="新", lines=1)
    assert not folder.exists()  # starting new work clears expired work
    assert (settings.LUOSHI_TASKS_DIR / fresh / "result.txt").exists()


def test_the_files_live_under_the_var_dir_by_default():
    from django.conf import settings as django_settings

    from luoshi.config import settings as project

    assert project.LUOSHI_TASKS_DIR.parent == project.VAR_DIR
    assert django_settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")


def test_refused_work_says_why_and_offers_no_file(coordinator):
    token = background.start(refuse, actor=coordinator, title="导入")
    client = client_for(coordinator)
    page = client.get(reverse("core:task", args=[token])).content.decode()
    assert "第3行有误" in page and "alert-danger" in page
    assert client.get(reverse("core:task_download", args=[token])).status_code == 404


def test_an_unexpected_error_is_shown_plainly_and_recorded_by_the_framework(coordinator):
    token = background.start(crash, actor=coordinator, title="导出")
    work = background.get_for_user(coordinator, token)
    assert work.status == "failed" and not work.ok
    assert "disk is full" not in work.message  # the traceback is for the log, not the page


def test_while_it_waits_the_page_polls_a_progress_fragment(coordinator, settings):
    settings.TASKS = DATABASE_BACKEND  # queued, not run: nobody works the queue here
    token = background.start(write_lines, actor=coordinator, title="导出", total=40000, lines=1)
    client = client_for(coordinator)
    html = client.get(reverse("core:task", args=[token])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'data-status="queued"' in html
    fragment = client.get(reverse("core:task", args=[token]), headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text and 'id="task-status"' in text


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_task(coordinator, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DATABASE_BACKEND
    token = background.start(write_lines, actor=coordinator, title="导出", total=2, lines=2)
    assert background.get_for_user(coordinator, token).status == "queued"
    assert DBTaskResult.objects.get().status == "READY"

    run_queued_tasks()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    work = background.get_for_user(coordinator, token)
    assert work.status == "done" and work.has_file
    assert b"".join(work.download().streaming_content) == b"0\n1\n"


def test_the_task_page_leads_back_to_the_page_it_came_from_on_this_site(coordinator, rf):
    def queued(referer):
        request = rf.get("/", HTTP_REFERER=referer)
        request.user = coordinator
        response = background.answer(
            request, rows=10**9, build=_build, task=write_lines, title="大", lines=1
        )
        token = response["Location"].rstrip("/").split("/")[-1]
        return background.get_for_user(coordinator, token).back_url

    assert queued("http://testserver/supervision/scorecard/?plan=1") == (
        "http://testserver/supervision/scorecard/?plan=1"
    )
    assert queued("https://elsewhere.example/") == ""
