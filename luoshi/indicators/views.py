"""Indicator pages: thin — parse input, call one selector or service, render."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core import background
from luoshi.core.errors import LuoshiError
from luoshi.core.views import apply_errors
from luoshi.indicators import exports, forms, permissions, selectors, services, tasks
from luoshi.indicators.models import DataValue
from luoshi.indicators.selectors import registry as registry_reads

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _viewer(request):
    if not permissions.can_view_indicators(request.user):
        raise DjangoPermissionDenied
    return request.user


def _exporter(request):
    viewer = _viewer(request)
    if not permissions.can_export(viewer):
        raise DjangoPermissionDenied
    return viewer


def _dated(filename: str) -> str:
    """A download's file name stamped with today's date."""
    return filename % {"date": f"{timezone.localdate():%Y%m%d}"}


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _chart_labels() -> dict[str, str]:
    return {"yi": _("×10⁸"), "wan": _("×10⁴")}


# -- dashboard ---------------------------------------------------------------------------


@login_required
def dashboard(request):
    data = selectors.dashboard(viewer=_viewer(request))
    data["payload"] = {"charts": data["charts"], "comparison": data["comparison"]}
    data["labels"] = _chart_labels()
    data["can_export"] = permissions.can_export(request.user)
    data["can_manage"] = permissions.can_manage_definitions(request.user)
    data["picker"] = selectors.plan_picker(viewer=_viewer(request), current=data.get("plan"))
    return render(request, "indicators/dashboard.html", data)


@login_required
def table(request):
    data = selectors.indicator_table(viewer=_viewer(request))
    data["can_export"] = permissions.can_export(request.user)
    return render(request, "indicators/table.html", data)


@login_required
def table_xlsx(request):
    """The table at once, or (more rows than LUOSHI_TASKS_INLINE_ROWS) as a background task."""
    viewer = _exporter(request)
    data = selectors.indicator_table(viewer=viewer)
    return background.answer(
        request,
        rows=exports.table_rows(data),
        build=lambda: (exports.indicator_table_xlsx(data), XLSX, exports.table_filename()),
        task=tasks.table_export,
        title=_("Indicator table"),
    )


@login_required
def brief_docx(request):
    viewer = _exporter(request)
    data = selectors.dashboard(viewer=viewer)
    content = exports.target_brief_docx(data)
    return _attachment(
        content,
        _dated(_("target-progress-%(date)s.docx")),
        DOCX,
    )


# -- entry -------------------------------------------------------------------------------


@login_required
def entry(request):
    viewer = _viewer(request)
    if not (
        permissions.can_enter_values(viewer)
        or permissions.can_accept_values(viewer)
        or permissions.can_manage_definitions(viewer)
    ):
        raise DjangoPermissionDenied
    data = selectors.entry_home(viewer=viewer)
    data["queue"] = selectors.approval_queue(viewer=viewer)
    return render(request, "indicators/entry.html", data)


def _year(year: int) -> int:
    if not 1990 <= year <= 2100:
        raise Http404
    return year


@login_required
def entry_year(request, year: int):
    viewer = _viewer(request)
    year = _year(year)
    grid = selectors.entry_grid(viewer=viewer, year=year)
    if not grid["rows"]:
        raise DjangoPermissionDenied
    form = forms.EntryForm(request.POST or None, grid=grid)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.values_save(
                actor=viewer, unit=grid["unit"], entries=form.entries(year=year)
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(
                request,
                _("Saved: %(created)d new, %(updated)d changed, %(deleted)d removed.")
                % {"created": result.created, "updated": result.updated, "deleted": result.deleted},
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("indicators:entry_year", year=year)
    return render(
        request,
        "indicators/entry_year.html",
        {
            "grid": grid,
            "form": form,
            "year": year,
            "upload_form": forms.UploadForm(),
            "can_approve": permissions.can_approve_values(viewer),
        },
    )


@login_required
def entry_template(request, year: int):
    viewer = _viewer(request)
    year = _year(year)
    grid = selectors.entry_grid(viewer=viewer, year=year)
    if not grid["rows"]:
        raise DjangoPermissionDenied
    content = exports.entry_template_xlsx(grid)
    return _attachment(
        content, _("entry-%(unit)s-%(year)s.xlsx") % {"unit": grid["unit"], "year": year}, XLSX
    )


@login_required
@require_POST
def entry_upload(request, year: int):
    viewer = _viewer(request)
    year = _year(year)
    grid = selectors.entry_grid(viewer=viewer, year=year)
    if not grid["rows"]:
        raise DjangoPermissionDenied
    upload_form = forms.UploadForm(request.POST, request.FILES)
    problems = []
    rows = len(grid["rows"]) * len(grid["places"])
    if upload_form.is_valid() and not background.inline(rows):
        token = background.start(
            tasks.values_upload,
            actor=viewer,
            title=_("Upload of %(year)s figures") % {"year": year},
            total=rows,
            back_url=reverse("indicators:entry_year", args=[year]),
            inputs={tasks.UPLOAD: upload_form.cleaned_data["file"].read()},
            year=year,
        )
        return redirect("core:task", token)
    if upload_form.is_valid():
        try:
            result = services.values_upload(
                actor=viewer, unit=grid["unit"], year=year, upload=upload_form.cleaned_data["file"]
            )
        except services.RowsInvalid as exc:
            problems = exc.rows
        except LuoshiError as exc:
            upload_form.add_error("file", str(exc))
        else:
            messages.success(request, tasks.upload_summary(result))
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("indicators:entry_year", year=year)
    form = forms.EntryForm(grid=grid)
    return render(
        request,
        "indicators/entry_year.html",
        {
            "grid": grid,
            "form": form,
            "year": year,
            "upload_form": upload_form,
            "problems": problems,
            "can_approve": permissions.can_approve_values(viewer),
        },
        status=422,
    )


# -- approval ----------------------------------------------------------------------------


@login_required
def approvals(request):
    viewer = _viewer(request)
    if not (permissions.can_approve_values(viewer) or permissions.can_accept_values(viewer)):
        raise DjangoPermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        ids = request.POST.getlist("ids")
        try:
            if action == "approve":
                values = selectors.values_by_ids(
                    viewer=viewer, ids=ids, state=DataValue.State.DRAFT
                )
                count = services.values_approve(actor=viewer, values=values)
                messages.success(request, _("%(count)d value(s) approved.") % {"count": count})
            elif action == "accept":
                values = selectors.values_by_ids(
                    viewer=viewer, ids=ids, state=DataValue.State.APPROVED
                )
                count = services.values_accept(actor=viewer, values=values)
                messages.success(request, _("%(count)d value(s) accepted.") % {"count": count})
        except LuoshiError as exc:
            apply_errors(request, exc)
        return redirect("indicators:approvals")
    return render(
        request, "indicators/approvals.html", {"queue": selectors.approval_queue(viewer=viewer)}
    )


@login_required
def value_detail(request, pk: int):
    viewer = _viewer(request)
    value = permissions.get_value_for_user(viewer, pk)
    form = forms.UnlockForm(request.POST or None)
    can_unlock = permissions.can_unlock_value(viewer, value)
    if request.method == "POST":
        if not can_unlock:
            raise DjangoPermissionDenied
        if form.is_valid():
            try:
                services.value_unlock(actor=viewer, value=value, reason=form.cleaned_data["reason"])
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("The value is unlocked and back in draft."))
                return redirect("indicators:value", pk=value.pk)
    return render(
        request,
        "indicators/value_detail.html",
        {
            "value": value,
            "form": form,
            "can_unlock": can_unlock,
            "history": selectors.value_history(viewer=viewer, value=value),
        },
    )


# -- targets -----------------------------------------------------------------------------


def _step(goal, pk: int):
    return selectors.step_of(goal=goal, pk=pk)


def _goal(request, pk: int):
    return permissions.get_goal_for_user(request.user, pk)


@login_required
def goal_detail(request, pk: int):
    viewer = _viewer(request)
    goal = _goal(request, pk)
    data = selectors.goal_detail(viewer=viewer, goal=goal)
    data["today"] = timezone.localdate()
    data["step_form"] = forms.StepForm()
    data["evidence_form"] = forms.EvidenceForm()
    if goal.indicator_id:
        data["sources"] = registry_reads.sources_table(
            viewer=viewer, indicator=goal.indicator, region=goal.region
        )
        data["can_choose_source"] = permissions.can_accept_values(viewer)
    data["payload"] = {
        "charts": [data["chart"]] if data["chart"] else [],
        "comparison": [data["comparison"]]
        if data["comparison"] and data["comparison"]["year"]
        else [],
    }
    return render(request, "indicators/goal_detail.html", data)


@login_required
def goal_edit(request, pk: int):
    viewer = _viewer(request)
    goal = _goal(request, pk)
    if not permissions.can_manage_definitions(viewer):
        raise DjangoPermissionDenied
    units = selectors.units_for(goal.region)
    form = forms.GoalForm(request.POST or None, instance=copy.copy(goal), units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=viewer, goal=goal, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Target saved."))
            return redirect("indicators:goal", pk=goal.pk)
    return render(request, "indicators/goal_form.html", {"goal": goal, "form": form})


@login_required
@require_POST
def goals_link(request):
    viewer = _viewer(request)
    plan = selectors.plan_to_link(viewer=viewer)
    if plan is None:
        messages.info(request, _("There is no plan with targets to link."))
        return redirect("indicators:dashboard")
    try:
        goals = services.goals_link_plan(actor=viewer, plan=plan)
    except LuoshiError as exc:
        apply_errors(request, exc)
    else:
        messages.success(
            request, _("%(count)d target(s) linked to indicators.") % {"count": len(goals)}
        )
    return redirect("indicators:dashboard")


@login_required
@require_POST
def step_save(request, pk: int, step: int | None = None):
    viewer = _viewer(request)
    goal = _goal(request, pk)
    existing = _step(goal, step) if step else None
    form = forms.StepForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_step_save(
                actor=viewer, goal=goal, step=existing, **form.cleaned_data
            )
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            messages.success(request, _("Step saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("indicators:goal", pk=goal.pk)


@login_required
@require_POST
def evidence_upload(request, pk: int, step: int):
    viewer = _viewer(request)
    goal = _goal(request, pk)
    existing = _step(goal, step)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(actor=viewer, step=existing, upload=form.cleaned_data["file"])
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            messages.success(request, _("Evidence uploaded."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("indicators:goal", pk=goal.pk)


@login_required
def evidence_download(request, pk: int):
    viewer = _viewer(request)
    evidence = permissions.get_evidence_for_user(viewer, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# -- definitions -------------------------------------------------------------------------


@login_required
def definitions(request):
    return render(
        request, "indicators/definitions.html", selectors.definitions(viewer=_viewer(request))
    )


def _definition_edit(request, *, kind: str, pk: int | None):
    viewer = _viewer(request)
    if not permissions.can_manage_definitions(viewer):
        raise DjangoPermissionDenied
    instance = selectors.definition(kind=kind, pk=pk) if pk else None
    form_class = forms.ElementForm if kind == "element" else forms.IndicatorForm
    extra = {"units": selectors.units_for(None)} if kind == "element" else {}
    form = form_class(
        request.POST or None, instance=copy.copy(instance) if instance else None, **extra
    )
    if request.method == "POST" and form.is_valid():
        save = services.element_save if kind == "element" else services.indicator_save
        try:
            save(actor=viewer, **{kind: instance}, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("indicators:definitions")
    return render(
        request,
        "indicators/definition_form.html",
        {"form": form, "kind": kind, "instance": instance},
    )


@login_required
def element_edit(request, pk: int | None = None):
    return _definition_edit(request, kind="element", pk=pk)


@login_required
def indicator_edit(request, pk: int | None = None):
    return _definition_edit(request, kind="indicator", pk=pk)


# -- registry computations: computed vs reported, and the rows behind a computed figure ----


@login_required
def drilldown(request, code: str, region_id: int, year: int):
    page = request.GET.get("page", "")
    data = registry_reads.drilldown(
        viewer=_viewer(request),
        code=code,
        region_id=region_id,
        year=year,
        page=int(page) if page.isdigit() and len(page) < 7 else 1,
    )
    data["rows"] = list(
        zip(
            data["drill"].rows,
            data["drill"].links or [None] * len(data["drill"].rows),
            strict=False,
        )
    )
    return render(request, "indicators/drilldown.html", data)


@login_required
def drilldown_xlsx(request, code: str, region_id: int, year: int):
    viewer = _exporter(request)
    data = registry_reads.drilldown(viewer=viewer, code=code, region_id=region_id, year=year)
    content = exports.drilldown_xlsx(data)
    name = f"{data['element'].code}-{data['region'].code or data['region'].pk}-{year}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_POST
def source_choose(request, pk: int):
    element = registry_reads.element_for_source(pk=pk)
    goal_id = request.POST.get("goal", "")
    try:
        services.element_source_choose(
            actor=request.user,
            element=element,
            year=int(request.POST.get("year", "0") or 0),
            source=request.POST.get("source", ""),
        )
        messages.success(
            request, _("The official figure is chosen; the indicators are recomputed.")
        )
    except LuoshiError as exc:
        messages.error(request, str(exc))
    if goal_id.isdigit():
        return redirect("indicators:goal", pk=int(goal_id))
    return redirect("indicators:dashboard")
