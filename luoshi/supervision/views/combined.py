"""A county's or park's combined report: one page for every task of the period it is
implicitly involved in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from luoshi.core.errors import Conflict, LuoshiError, ValidationFailed
from luoshi.core.views import apply_errors
from luoshi.supervision import forms, permissions, services
from luoshi.supervision.selectors.combined import combined_editor

DONE = {
    "save": _("Draft saved."),
    "hand_in": _("Handed in for sign-off."),
    "sign_off": _("Signed off and submitted."),
}


@login_required
def combined_report(request, period_id: int):
    period = permissions.get_period_for_user(request.user, period_id)
    page = combined_editor(viewer=request.user, period=period)
    tasks = [row.task for row in page["rows"]]
    form = forms.CombinedReportForm(
        request.POST or None, tasks=tasks, initial=forms.CombinedReportForm.initial_for(page)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"] or "save"
        try:
            services.combined_report_write(
                actor=request.user,
                period=period,
                stamp=form.cleaned_data["stamp"],
                action=action,
                shared=form.shared(),
                notes=form.notes(),
            )
        except Conflict as exc:
            conflict = exc
        except LuoshiError as exc:
            apply_errors(request, exc, form if isinstance(exc, ValidationFailed) else None)
        else:
            messages.success(request, DONE[action])
            return redirect("supervision:combined_report", period.pk)
    status = 200 if request.method == "GET" else (409 if conflict else 400)
    return render(
        request,
        "supervision/combined_report.html",
        {
            **page,
            "form": form,
            "conflict": conflict,
            # each covered task with its note and progress fields
            "task_rows": [
                (row, note, progress)
                for row, (_task, note, progress) in zip(page["rows"], form.rows(), strict=True)
            ],
        },
        status=status,
    )
