"""Supervision pages. Thin: parse input, call one selector or service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.core import background
from luoshi.core.errors import Conflict, LuoshiError, NotFound, ValidationFailed
from luoshi.core.views import apply_errors
from luoshi.supervision import exports, forms, permissions, selectors, services, tasks
from luoshi.supervision.services.milestones import milestone_rows


def _not_found(fn):
    """Turn the services' and selectors' NotFound into Django's 404."""

    def wrapper(request, *args, **kwargs):
        try:
            return fn(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _period_task(request, period_id: int, task_id: int):
    period = permissions.get_period_for_user(request.user, period_id)
    task = selectors.get_task(request.user, task_id)
    if task.plan_id != period.plan_id:
        raise NotFound()
    return period, task


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# -- to-do and notifications ------------------------------------------------------------


@login_required
@require_GET
def todo(request):
    context = selectors.todo(request.user)
    context["unread"] = selectors.unread_count(request.user)
    return render(request, "supervision/todo.html", context)


@login_required
@require_GET
def notifications(request):
    return render(
        request,
        "supervision/notifications.html",
        {"rows": selectors.notifications_list(request.user)},
    )


@login_required
@require_POST
def notifications_read(request):
    services.notification_mark_read(actor=request.user)
    return redirect("supervision:notifications")


# -- a unit's report --------------------------------------------------------------------


def _editor_form(request, editor, data=None):
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
    editor = selectors.report_editor(request.user, period, task)
    data = request.POST.copy()
    conflict = error if isinstance(error, Conflict) else None
    if conflict is not None and conflict.current is not None:
        data["version"] = str(conflict.current.version)
    form = _editor_form(request, editor, data)
    form.is_valid()
    if error is not None and conflict is None:
        apply_errors(request, error, form if isinstance(error, ValidationFailed) else None)
    return _render_editor(request, editor, form, conflict, status=409 if conflict else status)


@login_required
@require_GET
@_not_found
def report_edit(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    editor = selectors.report_editor(request.user, period, task)
    if not editor["editable"]:
        unit_id = request.user.unit_id
        return redirect("supervision:report_view", period.pk, task.pk, unit_id)
    return _render_editor(request, editor, _editor_form(request, editor))


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


def _autosave_status(request, saved, form, conflict, kind: str, reload_url: str):
    """The htmx answer to an autosave of a report or a consolidation: a status fragment."""
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
        },
        status=409 if conflict else 200,
    )


