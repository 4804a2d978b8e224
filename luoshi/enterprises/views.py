"""Registry pages: the list of firms, a firm, imports of published lists, the 高企 pipeline.
Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError
from luoshi.enterprises import forms, permissions, selectors, services
from luoshi.enterprises import pipeline as pipeline_reads


@login_required
def enterprise_list(request):
    form = forms.FilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    qs = selectors.enterprise_list(
        viewer=request.user,
        query=data.get("q") or "",
        place_id=data.get("place"),
        kind=data.get("kind") or "",
        on=today,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/list.html",
        {
            "form": form,
            "page": page,
            "places": selectors.place_choices(viewer=request.user),
            "can_view": permissions.can_view_registry(request.user),
            "can_manage": permissions.can_manage(request.user),
            "imports": selectors.imports_recent(viewer=request.user, limit=5),
            "today": today,
        },
    )


@login_required
def enterprise_detail(request, pk: int):
    firm = permissions.get_enterprise_for_user(request.user, pk)
    data = selectors.enterprise_detail(viewer=request.user, enterprise=firm)
    data["comment_form"] = forms.CommentForm()
    data["today"] = timezone.localdate()
    return render(request, "enterprises/detail.html", data)


@login_required
@require_POST
def comment(request, pk: int):
    firm = permissions.get_enterprise_for_user(request.user, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                actor=request.user, enterprise=firm, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Comment added."))
        except LuoshiError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Write the comment first (at most 2,000 characters)."))
    return redirect("enterprises:detail", pk=firm.pk)


@login_required
def import_upload(request):
    if not permissions.can_manage(request.user):
        raise DjangoPermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        options = {
            "issued_on": form.cleaned_data["issued_on"].isoformat()
            if form.cleaned_data["issued_on"]
            else "",
            "batch": form.cleaned_data["batch"],
            "year": form.cleaned_data["year"],
            "complete": form.cleaned_data["complete"],
        }
        try:
            batch = services.registry_import_preview(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                data=upload.read(),
                options=options,
            )
        except LuoshiError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("enterprises:import_preview", pk=batch.pk)
    return render(
        request,
        "enterprises/import.html",
        {"form": form, "imports": selectors.imports_recent(viewer=request.user)},
    )


@login_required
def import_preview(request, pk: int):
    batch = selectors.get_import_for_user(request.user, pk)
    if request.method == "POST":
        choices = {}
        # the rows are read only when the preview asked about some (summary["ask"])
        for row in batch.plan["rows"] if batch.summary.get("ask") else ():
            if row["status"] == "ask":
                value = request.POST.get(f"row-{row['line']}", "")
                if value == "skip":
                    choices[row["line"]] = None
                elif value.isdigit():
                    choices[row["line"]] = int(value)
        try:
            summary = services.registry_import_commit(
                actor=request.user, batch=batch, choices=choices
            )
        except LuoshiError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Imported: %(firms)s firms created, %(added)s qualifications added, %(changed)s changed, %(gone)s withdrawn."
                )
                % {
                    "firms": summary["firms_created"],
                    "added": summary["qualifications_added"],
                    "changed": summary["qualifications_changed"],
                    "gone": summary["qualifications_withdrawn"],
                },
            )
        return redirect("enterprises:import_preview", pk=batch.pk)
    shown, hidden, withdrawn = selectors.import_rows_shown(batch)
    return render(
        request,
        "enterprises/import_preview.html",
        {"batch": batch, "rows": shown, "hidden": hidden, "withdrawn": withdrawn},
    )


@login_required
def pipeline(request):
    year_text = request.GET.get("year", "")
    year = (
        int(year_text)
        if year_text.isdigit() and 2000 <= int(year_text) <= 2100
        else timezone.localdate().year
    )
    city = request.GET.get("city", "")
    data = pipeline_reads.pipeline(
        viewer=request.user,
        year=year,
        city_id=int(city) if city.isdigit() and len(city) < 10 else None,
    )
    data["candidate_form"] = forms.CandidateForm()
    data["stage_form"] = forms.StageForm()
    return render(request, "enterprises/pipeline.html", data)


@login_required
@require_POST
def candidate_add(request):
    form = forms.CandidateForm(request.POST)
    year_text = request.POST.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    if form.is_valid():
        try:
            firm = pipeline_reads.firm_by_code(
                viewer=request.user, code=form.cleaned_data["credit_code"]
            )
            services.candidate_add(
                actor=request.user, enterprise=firm, year=year, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Added to the pool."))
        except LuoshiError as exc:
            messages.error(request, str(exc))
    return redirect(f"{request.path.rsplit('candidates/', 1)[0]}?year={year}")


@login_required
@require_POST
def candidate_move(request, pk: int):
    candidate = pipeline_reads.get_candidate_for_user(request.user, pk)
    form = forms.StageForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_move(
                actor=request.user,
                candidate=candidate,
                stage=form.cleaned_data["stage"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Stage changed."))
        except LuoshiError as exc:
            messages.error(request, str(exc))
    return redirect(f"/enterprises/pipeline/?year={candidate.year}")
