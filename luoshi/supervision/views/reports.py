"""A unit's report: editing, handing in, signing off, attachments; any unit's report as the
viewer may see it; the office's review; version diffs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.core.errors import Conflict, LuoshiError, ValidationFailed
from luoshi.core.views import apply_errors
from luoshi.supervision import forms, permissions, services
from luoshi.supervision.selectors import reports as reads
from luoshi.supervision.selectors.plans import get_period_task
from luoshi.supervision.views.common import autosave_status, back


def _editor_form(editor, data=None):
    answers = {i.pk: text for i, text in editor["instructions"]}
    return forms.ReportForm(
        data,
        initial=forms.ReportForm.initial_for(editor.get("report"), answers),
        milestones=editor["milestones"],
        instructions=editor["instructions"],
    )


def _render_editor(request, editor, form, conflict=None, status=200):
    return render(
        request,
        "supervision/report_edit.html",
        {**editor, "form": form, "conflict": conflict, "attach_form": forms.AttachmentForm()},
        status=status,
    )


def _editor_page(request, period, task, *, error=None, status=400):
    """The edit page again after a refused post: the person's text in the form, the error on
    it. After a conflict the form carries the stored version, so saving again is a
    deliberate choice to replace the other text (the autosave offers the same as a button)."""
    editor = reads.report_editor(viewer=request.user, period=period, task=task)
    data = request.POST.copy()
    conflict = error if isinstance(error, Conflict) else None
    if conflict is not None and conflict.current is not None:
        data["version"] = str(conflict.current.version)
    form = _editor_form(editor, data)
    form.is_valid()
    if error is not None and conflict is None:
        apply_errors(request, error, form if isinstance(error, ValidationFailed) else None)
    return _render_editor(request, editor, form, conflict, status=409 if conflict else status)


def _period_task(request, period_id: int, task_id: int):
    return get_period_task(viewer=request.user, period_id=period_id, task_id=task_id)


@login_required
@require_GET
def report_edit(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    editor = reads.report_editor(viewer=request.user, period=period, task=task)
    if not editor["editable"]:
        return redirect("supervision:report_view", period.pk, task.pk, request.user.unit_id)
    return _render_editor(request, editor, _editor_form(editor))


def _post(request, period, task, service):
    """Parse the posted report form (no database reads: the service validates everything)
    and call `service` with it. Returns (report, form, error)."""
    form = forms.ReportForm(request.POST)
    if not form.is_valid():
        return None, form, None
    try:
        report = service(actor=request.user, period=period, task=task, **form.service_kwargs())
    except LuoshiError as exc:
        if not isinstance(exc, Conflict):
            apply_errors(request, exc, form)
        return None, form, exc
    return report, form, None


@login_required
@require_POST
def report_save(request, period_id: int, task_id: int):
    """Autosave (htmx: answers a status fragment) and the plain Save button."""
    period, task = _period_task(request, period_id, task_id)
    report, form, error = _post(request, period, task, services.report_save_draft)
    conflict = error if isinstance(error, Conflict) else None
    if request.htmx:
        return autosave_status(
            request,
            report,
            form,
            conflict,
            "report",
            reverse("supervision:report_edit", args=[period.pk, task.pk]),
        )
    if report is None:
        return _editor_page(request, period, task, error=error)
    messages.success(request, _("Draft saved."))
    return redirect("supervision:report_edit", period.pk, task.pk)


@login_required
@require_POST
def report_hand_in(request, period_id: int, task_id: int):
    """The reporter's button: save what the form holds, then hand it to the approver."""
    period, task = _period_task(request, period_id, task_id)
    report, _form, error = _post(request, period, task, services.report_save_draft)
    if report is not None:
        try:
            services.report_hand_in(actor=request.user, report=report, version=report.version)
        except LuoshiError as exc:
            error = exc
        else:
            messages.success(request, _("Handed in for sign-off."))
            return redirect("supervision:report_view", period.pk, task.pk, request.user.unit_id)
    return _editor_page(request, period, task, error=error)


@login_required
@require_POST
def report_sign_off(request, period_id: int, task_id: int):
    """The approver's button: save what the form holds and sign it off, in one service call."""
    period, task = _period_task(request, period_id, task_id)
    report, _form, error = _post(request, period, task, services.report_submit)
    if report is None:
        return _editor_page(request, period, task, error=error)
    messages.success(request, _("Signed off and submitted."))
    return redirect("supervision:report_view", period.pk, task.pk, request.user.unit_id)


@login_required
@require_POST
def report_nothing_new(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    version = request.POST.get("version")
    try:
        services.report_nothing_new(
            actor=request.user,
            period=period,
            task=task,
            version=int(version) if version not in (None, "", "0") else None,
        )
    except (LuoshiError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("supervision:report_edit", period.pk, task.pk)
    messages.success(request, _("Reported: nothing new this period."))
    return redirect("supervision:report_view", period.pk, task.pk, request.user.unit_id)


@login_required
@require_POST
def report_attach(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("supervision:report_edit", period.pk, task.pk)
    try:
        services.report_attach(
            actor=request.user, period=period, task=task, upload=form.cleaned_data["file"]
        )
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("File attached."))
    return redirect("supervision:report_edit", period.pk, task.pk)


@login_required
@require_GET
def attachment_download(request, pk: int):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@login_required
@require_POST
def attachment_delete(request, pk: int):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Attachment removed."))
    return redirect(back(request, reverse("supervision:todo")))


@login_required
@require_GET
def report_view(request, period_id: int, task_id: int, unit_id: int):
    period, task = _period_task(request, period_id, task_id)
    context = reads.report_view(viewer=request.user, period=period, task=task, unit_id=unit_id)
    context["review_form"] = forms.ReviewForm()
    return render(request, "supervision/report_view.html", context)


@login_required
@require_POST
def report_review(request, pk: int):
    report = permissions.get_report_for_user(request.user, pk)
    form = forms.ReviewForm(request.POST)
    target = reverse(
        "supervision:report_view", args=[report.period_id, report.task_id, report.unit_id]
    )
    if not form.is_valid():
        messages.error(request, _("Choose approve or return."))
        return redirect(target)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.report_approve(
                actor=request.user, report=report, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Report approved."))
        else:
            services.report_return(
                actor=request.user, report=report, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Report returned to the unit."))
    except LuoshiError as exc:
        messages.error(request, str(exc))
    return redirect(back(request, target))


@login_required
@require_GET
def version_diff(request, a: int, b: int):
    return render(
        request,
        "supervision/version_diff.html",
        reads.version_diff(viewer=request.user, version_a=a, version_b=b),
    )
