from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core import background
from luoshi.core.errors import LuoshiError
from luoshi.core.views import apply_errors
from luoshi.core.wizard import first_round_steps
from luoshi.org.selectors import default_region
from luoshi.plans import breakdown, permissions, selectors, services, tasks
from luoshi.plans.forms import ParentPlanForm, PreviewForm, TaskForm, TaskParentForm, UploadForm
from luoshi.plans.models import Assignment, Task


def _plan_or_404(request, pk):
    return selectors.get_plan(viewer=request.user, pk=pk)


@login_required
def plan_list(request):
    if not permissions.can_view_plan(request.user):
        raise DjangoPermissionDenied
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": selectors.plan_list(viewer=request.user),
            "can_import": permissions.can_import_plan(request.user),
            "my_unit": request.user.unit,
            "drafts": selectors.unfinished_imports(viewer=request.user),
        },
    )


@login_required
def plan_import(request):
    """Upload a plan document (a new plan, or ?plan=ID for a new version of one)."""
    plan = _plan_or_404(request, request.GET["plan"]) if request.GET.get("plan") else None
    if not permissions.can_import_plan(request.user, plan):
        raise DjangoPermissionDenied
    regions = [plan.region] if plan else selectors.import_regions(viewer=request.user)
    if not regions:
        raise Http404(_("No unit directory has been loaded yet."))
    default = plan.region if plan else default_region() or regions[0]
    form = UploadForm(
        request.POST or None, request.FILES or None, regions=regions, initial={"region": default.pk}
    )
    region = default
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        region = form.cleaned_data["region"] or default
        try:
            draft = services.import_draft_create(
                actor=request.user,
                data=upload.read(),
                filename=upload.name,
                region=region,
                plan=plan,
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            return redirect("plans:import_preview", token=draft.token)
    return render(
        request,
        "plans/import_upload.html",
        {"form": form, "plan": plan, "region": region, "steps": first_round_steps("upload")},
    )


def _after_import_url(plan, step: str = "setup_accounts") -> str:
    """The next step of a first round (supervision's set-up pages), when installed."""
    try:
        return reverse(f"supervision:{step}", args=[plan.pk])
    except NoReverseMatch:
        return reverse("plans:detail", args=[plan.pk])


@login_required
def import_preview(request, token):
    draft = selectors.get_draft_for_user(viewer=request.user, token=token)
    try:
        preview = services.import_draft_preview(actor=request.user, draft=draft)
    except LuoshiError as exc:
        apply_errors(request, exc)
        return redirect("plans:import")
    units = selectors.import_units(region=draft.region)
    rows = selectors.import_name_rows(viewer=request.user, draft=draft)
    form = PreviewForm(
        request.POST or None,
        rows=rows,
        units=units,
        coordinating_unit=preview.coordinating_unit,
        unsure=[t.index for t in preview.low_confidence],
    )
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "cancel":
            services.import_draft_discard(actor=request.user, draft=draft)
            messages.info(request, _("The upload was discarded."))
            return redirect("plans:list")
        try:
            services.import_draft_choose(actor=request.user, draft=draft, choices=form.choices())
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            if action != "confirm":
                if request.htmx:
                    return render(request, "plans/_draft_saved.html", {"draft": draft})
                messages.success(request, _("Your choices are saved with the upload."))
                return redirect("plans:import_preview", token=draft.token)
            if form.is_valid():
                try:
                    result = services.import_draft_confirm(
                        actor=request.user,
                        draft=draft,
                        coordinating_unit=form.chosen_office(),
                        confirmed=form.confirmed_tasks(),
                    )
                except LuoshiError as exc:
                    apply_errors(request, exc, form)
                else:
                    if result.changed:
                        messages.success(
                            request,
                            _("Plan imported (revision %(number)d).")
                            % {"number": result.revision.number},
                        )
                    else:
                        messages.info(
                            request,
                            _("This document is already the current version: nothing changed."),
                        )
                    if result.created:
                        return redirect(_after_import_url(result.plan))
                    return redirect("plans:detail", pk=result.plan.pk)
        rows = selectors.import_name_rows(viewer=request.user, draft=draft)
        form.rows = rows
    checked = {int(v) for v in request.POST.getlist("confirmed") if v.isdigit()}
    return render(
        request,
        "plans/import_preview.html",
        {
            "preview": preview,
            "form": form,
            "draft": draft,
            "checked": checked,
            "steps": first_round_steps("review"),
        },
    )


@login_required
def plan_detail(request, pk):
    plan = _plan_or_404(request, pk)
    can_link = permissions.can_link_parent(request.user, plan)
    form = None
    if can_link:
        form = ParentPlanForm(
            request.POST or None,
            choices=selectors.parent_plan_choices(viewer=request.user, plan=plan),
            initial={"parent": plan.parent_id},
        )
    if request.method == "POST":
        if not can_link:
            raise DjangoPermissionDenied
        if form.is_valid():
            try:
                services.plan_set_parent(
                    actor=request.user, plan=plan, parent=form.cleaned_data["parent"]
                )
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("Parent plan saved."))
                return redirect("plans:detail", pk=plan.pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "overview": selectors.plan_overview(viewer=request.user, plan=plan),
            "plan": plan,
            "parent_form": form,
            "can_import": permissions.can_import_plan(request.user, plan),
            "can_export": permissions.can_export_plan(request.user, plan),
            "setup_url": _after_import_url(plan, "setup")
            if permissions.can_import_plan(request.user, plan)
            else "",
        },
    )


