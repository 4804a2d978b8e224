"""Background jobs: exports too large for one request.

An app registers what a kind of job does::

    @jobs.kind("supervision.ledger")
    def ledger(job, out, progress):        # out: a binary file; progress(done, total)
        ...write the workbook to out...
        return "台账.xlsx", XLSX           # file name and content type

and answers a large export with `jobs.export_or_job(...)`: below
LUOSHI_EXPORT_INLINE_ROWS rows (default 20,000) the file comes back at once, above it a
job is queued and the person is sent to the job's page, which shows its progress and,
when it is done, a download link.

Jobs run on a thread of the web process started after the request's transaction commits
(LUOSHI_JOBS_RUNNER="thread", the default), or only in `luoshi run-jobs` (="worker", for
several web processes behind a queue). A job is claimed by one runner only (a
conditional UPDATE), so the two can run side by side.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import close_old_connections, connection, transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import NotFound, ValidationFailed
from luoshi.core.models import Job
from luoshi.core.roles import Role, role_of

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Runner = Callable[[Job, BinaryIO, Progress], tuple[str, str]]
KINDS: dict[str, Runner] = {}


def kind(name: str) -> Callable[[Runner], Runner]:
    """Register the function that runs jobs of `name`."""

    def register(fn: Runner) -> Runner:
        KINDS[name] = fn
        return fn

    return register


def inline_rows() -> int:
    return int(getattr(settings, "LUOSHI_EXPORT_INLINE_ROWS", 20000))


def _runner_mode() -> str:
    return getattr(settings, "LUOSHI_JOBS_RUNNER", "thread")


# -- services --------------------------------------------------------------------------


@transaction.atomic
def job_start(*, actor, kind: str, title: str, params: dict | None = None, total: int = 0) -> Job:
    """Queue a job for `actor`; it starts once the current transaction commits."""
    if kind not in KINDS:
        raise ValidationFailed(_("Unknown kind of job."))
    if not getattr(actor, "is_authenticated", False):
        raise ValidationFailed(_("Sign in to start a job."))
    job = Job.objects.create(
        token=uuid.uuid4(),
        kind=kind,
        title=title[:200],
        params=params or {},
        total=max(total, 0),
        created_by=actor,
        created_at=timezone.now(),
    )
    # The file field stays out of the snapshot: an empty FieldFile has no url to record.
    audit(
        actor=actor,
        action="create",
        obj=job,
        after=snapshot(job, ["token", "kind", "title", "params", "total", "created_by"]),
        verb="job_start",
    )
    if _runner_mode() == "thread":
        transaction.on_commit(lambda: start_thread(job.pk))
    return job


def start_thread(pk: int) -> threading.Thread:
    thread = threading.Thread(target=_run_in_thread, args=(pk,), name=f"job-{pk}", daemon=True)
    thread.start()
    return thread


def _run_in_thread(pk: int) -> None:
    try:
        job_run(pk)
    finally:
        connection.close()


def _claim(pk: int) -> bool:
    return bool(
        Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now()
        )
    )


def job_run(pk: int) -> Job | None:
    """Run a queued job (if no other runner took it): the kind writes to a temporary file,
    which is stored and linked from the job. Progress is saved at most twice a second."""
    if not connection.in_atomic_block:
        # A worker or thread starts fresh; inside a caller's transaction (tests) the
        # connection is in use and must stay open.
        close_old_connections()
    if not _claim(pk):
        return None
    job = Job.objects.get(pk=pk)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5:
            last[0] = now
            Job.objects.filter(pk=pk).update(done=done, total=max(total, done))

    try:
        with tempfile.TemporaryFile() as out:
            filename, content_type = KINDS[job.kind](job, out, progress)
            out.seek(0)
            job.file.save(filename, File(out), save=False)
        job.filename = filename
        job.content_type = content_type
        job.status = Job.Status.DONE
        job.done = job.total = max(job.total, job.done, 1)
    except Exception as exc:  # noqa: BLE001 - shown to the person, logged for the admin
        log.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = str(exc)[:2000] or exc.__class__.__name__
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file",
            "filename",
            "content_type",
            "status",
            "done",
            "total",
            "message",
            "finished_at",
        ]
    )
    return job


def jobs_run_queued(*, limit: int = 100) -> int:
    """Run queued jobs, oldest first (`luoshi run-jobs`). Returns how many ran."""
    ran = 0
    for pk in (
        Job.objects.filter(status=Job.Status.QUEUED)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    ):
        if job_run(pk) is not None:
            ran += 1
    return ran


def jobs_requeue_stale(*, minutes: int = 30) -> int:
    """Jobs left running by a process that went away: queued again."""
    cutoff = timezone.now() - dt.timedelta(minutes=minutes)
    return Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=cutoff).update(
        status=Job.Status.QUEUED, started_at=None
    )


# -- reading ---------------------------------------------------------------------------


def get_job_for_user(user, token) -> Job:
    """The person who started a job sees it (and an administrator); others get NotFound."""
    job = Job.objects.filter(token=token).first()
    if job is None or not (job.created_by_id == user.pk or role_of(user) == Role.ADMIN):
        raise NotFound()
    return job


# -- for views -------------------------------------------------------------------------


def export_or_job(
    request,
    *,
    kind: str,
    title: str,
    params: dict,
    rows: int,
    build: Callable[[], tuple[bytes, str, str]],
) -> HttpResponse:
    """The export at once when it has at most `inline_rows()` rows; otherwise a job and a
    redirect to its page. `build()` returns (content, content type, file name)."""
    if rows <= inline_rows():
        content, content_type, filename = build()
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = _disposition(filename)
        return response
    job = job_start(actor=request.user, kind=kind, title=title, params=params, total=rows)
    return redirect("core:job", job.token)


def download(job: Job) -> FileResponse:
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type or None,
    )


def _disposition(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = "export." + filename.rsplit(".", 1)[-1] if "." in filename else "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