@login_required
@require_POST
@_not_found
def report_save(request, period_id: int, task_id: int):
    """Autosave (htmx: answers a status fragment) and the plain Save button."""
    period, task = _period_task(request, period_id, task_id)
    report, form, error = _post(request, period, task, services.report_save_draft)
    conflict = error if isinstance(error, Conflict) else None
    if request.htmx:
        return _autosave_status(
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
@_not_found
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
@_not_found
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
@_not_found
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
@_not_found
def report_attach(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect("supervision:report_edit", period.pk, task.pk)
    editor = selectors.report_editor(request.user, period, task)
    try:
        report = editor["report"] or services.report_save_draft(
            actor=request.user, period=period, task=task, version=0
        )
        services.attachment_add(actor=request.user, report=report, upload=form.cleaned_data["file"])
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("File attached."))
    return redirect("supervision:report_edit", period.pk, task.pk)


@login_required
@require_GET
@_not_found
def attachment_download(request, pk: int):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@login_required
@require_POST
@_not_found
def attachment_delete(request, pk: int):
    attachment = permissions.get_attachment_for_user(request.user, pk)
    fallback = reverse("supervision:todo")
    try:
        services.attachment_delete(actor=request.user, attachment=attachment)
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Attachment removed."))
    return redirect(_back(request, fallback))


@login_required
@require_GET
@_not_found
def report_view(request, period_id: int, task_id: int, unit_id: int):
    period, task = _period_task(request, period_id, task_id)
    context = selectors.report_view(request.user, period, task, unit_id)
    context["review_form"] = forms.ReviewForm()
    return render(request, "supervision/report_view.html", context)


@login_required
@require_POST
@_not_found
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
    return redirect(_back(request, target))


@login_required
@require_GET
@_not_found
def version_diff(request, a: int, b: int):
    return render(
        request, "supervision/version_diff.html", selectors.version_diff(request.user, a, b)
    )


# -- consolidation ----------------------------------------------------------------------


def _consolidation_form(page, data=None):
    return forms.ConsolidationForm(
        data, initial=forms.ConsolidationForm.initial_for(page["consolidation"])
    )


def _render_consolidation(request, page, form, conflict=None, status=200):
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


@login_required
@require_GET
@_not_found
def consolidation(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    page = selectors.consolidation_page(request.user, period, task)
    return _render_consolidation(request, page, _consolidation_form(page))


def _rebased(form, conflict: Conflict, build):
    """The person's form, text untouched, now carrying the stored version: after seeing the
    other text, saving again is a deliberate choice to replace it."""
    if conflict.current is None:
        return form
    data = form.data.copy()
    data["version"] = str(conflict.current.version)
    rebased = build(data)
    rebased.is_valid()
    return rebased


def _consolidation_save(request, period, task, page):
    form = _consolidation_form(page, request.POST)
    if not form.is_valid():
        return None, form, None
    try:
        saved = services.consolidation_save(
            actor=request.user, period=period, task=task, **form.cleaned_data
        )
    except Conflict as exc:
        return None, _rebased(form, exc, lambda data: _consolidation_form(page, data)), exc
    except LuoshiError as exc:
        apply_errors(request, exc, form)
        return None, form, None
    return saved, form, None


@login_required
@require_POST
@_not_found
def consolidation_save(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    page = selectors.consolidation_page(request.user, period, task)
    saved, form, conflict = _consolidation_save(request, period, task, page)
    if request.htmx:
        return _autosave_status(
            request,
            saved,
            form,
            conflict,
            "consolidation",
            reverse("supervision:consolidation", args=[period.pk, task.pk]),
        )
    if saved is None:
        return _render_consolidation(request, page, form, conflict, status=409 if conflict else 400)
    messages.success(request, _("Draft saved."))
    return redirect("supervision:consolidation", period.pk, task.pk)


@login_required
@require_POST
@_not_found
def consolidation_submit(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    page = selectors.consolidation_page(request.user, period, task)
    saved, form, conflict = _consolidation_save(request, period, task, page)
    if saved is None:
        return _render_consolidation(request, page, form, conflict, status=409 if conflict else 400)
    try:
        services.consolidation_submit(
            actor=request.user, consolidation=saved, version=saved.version
        )
    except LuoshiError as exc:
        apply_errors(request, exc, form if isinstance(exc, ValidationFailed) else None)
        page = selectors.consolidation_page(request.user, period, task)
        return _render_consolidation(request, page, form, status=400)
    messages.success(request, _("Consolidated report submitted to the coordinating office."))
    return redirect("supervision:consolidation", period.pk, task.pk)


@login_required
@require_POST
@_not_found
def consolidation_review(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    page = selectors.consolidation_page(request.user, period, task)
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
    return redirect(_back(request, target))


@login_required
@require_POST
@_not_found
def consolidation_attach(request, period_id: int, task_id: int):
    period, task = _period_task(request, period_id, task_id)
    page = selectors.consolidation_page(request.user, period, task)
    form = forms.AttachmentForm(request.POST, request.FILES)
    target = reverse("supervision:consolidation", args=[period.pk, task.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(target)
    try:
        saved = page["consolidation"] or services.consolidation_save(
            actor=request.user, period=period, task=task, version=0
        )
        services.attachment_add(
            actor=request.user, consolidation=saved, upload=form.cleaned_data["file"]
        )
    except LuoshiError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("File attached."))
    return redirect(target)


# -- the office -------------------------------------------------------------------------


@login_required
@require_GET
@_not_found
def overview(request):
    query = forms.OverviewFilterForm(request.GET)
    query.is_valid()
    plans = selectors.supervised_plans(request.user)
    plan = selectors.pick_plan(request.user, query.cleaned_data.get("plan"), plans)
    if plan is None:
        return render(request, "supervision/no_plan.html", {"plans": []})
    period = None
    if query.cleaned_data.get("period"):
        period = permissions.get_period_for_user(request.user, query.cleaned_data["period"])
        if period.plan_id != plan.pk:
            raise NotFound()
    data = selectors.period_overview(request.user, plan, period, query.filters())
    return render(
        request,
        "supervision/overview.html",
        {
            "o": data,
            "plans": plans,
            "can_review": permissions.can_review(request.user, plan),
        },
    )


@login_required
@require_GET
@_not_found
def review_queue(request, plan_id: int):
    plan = selectors.get_plan_for_office(request.user, plan_id)
    period = None
    if request.GET.get("period", "").isdigit():
        period = permissions.get_period_for_user(request.user, int(request.GET["period"]))
    return render(
        request, "supervision/review_queue.html", selectors.review_queue(request.user, plan, period)
    )


@login_required
@_not_found
def cycle(request, plan_id: int):
    plan = selectors.get_plan_for_office(request.user, plan_id)
    page = selectors.cycle_page(request.user, plan)
    form = forms.CycleForm(request.POST or None, instance=page["cycle"])
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_save(actor=request.user, plan=plan, **form.cleaned_data)
            services.period_generate(actor=request.user, plan=plan)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Reporting cycle saved; periods generated."))
            return redirect("supervision:cycle", plan.pk)
    adhoc = forms.AdhocForm(tasks=page["tasks"], initial={"start": timezone.localdate()})
    return render(
        request,
        "supervision/cycle.html",
        {**page, "form": form, "adhoc_form": adhoc, "import_form": forms.ImportForm()},
    )


@login_required
@require_POST
@_not_found
def period_adhoc(request, plan_id: int):
    plan = selectors.get_plan_for_office(request.user, plan_id)
    page = selectors.cycle_page(request.user, plan)
    adhoc = forms.AdhocForm(request.POST, tasks=page["tasks"])
    if adhoc.is_valid():
        try:
            services.period_open_adhoc(
                actor=request.user,
                plan=plan,
                title=adhoc.cleaned_data["title"],
                start=adhoc.cleaned_data["start"],
                due_date=adhoc.cleaned_data["due_date"],
                tasks=adhoc.selected_tasks(),
                note=adhoc.cleaned_data["note"],
            )
        except LuoshiError as exc:
            apply_errors(request, exc, adhoc)
        else:
            messages.success(request, _("Ad-hoc round opened; the units were notified."))
            return redirect("supervision:cycle", plan.pk)
    form = forms.CycleForm(instance=page["cycle"])
    return render(
        request,
        "supervision/cycle.html",
        {**page, "form": form, "adhoc_form": adhoc, "import_form": forms.ImportForm()},
        status=400,
    )


@login_required
@require_POST
@_not_found
def milestone_import(request, plan_id: int):
    plan = selectors.get_plan_for_office(request.user, plan_id)
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to import."))
        return redirect("supervision:cycle", plan.pk)
    try:
        rows = milestone_rows(form.cleaned_data["file"])
        if not background.inline(len(rows)):
            token = background.start(
                tasks.milestone_import,
                actor=request.user,
                title=_("Milestone import for %(plan)s") % {"plan": plan.title},
                total=len(rows),
                back_url=reverse("supervision:cycle", args=[plan.pk]),
                inputs={tasks.MILESTONE_ROWS: tasks.milestone_rows_json(rows)},
                plan_id=plan.pk,
            )
            return redirect("core:task", token)
        created = services.milestone_import(actor=request.user, plan=plan, rows=rows)
    except ValidationFailed as exc:
        page = selectors.cycle_page(request.user, plan)
        return render(
            request,
            "supervision/cycle.html",
            {
                **page,
                "form": forms.CycleForm(instance=page["cycle"]),
                "adhoc_form": forms.AdhocForm(tasks=page["tasks"]),
                "import_form": form,
                "import_error": exc,
            },
            status=400,
        )
    except LuoshiError as exc:
        messages.error(request, str(exc))
        return redirect("supervision:cycle", plan.pk)
    messages.success(request, _("%(n)s milestones imported.") % {"n": len(created)})
    return redirect("supervision:cycle", plan.pk)


# -- tasks: timeline, milestones, instructions, notices ---------------------------------


@login_required
@require_GET
@_not_found
def task_timeline(request, task_id: int):
    task = selectors.get_task(request.user, task_id)
    context = selectors.task_timeline(request.user, task)
    context["instruction_form"] = forms.InstructionForm()
    return render(request, "supervision/task_timeline.html", context)


@login_required
@_not_found
def task_milestones(request, task_id: int):
    task = selectors.get_task(request.user, task_id)
    page = selectors.milestones_of_task(request.user, task)
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
@_not_found
def milestone_delete(request, task_id: int, pk: int):
    task = selectors.get_task(request.user, task_id)
    page = selectors.milestones_of_task(request.user, task)
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
@_not_found
def instruction_add(request, task_id: int):
    task = selectors.get_task(request.user, task_id)
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
        request, "supervision/notices.html", {"notices": selectors.notices_list(request.user)}
    )


@login_required
@_not_found
def notice_new(request, task_id: int):
    task = selectors.get_task(request.user, task_id)
    if not permissions.can_issue_notice(request.user, task.plan):
        raise NotFound()
    assignments = selectors.task_timeline(request.user, task)["assignments"]
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
@_not_found
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
@_not_found
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


# -- scorecard and exports --------------------------------------------------------------


def _scorecard_context(request):
    form = forms.ScorecardForm(request.GET)
    form.is_valid()
    plans = selectors.supervised_plans(request.user)
    plan = selectors.pick_plan(request.user, form.cleaned_data.get("plan"), plans)
    if plan is None:
        raise NotFound()
    return plan, form.cleaned_data.get("year") or None, plans


@login_required
@require_GET
@_not_found
def scorecard(request):
    try:
        plan, year, plans = _scorecard_context(request)
    except NotFound:
        return render(request, "supervision/no_plan.html", {})
    context = selectors.scorecard(request.user, plan, year)
    context["form"] = forms.ScorecardForm(request.GET, years=context["years"])
    context["plans"] = plans
    context["query"] = request.GET.urlencode()
    return render(request, "supervision/scorecard.html", context)


@login_required
@require_GET
@_not_found
def scorecard_docx(request):
    plan, year, _plans = _scorecard_context(request)
    context = selectors.scorecard(request.user, plan, year)
    content = exports.bulletin_docx(context, overview=selectors.period_overview(request.user, plan))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = exports.disposition("bulletin", _("bulletin"), year, "docx")
    return response


@login_required
@require_GET
@_not_found
def ledger_xlsx(request):
    """The ledger at once, or (more rows than LUOSHI_TASKS_INLINE_ROWS) as a background
    task whose page shows progress and then the download."""
    plan, year, _plans = _scorecard_context(request)
    scorecard = selectors.scorecard(request.user, plan, year)
    return background.answer(
        request,
        rows=scorecard["totals"].counts.expected,
        build=lambda: (
            exports.ledger_xlsx(selectors.ledger_rows(request.user, plan, year), scorecard),
            tasks.XLSX,
            exports.ledger_filename(year),
        ),
        task=tasks.ledger_export,
        title=_("Ledger of %(plan)s") % {"plan": plan.title},
        plan_id=plan.pk,
        year=year,
    )