def task_or_404(request, pk) -> Task:
    return selectors.get_task(viewer=request.user, pk=pk)


def task_page(request, task: Task, *, template: str = "plans/task_detail.html", extra=None):
    """The task page: its text, units and the link to the parent plan's task (a POST saves
    the link). A higher app shows it with its own panel by passing a template that extends
    plans/task_detail.html and fills its task_extra block from `extra` (supervision's
    task_detail view does)."""
    can_link = permissions.can_link_task_parent(request.user, task)
    form = None
    if can_link and task.plan.parent_id:
        form = TaskParentForm(
            request.POST or None,
            choices=selectors.parent_plan_tasks(viewer=request.user, plan=task.plan),
            initial={"parent_task": task.parent_task_id},
        )
    if request.method == "POST":
        if form is None:
            raise DjangoPermissionDenied
        if form.is_valid():
            try:
                services.task_link_parent(
                    actor=request.user, task=task, parent_task=form.cleaned_data["parent_task"]
                )
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("Link to the parent plan saved."))
                return redirect("plans:task", pk=task.pk)
    return render(
        request, template, {"task": task, "plan": task.plan, "parent_form": form, **(extra or {})}
    )


@login_required
def unit_detail(request, pk):
    unit = selectors.get_unit(viewer=request.user, pk=pk)
    return render(
        request,
        "plans/unit_tasks.html",
        {"data": selectors.unit_tasks(viewer=request.user, unit=unit)},
    )


@login_required
def matrix(request, pk):
    plan = _plan_or_404(request, pk)
    try:
        section_id = int(request.GET.get("section") or 0) or None
    except ValueError:
        section_id = None
    data = selectors.matrix(
        viewer=request.user, plan=plan, section_id=section_id, kind=request.GET.get("kind", "")
    )
    picker = selectors.plan_picker(
        viewer=request.user, plans=list(selectors.plan_list(viewer=request.user)), current=plan
    )
    return render(
        request,
        "plans/matrix.html",
        {"plan": plan, "m": data, "roles": Assignment.Role, "picker": picker},
    )


@login_required
def matrix_default(request):
    if not permissions.can_view_plan(request.user):
        raise DjangoPermissionDenied
    plan = selectors.newest_active_plan(viewer=request.user)
    if plan is None:
        messages.info(request, _("No plan has been imported yet."))
        return redirect("plans:list")
    return redirect(
        reverse("plans:matrix", args=[plan.pk])
        + ("?" + request.GET.urlencode() if request.GET else "")
    )


