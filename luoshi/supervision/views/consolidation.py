"""The lead unit's consolidation: the workspace, saving, submitting, attachments, and the
office's review of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.core.errors import Conflict, LuoshiError, ValidationFailed
from luoshi.core.views import apply_errors
from luoshi.supervision import forms, services
from luoshi.supervision.selectors import consolidation as reads
from luoshi.supervision.selectors.plans import get_period_task
from luoshi.supervision.views.common import autosave_status, back, rebased


def _form(page, data=None):
    return forms.ConsolidationForm(
        data, initial=forms.ConsolidationForm.initial_for(page["consolidation"])
    )


def _render(request, page, form, conflict=None, status=200):
    return render(
        request,
        "supervision/consolidation.html",
        {
            **page,
            "form": form,
            "conflict": conflict,
            "attach_form": forms.AttachmentForm(),
            "review_form": forms.ReviewForm(),
        },
        status=status,
    )


def _page(request, period_id: int, task_id: int):
    period, task = get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)
    return period, task, reads.consolidation_page(viewer=request.user, period=period, task=task)


@login_required
@require_GET
def consolidation(request, period_id: int, task_id: int):
    _period, _task, page = _page(request, period_id, task_id)
    return _render(request, page, _form(page))


def _save(request, period, task, page):
    form = _form(page, request.POST)
    if not form.is_valid():
        return None, form, None
    try:
        saved = services.consolidation_save(
            actor=request.user, period=period, task=task, **form.cleaned_data
        )
    except Conflict as exc:
        return None, rebased(form, exc, lambda data: _form(page, data)), exc
    except LuoshiError as exc:
        apply_errors(request, exc, form)
        return None, form, None
    return saved, form, None


@login_required
@require_POST
def consolidation_save(request, period_id: int, task_id: int):
    period, task, page = _page(request, period_id, task_id)
    saved, form, conflict = _save(request, period, task, page)
    if request.htmx:
        return autosave_status(
            request,
            saved,
            form,
            conflict,
            "consolidation",
            reverse("supervision:consolidation", args=[period.pk, task.pk]),
        )
    if saved is None:
        return _render(request, page, form, conflict, status=409 if conflict else 400)
    messages.success(request, _("Draft saved."))
    return redirect("supervision:consolidation", period.pk, task.pk)


@login_required
@require_POST
def consolidation_submit(request, period_id: int, task_id: int):
    period, task, page = _page(request, period_id, task_id)
    saved, form, conflict = _save(request, period, task, page)
    if saved is None:
        return _render(request, page, form, conflict, status=409 if conflict else 400)
    try:
        services.consolidation_submit(
            actor=request.user, consolidation=saved, version=saved.version
        )
    except LuoshiError as exc:
        apply_errors(request, exc, form if isinstance(exc, ValidationFailed) else None)
        page = reads.consolidation_page(viewer=request.user, period=period, task=task)
        return _render(request, page, form, status=400)
    messages.success(request, _("Consolidated report submitted to the coordinating office."))
    return redirect("supervision:consolidation", period.pk, task.pk)


@login_required
@require_POST
def consolidation_review(request, period_id: int, task_id: int):
    period, task, page = _page(request, period_id, task_id)
    form = forms.ReviewForm(request.POST)
    target = reverse("supervision:consolidation", args=[period.pk, task.pk])
    if page["consolidation"] is None or not form.is_valid():
        messages.error(request, _("Choose approve or return."))
        return redirect(target)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.consolidation_approve(
                actor=request.user,
                consolidation=page["consolidation"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Consolidated report approved."))
        else:
            services.consolidation_return(
                actor=request.user,
                consolidation=page["consolidation"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Consolidated report returned to the lead unit."))
    except LuoshiError as exc:
        messages.error(request, str(exc))
    return redirect(back(request, target))


@login_required
@require_POST
def consolidation_attach(request, period_id: int, task_id: int):
    period, task, page = _page(request, period_id, task_id)
    form = forms.AttachmentForm(request.POST, request.FILES)
    target = reverse("supervision:consolidation", args=[period.pk, task.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(target)
    try:
        services.consolidation_attach(
            actor=request.user, period=period, task=task, upload=form.cleaned_data["file"]
        )
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("File attached."))
    return redirect(target)
