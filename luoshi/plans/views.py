from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from luoshi.core import background
from luoshi.core.errors import LuoshiError
from luoshi.core.views import apply_errors
from luoshi.core.wizard import first_round_steps
from luoshi.org.selectors import default_region
from luoshi.plans import breakdown, permissions, selectors, services, tasks
from luoshi.plans.forms import ParentPlanForm, PreviewForm, TaskParentForm, UploadForm
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
        request, "plans/import_upload.html", {"form": form, "plan": plan, "region": region}
    )


def _after_import_url(plan) -> str:
    """The next step of a first round: the plan's set-up page (supervision's), when installed."""
    try:
        return reverse("supervision:setup", args=[plan.pk])
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
            if action == "save":
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
    return render(request, "plans/matrix.html", {"plan": plan, "m": data, "roles": Assignment.Role})


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
        {"plan": plan, "revisions": selectors.plan_revisions(viewer=request.user, plan=plan)},
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
