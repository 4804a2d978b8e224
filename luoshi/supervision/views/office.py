"""The coordinating office: the period overview, the review queue, the reporting cycle,
ad-hoc rounds and the milestone import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.core import background
from luoshi.core.errors import LuoshiError, NotFound, PermissionDenied, ValidationFailed
from luoshi.core.views import apply_errors
from luoshi.plans import permissions as plan_permissions
from luoshi.supervision import forms, permissions, services, status, tasks
from luoshi.supervision.selectors import plans as plan_reads
from luoshi.supervision.selectors import reports as report_reads
from luoshi.supervision.services.milestones import milestone_rows


@login_required
@require_GET
def overview(request):
    if not permissions.has_any_role_here(request.user):
        raise NotFound()
    query = forms.OverviewFilterForm(request.GET)
    query.is_valid()
    plans = plan_reads.supervised_plans(viewer=request.user)
    plan = plan_reads.pick_plan(
        viewer=request.user, plan_id=query.cleaned_data.get("plan"), plans=plans
    )
    if plan is None:
        return render(
            request,
            "supervision/no_plan.html",
            {
                "plans": [],
                "to_set_up": plan_reads.plans_to_set_up(viewer=request.user),
                "can_import": plan_permissions.can_import_plan(request.user),
            },
        )
    period = None
    if query.cleaned_data.get("period"):
        period = permissions.get_period_for_user(request.user, query.cleaned_data["period"])
        if period.plan_id != plan.pk:
            raise NotFound()
    data = status.period_overview(
        viewer=request.user,
        plan=plan,
        period=period,
        filters=query.filters(),
        today=timezone.localdate(),
    )
    return render(
        request,
        "supervision/overview.html",
        {
            "o": data,
            "plans": plans,
            "picker": plan_reads.picker(viewer=request.user, plans=plans, current=plan),
            "can_review": permissions.can_review(request.user, plan),
        },
    )


@login_required
@require_GET
def review_queue(request, plan_id: int):
    plan = plan_reads.get_plan_for_office(viewer=request.user, plan_id=plan_id)
    period = None
    if request.GET.get("period", "").isdigit():
        period = permissions.get_period_for_user(request.user, int(request.GET["period"]))
    return render(
        request,
        "supervision/review_queue.html",
        report_reads.review_queue(viewer=request.user, plan=plan, period=period),
    )


def _cycle_page(request, plan, *, form=None, adhoc=None, import_form=None, status=200, **extra):
    page = plan_reads.cycle_page(viewer=request.user, plan=plan)
    return render(
        request,
        "supervision/cycle.html",
        {
            **page,
            "form": form or forms.CycleForm(instance=page["cycle"]),
            "adhoc_form": adhoc
            or forms.AdhocForm(tasks=page["tasks"], initial={"start": timezone.localdate()}),
            "import_form": import_form or forms.ImportForm(),
            **extra,
        },
        status=status,
    )


@login_required
def cycle(request, plan_id: int):
    plan = plan_reads.get_plan_for_office(viewer=request.user, plan_id=plan_id)
    form = forms.CycleForm(request.POST or None, instance=status.cycle_of(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_save(actor=request.user, plan=plan, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Reporting cycle saved; periods generated."))
            return redirect("supervision:cycle", plan.pk)
    return _cycle_page(request, plan, form=form)


@login_required
@require_POST
def period_adhoc(request, plan_id: int):
    plan = plan_reads.get_plan_for_office(viewer=request.user, plan_id=plan_id)
    page = plan_reads.cycle_page(viewer=request.user, plan=plan)
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
    return _cycle_page(request, plan, adhoc=adhoc, status=400)


@login_required
@require_POST
def milestone_import(request, plan_id: int):
    plan = plan_reads.get_plan_for_office(viewer=request.user, plan_id=plan_id)
    # Authorised before the file is even parsed: a leader reads the page but imports nothing.
    if not permissions.can_import_milestones(request.user, plan):
        raise PermissionDenied(_("You may not import milestones for this plan."))
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
        return _cycle_page(request, plan, import_form=form, status=400, import_error=exc)
    except LuoshiError as exc:
        messages.error(request, str(exc))
        return redirect("supervision:cycle", plan.pk)
    messages.success(request, _("%(n)s milestones imported.") % {"n": len(created)})
    return redirect("supervision:cycle", plan.pk)
