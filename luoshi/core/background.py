"""Work too long for a request, on Django's task framework (the django-tasks backport of
Django 6's django.tasks: on Django 6, `task` below comes from django.tasks and the immediate
backend's path in settings.TASKS changes; nothing else does).

The framework queues and runs a task; this module keeps what a person sees of it. Each
piece of background work gets a folder under LUOSHI_TASKS_DIR (in LUOSHI_VAR_DIR) holding
its state (who asked, progress, outcome), its input and its result file. Only the person
who asked may read it, and only for LUOSHI_TASKS_RESULT_HOURS; then it is gone.

A page answers small work at once and queues large work (more rows than
LUOSHI_TASKS_INLINE_ROWS)::

    return background.answer(request, rows=n, build=lambda: (content, type, name),
                             task=tasks.ledger_export, title=..., plan_id=plan.pk)

and the task, defined in the app's tasks.py with `@background.task()`, writes through
`background.running(token)`. With the immediate backend (development, tests) the task runs
inside `enqueue`, so both backends take the same path.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_tasks import task

from luoshi.core.errors import LuoshiError, NotFound

__all__ = ["answer", "get_for_user", "inline", "running", "start", "task"]

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATE = "state.json"
PROGRESS_EVERY = 0.5  # seconds between progress writes


def inline(rows: int) -> bool:
    """Whether work of `rows` rows is done in the request (else it becomes a task)."""
    return rows <= settings.LUOSHI_TASKS_INLINE_ROWS


def _root() -> Path:
    return Path(settings.LUOSHI_TASKS_DIR)


def _folder(token: str) -> Path:
    # The token comes from a URL: only a well-formed UUID names a folder.
    return _root() / str(uuid.UUID(str(token)))


def _read(token: str) -> dict[str, Any] | None:
    try:
        return json.loads((_folder(token) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write(token: str, state: dict[str, Any]) -> None:
    """Replace the state at once, so a reader never sees half a file."""
    folder = _folder(token)
    tmp = folder / f".{STATE}.{os.getpid()}"
    tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / STATE)


def _expired(state: dict[str, Any], now: dt.datetime | None = None) -> bool:
    created = dt.datetime.fromisoformat(state["created"])
    age = (now or timezone.now()) - created
    return age > dt.timedelta(hours=settings.LUOSHI_TASKS_RESULT_HOURS)


def purge_expired() -> int:
    """Delete the folders of work older than LUOSHI_TASKS_RESULT_HOURS. Returns how many."""
    root = _root()
    if not root.is_dir():
        return 0
    now = timezone.now()
    gone = 0
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        state = _read(folder.name)
        if state is not None and not _expired(state, now):
            continue
        if state is None:
            # A folder being created has no state yet for a moment; leave young ones alone.
            if time.time() - folder.stat().st_mtime < 3600:
                continue
        shutil.rmtree(folder, ignore_errors=True)
        gone += 1
    return gone


# -- starting --------------------------------------------------------------------------


def start(
    work,
    *,
    actor,
    title: str,
    total: int = 0,
    back_url: str = "",
    inputs: dict[str, bytes] | None = None,
    **kwargs,
) -> str:
    """Queue `work` (a task) for `actor` and return the token of its page. `inputs` are
    files the task reads (`Run.input`); `kwargs` must be JSON values."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    purge_expired()
    token = str(uuid.uuid4())
    folder = _folder(token)
    folder.mkdir(parents=True)
    for name, data in (inputs or {}).items():
        (folder / Path(name).name).write_bytes(data)
    _write(
        token,
        {
            "owner": actor.pk,
            "title": title[:200],
            "status": QUEUED,
            "done": 0,
            "total": max(total, 0),
            "created": timezone.now().isoformat(),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "back_url": back_url,
        },
    )
    work.enqueue(token=token, **kwargs)
    return token


def answer(
    request,
    *,
    rows: int,
    build: Callable[[], tuple[bytes, str, str]],
    task,
    title: str,
    **kwargs,
) -> HttpResponse:
    """The file at once when it has at most LUOSHI_TASKS_INLINE_ROWS rows; otherwise a
    task and a redirect to its page. `build()` returns (content, content type, file name)."""
    if inline(rows):
        content, content_type, filename = build()
        return attachment(content, content_type, filename)
    back = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    token = start(task, actor=request.user, title=title, total=rows, back_url=back, **kwargs)
    return redirect("core:task", token)


def attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# -- running (in the worker) -------------------------------------------------------------


class Run:
    """What a running task may do to its state: report progress, store its file, say how
    it ended."""

    def __init__(self, token: str, state: dict[str, Any]):
        self.token = token
        self.state = state
        self._last = 0.0

    @property
    def folder(self) -> Path:
        return _folder(self.token)

    @property
    def actor(self):
        return get_user_model().objects.get(pk=self.state["owner"])

    def input(self, name: str) -> bytes:
        return (self.folder / Path(name).name).read_bytes()

    def progress(self, done: int, total: int | None = None) -> None:
        """Record progress, at most twice a second."""
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY:
            return
        self._last = now
        self.state["done"] = done
        if total is not None:
            self.state["total"] = max(total, done)
        _write(self.token, self.state)

    def track(self, items: Iterable, total: int | None = None) -> Iterator:
        """Yield `items`, recording how many have gone by."""
        done = 0
        for item in items:
            yield item
            done += 1
            self.progress(done, total)

    def save_file(self, content: bytes, content_type: str, filename: str) -> None:
        """Store the result (arguments in the order of `answer`'s `build()`)."""
        name = "result" + (Path(filename).suffix or "")
        (self.folder / name).write_bytes(content)
        self.state.update(file=name, filename=filename, content_type=content_type)

    def finish(self, message: str = "", details: Iterable[str] = (), *, ok: bool = True) -> None:
        """How the work ended, in words for the person (e.g. an import's problems)."""
        self.state.update(message=message, details=list(details), ok=ok)


@contextmanager
def running(token: str) -> Iterator[Run]:
    """Run a task's body for the work `token`: marks it running, then done or failed. A
    LuoshiError is the person's to read; anything else is logged and re-raised, so the task
    framework records the failure too."""
    state = _read(token)
    if state is None:
        # Expired and purged before a worker got to it: nothing to do, nobody to tell.
        log.warning("background work %s has no state; skipped", token)
        raise NotFound()
    state.update(status=RUNNING, started=timezone.now().isoformat())
    _write(token, state)
    run = Run(token, state)
    with translation.override(state.get("language")):
        try:
            yield run
        except LuoshiError as exc:
            state.update(status=FAILED, message=str(exc), ok=False)
        except Exception:
            state.update(
                status=FAILED,
                ok=False,
                message=_("The work stopped on an unexpected error; it has been logged."),
            )
            raise
        else:
            state.update(status=DONE, done=max(state["total"], state["done"]))
            if not state.get("message") and state.get("file"):
                state["message"] = _("The file is ready.")
        finally:
            state["finished"] = timezone.now().isoformat()
            _write(token, state)


# -- reading (the status page) -----------------------------------------------------------


class Work:
    """A piece of background work as its page shows it."""

    def __init__(self, token: str, state: dict[str, Any]):
        self.token = token
        self.state = state
        self.title = state["title"]
        self.status = state["status"]
        self.done = state.get("done", 0)
        self.total = state.get("total", 0)
        self.message = state.get("message", "")
        self.details = state.get("details", [])
        self.ok = state.get("ok", self.status != FAILED)
        self.filename = state.get("filename", "")
        self.back_url = state.get("back_url", "")
        self.created = dt.datetime.fromisoformat(state["created"])
        self.expires = self.created + dt.timedelta(hours=settings.LUOSHI_TASKS_RESULT_HOURS)

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)

    @property
    def has_file(self) -> bool:
        return self.status == DONE and bool(self.state.get("file"))

    @property
    def percent(self) -> int:
        if self.status == DONE:
            return 100
        return min(99, int(self.done * 100 / self.total)) if self.total else 0

    def download(self) -> FileResponse:
        path = _folder(self.token) / self.state["file"]
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=self.filename,
            content_type=self.state.get("content_type") or None,
        )


def get_for_user(user, token) -> Work:
    """The work `token` for the person who asked for it; NotFound for anyone else, for an
    unknown token and once it has expired."""
    state = _read(str(token))
    if (
        state is None
        or not getattr(user, "is_authenticated", False)
        or state.get("owner") != user.pk
        or _expired(state)
    ):
        raise NotFound()
    return Work(str(token), state)