@login_required
def revisions(request, pk):
    plan = _plan_or_404(request, pk)
    return render(
        request,
        "plans/revisions.html",
        {
            "plan": plan,
            "revisions": selectors.plan_revisions(viewer=request.user, plan=plan),
            "edits": selectors.plan_edits(viewer=request.user, plan=plan),
        },
    )


@login_required
def export(request, pk, fmt):
    plan = _plan_or_404(request, pk)
    if not permissions.can_export_plan(request.user, plan):
        raise DjangoPermissionDenied
    if fmt not in breakdown.FORMATS:
        raise Http404
    # At once, or (more rows than LUOSHI_TASKS_INLINE_ROWS) as a background task.
    parsed = breakdown.as_parsed_plan(viewer=request.user, plan=plan)
    return background.answer(
        request,
        rows=breakdown.rows(parsed),
        build=lambda: breakdown.render(viewer=request.user, plan=plan, fmt=fmt, parsed=parsed),
        task=tasks.breakdown_export,
        title=_("Task breakdown of %(plan)s") % {"plan": plan.title},
        plan_id=plan.pk,
        fmt=fmt,
    )


@login_required
@require_POST
def current_set(request):
    """The shared plan picker: remember the chosen plan (as the office default too when the
    office ticks it) and go back to the page, which now shows it."""
    raw = request.POST.get("plan", "")
    plan = _plan_or_404(request, int(raw)) if raw.isdigit() else None
    if plan is None:
        raise Http404
    try:
        services.current_plan_set(actor=request.user, plan=plan)
        if request.POST.get("office_default") == "on":
            services.office_default_set(actor=request.user, plan=plan)
            messages.success(request, _("“%(plan)s” is now the default plan.") % {"plan": plan})
    except LuoshiError as exc:
        apply_errors(request, exc)
    return redirect(_back(request, reverse("plans:detail", args=[plan.pk])))


@login_required
@require_POST
def archive(request, pk):
    plan = _plan_or_404(request, pk)
    restore = request.POST.get("restore") == "1"
    try:
        services.plan_archive(actor=request.user, plan=plan, archived=not restore)
    except LuoshiError as exc:
        apply_errors(request, exc)
    else:
        if restore:
            messages.success(request, _("The plan is active again."))
        else:
            messages.success(
                request,
                _("The plan is archived: its data stays, and no page shows it by default."),
            )
    return redirect("plans:detail", pk=plan.pk)


def _back(request, fallback: str) -> str:
    """The page the picker sat on, without its own ?plan= (the choice now decides)."""
    target = request.POST.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return fallback
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("plan", "period")]
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


def _task_form_page(request, plan, form, task=None):
    return render(
        request,
        "plans/task_form.html",
        {"plan": plan, "task": task, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def task_edit(request, pk):
    task = task_or_404(request, pk)
    plan = task.plan
    if not permissions.can_import_plan(request.user, plan):
        raise DjangoPermissionDenied
    units = selectors.import_units(region=plan.region)
    initial = selectors.task_form_initial(task=task)
    form = TaskForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            services.task_remove(actor=request.user, task=task)
            messages.success(
                request, _("Task %(number)s removed from the plan.") % {"number": task.number}
            )
            return redirect("plans:detail", pk=plan.pk)
        if form.is_valid():
            try:
                services.task_update(actor=request.user, task=task, **form.values())
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("Task %(number)s saved.") % {"number": task.number})
                return redirect("plans:detail", pk=plan.pk)
    return _task_form_page(request, plan, form, task)


@login_required
def task_new(request, pk):
    plan = _plan_or_404(request, pk)
    if not permissions.can_import_plan(request.user, plan):
        raise DjangoPermissionDenied
    form = TaskForm(request.POST or None, units=selectors.import_units(region=plan.region))
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_add(actor=request.user, plan=plan, **form.values())
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Task %(number)s added.") % {"number": task.number})
            if request.POST.get("action") == "another":
                return redirect("plans:task_new", pk=plan.pk)
            return redirect("plans:detail", pk=plan.pk)
    return _task_form_page(request, plan, form)
