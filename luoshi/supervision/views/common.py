"""What several supervision page families share."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


def back(request, fallback: str) -> str:
    """The page the person came from (a `next` on this site), else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def autosave_status(request, saved, form, conflict, kind: str, reload_url: str, progress=None):
    """The htmx answer to an autosave of a report or a consolidation: a status fragment (and,
    for a report, the progress hint swapped out of band)."""
    return render(
        request,
        "supervision/_autosave_status.html",
        {
            "report": saved,
            "form": form,
            "conflict": conflict,
            "now": timezone.now(),
            "kind": kind,
            "reload_url": reload_url,
            "progress": progress,
        },
        status=409 if conflict else 200,
    )


def rebased(form, conflict, build):
    """The person's form, text untouched, now carrying the stored version: after seeing the
    other text, saving again is a deliberate choice to replace it."""
    if conflict.current is None:
        return form
    data = form.data.copy()
    data["version"] = str(conflict.current.version)
    fresh = build(data)
    fresh.is_valid()
    return fresh
