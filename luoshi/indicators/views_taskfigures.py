"""A plan task's programme figures: the panel supervision's task pages load as a fragment,
and the office's page choosing them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from luoshi.core.errors import LuoshiError
from luoshi.core.views import apply_errors
from luoshi.indicators import forms, services
from luoshi.indicators.selectors import taskfigures as reads


@login_required
@require_GET
def task_figures(request, task_id: int):
    """The fragment (empty when the task has no figures and the viewer cannot choose any);
    404 alike for a task the viewer may not see."""
    data = reads.task_figures(viewer=request.user, task_id=task_id)
    return render(request, "indicators/_task_figures.html", data)


@login_required
def task_figures_edit(request, task_id: int):
    page = reads.task_figures_choice(viewer=request.user, task_id=task_id)
    form = forms.TaskFiguresForm(
        request.POST or None, elements=page["elements"], chosen=page["chosen"]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.task_figures_set(
                actor=request.user, task=page["task"], elements=form.chosen_elements()
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("The task's programme figures are saved."))
            return redirect("plans:task", pk=page["task"].pk)
    return render(request, "indicators/task_figures_edit.html", {**page, "form": form})
