"""A task over time: its timeline, milestones, leaders' instructions and 督办单."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.core.errors import LuoshiError, NotFound
from luoshi.core.views import apply_errors
from luoshi.plans import views as plans_views
from luoshi.supervision import forms, permissions, services
from luoshi.supervision.selectors import tasks as reads
from luoshi.supervision.selectors.plans import get_task


@login_required
@require_GET
def task_timeline(request, task_id: int):
    task = get_task(viewer=request.user, task_id=task_id)
    context = reads.task_timeline(viewer=request.user, task=task)
    context["instruction_form"] = forms.InstructionForm()
    return render(request, "supervision/task_timeline.html", context)


@login_required
def task_milestones(request, task_id: int):
    task = get_task(viewer=request.user, task_id=task_id)
    page = reads.milestones_of_task(viewer=request.user, task=task)
    form = forms.MilestoneForm(request.POST or None, units=page["units"])
    if request.method == "POST" and form.is_valid():
        deadline = form.cleaned_data["deadline"]
        try:
            services.milestone_create(
                actor=request.user,
                task=task,
                year=deadline.year,
                title=form.cleaned_data["title"],
                owner=form.unit_objects[form.cleaned_data["owner"]],
                deadline=deadline,
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("supervision:task_milestones", task.pk)
    return render(request, "supervision/task_milestones.html", {**page, "form": form})


@login_required
@require_POST
def milestone_delete(request, task_id: int, pk: int):
    task = get_task(viewer=request.user, task_id=task_id)
    page = reads.milestones_of_task(viewer=request.user, task=task)
    milestone = next((m for m in page["milestones"] if m.pk == pk), None)
    if milestone is None:
        raise NotFound()
    try:
        services.milestone_delete(actor=request.user, milestone=milestone)
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Milestone removed."))
    return redirect("supervision:task_milestones", task.pk)


@login_required
@require_POST
def instruction_add(request, task_id: int):
    task = get_task(viewer=request.user, task_id=task_id)
    form = forms.InstructionForm(request.POST)
    if form.is_valid():
        try:
            services.instruction_add(actor=request.user, task=task, text=form.cleaned_data["text"])
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Instruction added; the responsible units were notified."))
    else:
        messages.error(request, _("Write the instruction."))
    return redirect("supervision:task_timeline", task.pk)


@login_required
@require_GET
def notices(request):
    return render(
        request, "supervision/notices.html", {"notices": reads.notices_list(viewer=request.user)}
    )


@login_required
def notice_new(request, task_id: int):
    task = get_task(viewer=request.user, task_id=task_id)
    if not permissions.can_issue_notice(request.user, task.plan):
        raise NotFound()
    assignments = reads.task_timeline(viewer=request.user, task=task)["assignments"]
    initial = {"answer_by": timezone.localdate() + dt.timedelta(days=7)}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = request.GET["unit"]
        unit = next((a.unit for a in assignments if a.unit_id == int(request.GET["unit"])), None)
        if unit is not None:
            initial["level"] = services.next_level(task=task, unit=unit)
    form = forms.NoticeForm(request.POST or None, assignments=assignments, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_issue(
                actor=request.user,
                task=task,
                unit=form.unit_objects[form.cleaned_data["unit"]],
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                answer_by=form.cleaned_data["answer_by"],
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(
                request, _("Supervision notice %(number)s issued.") % {"number": notice.number}
            )
            return redirect("supervision:notice_detail", notice.pk)
    return render(request, "supervision/notice_form.html", {"task": task, "form": form})


@login_required
@require_GET
def notice_detail(request, pk: int):
    notice = permissions.get_notice_for_user(request.user, pk)
    return render(
        request,
        "supervision/notice_detail.html",
        {
            "notice": notice,
            "answer_form": forms.NoticeAnswerForm(),
            "can_sign": permissions.can_sign_notice(request.user, notice),
            "can_answer": permissions.can_answer_notice(request.user, notice),
            "can_close": permissions.can_close_notice(request.user, notice),
        },
    )


@login_required
@require_POST
def notice_act(request, pk: int, action: str):
    notice = permissions.get_notice_for_user(request.user, pk)
    try:
        if action == "sign":
            services.notice_sign(actor=request.user, notice=notice)
            messages.success(request, _("Signed for."))
        elif action == "answer":
            form = forms.NoticeAnswerForm(request.POST)
            services.notice_answer(
                actor=request.user, notice=notice, text=form.data.get("answer", "")
            )
            messages.success(request, _("Answer sent to the coordinating office."))
        elif action == "close":
            services.notice_close(actor=request.user, notice=notice)
            messages.success(request, _("Supervision notice closed."))
        else:
            raise NotFound()
    except LuoshiError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, str(exc))
    return redirect("supervision:notice_detail", notice.pk)


@login_required
def task_detail(request, pk):
    """The plans task page with supervision's panel: this period's lights per unit, the
    consolidation's state, and the way to the timeline. Supervision stands above plans, so it
    renders plans' page (plans.views.task_page) and fills its task_extra block."""
    task = plans_views.task_or_404(request, pk)
    return plans_views.task_page(
        request,
        task,
        template="supervision/task_detail.html",
        extra={"panel": reads.task_panel(viewer=request.user, task=task)},
    )
