"""Background jobs for large exports: queued, run once, watched, downloaded by their owner."""

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse

from luoshi.core import jobs
from luoshi.core.models import AuditEvent, Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kinds(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LUOSHI_JOBS_RUNNER = "worker"  # tests run jobs explicitly

    @jobs.kind("test.rows")
    def rows(job, out, progress):
        n = job.params["rows"]
        for i in range(n):
            out.write(f"{i}\n".encode())
            progress(i + 1, n)
        return "行.txt", "text/plain"

    @jobs.kind("test.broken")
    def broken(job, out, progress):
        raise RuntimeError("the disk is full")

    yield
    jobs.KINDS.pop("test.rows", None)
    jobs.KINDS.pop("test.broken", None)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_job_runs_once_and_its_owner_downloads_the_file(coordinator):
    job = jobs.job_start(actor=coordinator, kind="test.rows", title="导出", params={"rows": 3})
    assert job.status == Job.Status.QUEUED
    assert AuditEvent.objects.filter(verb="job_start", object_pk=str(job.pk)).exists()

    assert jobs.job_run(job.pk).status == Job.Status.DONE
    assert jobs.job_run(job.pk) is None  # claimed once only
    job.refresh_from_db()
    assert job.percent == 100 and job.filename == "行.txt"

    client = client_for(coordinator)
    page = client.get(reverse("core:job", args=[job.token]))
    assert page.status_code == 200 and reverse("core:job_download", args=[job.token]) in (
        page.content.decode()
    )
    response = client.get(reverse("core:job_download", args=[job.token]))
    assert b"".join(response.streaming_content) == b"0\n1\n2\n"


def test_nobody_else_sees_a_job(coordinator, outsider, leader):
    job = jobs.job_start(actor=coordinator, kind="test.rows", title="导出", params={"rows": 1})
    jobs.job_run(job.pk)
    for user in (outsider, leader):
        client = client_for(user)
        assert client.get(reverse("core:job", args=[job.token])).status_code == 404
        assert client.get(reverse("core:job_download", args=[job.token])).status_code == 404


def test_a_failing_job_says_why_and_offers_no_file(coordinator):
    job = jobs.job_start(actor=coordinator, kind="test.broken", title="导出")
    jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "disk is full" in job.message
    client = client_for(coordinator)
    assert "disk is full" in client.get(reverse("core:job", args=[job.token])).content.decode()
    assert client.get(reverse("core:job_download", args=[job.token])).status_code == 404


def test_while_it_runs_the_page_polls_a_progress_fragment(coordinator):
    job = jobs.job_start(actor=coordinator, kind="test.rows", title="导出", total=40000)
    client = client_for(coordinator)
    html = client.get(reverse("core:job", args=[job.token])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'data-status="queued"' in html
    fragment = client.get(reverse("core:job", args=[job.token]), headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and 'id="job-status"' in (
        fragment.content.decode()
    )


def test_small_exports_come_back_at_once_large_ones_become_jobs(coordinator, rf, settings):
    settings.LUOSHI_EXPORT_INLINE_ROWS = 100
    request = rf.get("/")
    request.user = coordinator

    def build():
        return b"x", "text/plain", "小.txt"

    small = jobs.export_or_job(
        request, kind="test.rows", title="小", params={"rows": 1}, rows=100, build=build
    )
    assert small.status_code == 200 and small.content == b"x"
    assert "attachment" in small["Content-Disposition"]
    large = jobs.export_or_job(
        request, kind="test.rows", title="大", params={"rows": 2}, rows=101, build=build
    )
    job = Job.objects.get(title="大")
    assert large.status_code == 302 and large["Location"] == reverse("core:job", args=[job.token])
    assert job.total == 101 and job.created_by == coordinator


def test_the_worker_command_runs_queued_jobs_and_requeues_abandoned_ones(coordinator):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    queued = jobs.job_start(actor=coordinator, kind="test.rows", title="a", params={"rows": 1})
    abandoned = jobs.job_start(actor=coordinator, kind="test.rows", title="b", params={"rows": 1})
    Job.objects.filter(pk=abandoned.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now() - dt.timedelta(hours=2)
    )
    out = StringIO()
    call_command("run_jobs", once=True, stdout=out)
    assert "2 job(s) run, 1 stale" in out.getvalue()
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.DONE}
    assert queued.pk != abandoned.pk


@pytest.mark.django_db(transaction=True)
def test_the_thread_runner_starts_the_job_after_the_request_commits(coordinator, settings):
    settings.LUOSHI_JOBS_RUNNER = "thread"
    from django.db import transaction

    with transaction.atomic():
        job = jobs.job_start(actor=coordinator, kind="test.rows", title="t", params={"rows": 2})
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    for _ in range(100):
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.05)
    assert job.status == Job.Status.DONE
