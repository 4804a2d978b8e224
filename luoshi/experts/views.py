"""The expert database, the laboratory database and expert draws. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from luoshi.core.errors import LuoshiError, NotFound
from luoshi.core.views import apply_errors
from luoshi.experts import forms, permissions, selectors, services
from luoshi.organisations import selectors as org_selectors


@login_required
def experts(request):
    if not permissions.can_view_experts(request.user):
        raise NotFound()
    query = forms.SearchForm(request.GET or None)
    filters = query.cleaned_data if query.is_valid() else {}
    form = forms.ExpertForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage(request.user):
            raise NotFound()
        if form.is_valid():
            try:
                services.expert_add(actor=request.user, **form.cleaned_data)
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("Saved."))
                return redirect("experts:experts")
    rows = selectors.experts(
        viewer=request.user, q=filters.get("q") or "", field_code=filters.get("field_code") or ""
    )
    return render(
        request,
        "experts/experts.html",
        {
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query": query,
            "form": form if permissions.can_manage(request.user) else None,
            "can_draw": permissions.can_draw(request.user),
        },
    )


@login_required
def labs(request):
    if not permissions.can_view_labs(request.user):
        raise NotFound()
    query = forms.LabSearchForm(request.GET or None)
    filters = query.cleaned_data if query.is_valid() else {}
    form = forms.LabForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage(request.user):
            raise NotFound()
        if form.is_valid():
            try:
                services.lab_add(actor=request.user, **form.cleaned_data)
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("Saved."))
                return redirect("experts:labs")
    rows = selectors.labs(
        viewer=request.user,
        q=filters.get("q") or "",
        accreditation=filters.get("accreditation") or "",
        place=filters.get("place") or "",
    )
    return render(
        request,
        "experts/labs.html",
        {
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query": query,
            "form": form if permissions.can_manage(request.user) else None,
        },
    )


@login_required
def draw_new(request):
    if not permissions.can_draw(request.user):
        raise NotFound()
    form = forms.DrawForm(request.POST or None, organisations=org_selectors.verified())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.draw_experts(
                actor=request.user,
                review_label=data["review_label"],
                field_codes=data["field_codes"].replace("，", " ").replace(",", " ").split(),
                count=data["count"],
                exclude_organisation_ids=[o.pk for o in data["exclude_organisations"]],
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            return redirect("experts:draw", pk=record.pk)
    return render(
        request,
        "experts/draw_new.html",
        {"form": form, "draws": selectors.draws(viewer=request.user)[:30]},
    )


@login_required
def draw(request, pk: int):
    record = permissions.get_draw_for_user(request.user, pk)
    return render(
        request,
        "experts/draw.html",
        {
            **selectors.draw_page(viewer=request.user, draw=record),
            "verified": services.draw_verify(record),
        },
    )
