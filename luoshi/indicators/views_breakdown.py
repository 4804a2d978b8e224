"""Yearly targets broken down to counties and parks (分解下达): the target's page of them,
and the plan's workbook to fill in and upload back. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError
from luoshi.indicators import breakdown_excel, forms, permissions, selectors, services
from luoshi.plans import permissions as plan_permissions


def _summary(result) -> str:
    return _("Saved: %(created)d new, %(updated)d changed, %(deleted)d cleared.") % {
        "created": result.created,
        "updated": result.updated,
        "deleted": result.deleted,
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def goal_breakdown(request, pk: int):
    goal = permissions.get_goal_for_user(request.user, pk)
    grid = selectors.breakdown(viewer=request.user, goal=goal)
    can_edit = permissions.can_break_down(request.user, goal)
    form = forms.BreakdownForm(request.POST or None, data_grid=grid) if can_edit else None
    problems = []
    if request.method == "POST":
        if not can_edit:
            raise DjangoPermissionDenied
        if form.is_valid():
            try:
                result = services.yearly_targets_save(actor=request.user, entries=form.entries())
            except services.RowsInvalid as exc:
                problems = exc.rows
            except LuoshiError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _summary(result))
                return redirect("indicators:goal_breakdown", pk=goal.pk)
    return render(
        request,
        "indicators/breakdown.html",
        {
            **grid,
            "form": form,
            "can_edit": can_edit,
            "problems": problems,
            "upload_form": forms.UploadForm(),
        },
    )


@login_required
def breakdown_xlsx(request, plan_id: int):
    plan = plan_permissions.get_plan_for_user(request.user, plan_id)
    data = selectors.breakdown_workbook(viewer=request.user, plan=plan)
    content = breakdown_excel.build_workbook(**data)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, _("yearly-targets-%(plan)s.xlsx") % {"plan": plan.pk}
    )
    return response


@login_required
@require_POST
def breakdown_upload(request, plan_id: int):
    plan = plan_permissions.get_plan_for_user(request.user, plan_id)
    if not permissions.can_manage_definitions(request.user):
        raise DjangoPermissionDenied
    upload_form = forms.UploadForm(request.POST, request.FILES)
    back = request.POST.get("goal")
    if not upload_form.is_valid():
        for error in upload_form.errors.get("file", []):
            messages.error(request, error)
    else:
        try:
            result = services.yearly_targets_import(
                actor=request.user, plan=plan, upload=upload_form.cleaned_data["file"]
            )
        except services.RowsInvalid as exc:
            messages.error(request, str(exc))
            for row in exc.rows[:20]:
                messages.error(request, str(row))
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _summary(result))
    if back and back.isdigit():
        return redirect("indicators:goal_breakdown", pk=int(back))
    return redirect("indicators:dashboard")
