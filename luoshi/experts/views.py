"""The expert database, the laboratory database and expert draws. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError, NotFound
from luoshi.core.views import apply_errors
from luoshi.experts import forms, permissions, selectors, services
from luoshi.organisations import places as org_places
from luoshi.organisations import selectors as org_selectors


@login_required
def experts(request):
    if not permissions.can_view_experts(request.user):
        raise NotFound()
    query = forms.SearchForm(request.GET or None)
    filters = query.cleaned_data if query.is_valid() else {}
    rows = selectors.experts(
        viewer=request.user, q=filters.get("q") or "", field_code=filters.get("field_code") or ""
    )
    return render(
        request,
        "experts/experts.html",
        {
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query": query,
            "can_manage": permissions.can_manage(request.user),
            "can_draw": permissions.can_draw(request.user),
        },
    )


def _expert_form(data, expert=None):
    initial = None
    if expert is not None:
        initial = {name: getattr(expert, name) for name in services.EXPERT_FIELDS}
        initial["is_active"] = expert.is_active
        if expert.region_id:
            initial["region_name"] = ""
    return forms.ExpertForm(
        data,
        initial=initial,
        places=org_places.attributable_places(),
        organisations=org_selectors.verified(),
    )


@login_required
def expert_new(request):
    if not permissions.can_manage(request.user):
        raise NotFound()
    form = _expert_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("is_active")
        try:
            expert = services.expert_add(actor=request.user, **data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:expert_edit", pk=expert.pk)
    return render(request, "experts/expert_form.html", {"form": form, "expert": None})


@login_required
def expert_edit(request, pk: int):
    expert = permissions.get_expert_to_manage(request.user, pk)
    form = _expert_form(request.POST or None, expert)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_update(actor=request.user, expert=expert, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:expert_edit", pk=expert.pk)
    return render(
        request,
        "experts/expert_form.html",
        {
            "form": form,
            "expert": expert,
            "relations": selectors.expert_relations(expert=expert),
            "relation_form": _relation_form(None, expert),
        },
    )


def _relation_form(data, expert):
    return forms.RelationForm(
        data,
        organisations=org_selectors.verified(),
        experts=selectors.panel_peers(expert=expert),
    )


@login_required
@require_POST
def relation_declare(request, pk: int):
    expert = permissions.get_expert_to_manage(request.user, pk)
    form = _relation_form(request.POST, expert)
    if form.is_valid():
        try:
            services.relation_declare(actor=request.user, expert=expert, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Relation recorded."))
            return redirect("experts:expert_edit", pk=expert.pk)
    return render(
        request,
        "experts/expert_form.html",
        {
            "form": _expert_form(None, expert),
            "expert": expert,
            "relations": selectors.expert_relations(expert=expert),
            "relation_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def relation_withdraw(request, pk: int, relation_pk: int):
    expert = permissions.get_expert_to_manage(request.user, pk)
    relation = selectors.relation_of(expert=expert, pk=relation_pk)
    services.relation_withdraw(actor=request.user, relation=relation)
    messages.success(request, _("Relation withdrawn."))
    return redirect("experts:expert_edit", pk=expert.pk)


@login_required
def labs(request):
    if not permissions.can_view_labs(request.user):
        raise NotFound()
    query = forms.LabSearchForm(request.GET or None)
    filters = query.cleaned_data if query.is_valid() else {}
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
            "can_manage": permissions.can_manage(request.user),
        },
    )


def _lab_form(data, lab=None):
    initial = None
    if lab is not None:
        initial = {name: getattr(lab, name) for name in services.LAB_FIELDS}
        if lab.region_id:
            initial["region_name"] = ""
    return forms.LabForm(
        data,
        initial=initial,
        places=org_places.attributable_places(),
        organisations=org_selectors.verified(),
    )


@login_required
def lab_new(request):
    if not permissions.can_manage(request.user):
        raise NotFound()
    form = _lab_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lab_add(actor=request.user, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:labs")
    return render(request, "experts/lab_form.html", {"form": form, "lab": None})


@login_required
def lab_edit(request, pk: int):
    lab = permissions.get_lab_to_manage(request.user, pk)
    form = _lab_form(request.POST or None, lab)
    if request.method == "POST" and form.is_valid():
        try:
            services.lab_update(actor=request.user, lab=lab, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:lab_edit", pk=lab.pk)
    return render(request, "experts/lab_form.html", {"form": form, "lab": lab})


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
