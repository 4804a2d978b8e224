"""The yearly assessment pages: the plan's years, one year's rules and results, and the
office's actions on them. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.assessment import documents, forms, permissions, services
from luoshi.assessment.models import Group, Measure, Scheme
from luoshi.assessment.selectors import scheme as reads
from luoshi.assessment.views.common import docx, fail
from luoshi.core.errors import LuoshiError, NotFound
from luoshi.plans import permissions as plan_permissions


@login_required
@require_GET
def home(request):
    """The plan's assessments by year; the newest one shown (or the year asked for)."""
    if not permissions.can_use(request.user):
        raise NotFound()
    pick = forms.PickForm(request.GET)
    pick.is_valid()
    data = reads.home(
        viewer=request.user,
        plan_id=pick.cleaned_data.get("plan"),
        year=pick.cleaned_data.get("year"),
    )
    if data["scheme"] is not None:
        return redirect("assessment:scheme", pk=data["scheme"].pk)
    return render(
        request, "assessment/home.html", {**data, "create_form": forms.SchemeCreateForm()}
    )


@login_required
@require_POST
def scheme_new(request, plan_id: int):
    plan = plan_permissions.get_plan_for_user(request.user, plan_id)
    form = forms.SchemeCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a year between 2000 and 2100."))
        return redirect(reverse("assessment:home") + f"?plan={plan.pk}")
    try:
        scheme = services.scheme_create(
            actor=request.user, plan=plan, year=form.cleaned_data["year"]
        )
    except LuoshiError as exc:
        fail(request, exc)
        return redirect(reverse("assessment:home") + f"?plan={plan.pk}")
    messages.success(
        request, _("The %(year)s assessment is set up as a draft.") % {"year": scheme.year}
    )
    return redirect("assessment:scheme", pk=scheme.pk)


@login_required
@require_GET
def scheme(request, pk: int):
    scheme = permissions.get_scheme_for_user(request.user, pk)
    data = reads.assessment_page(viewer=request.user, scheme=scheme)
    context = {
        **data,
        "schemes": reads.schemes_of(viewer=request.user, plan=scheme.plan),
        "objection_form": forms.ObjectionForm(),
        "answer_form": forms.AnswerForm(),
        "publish_form": forms.PublishForm(),
    }
    if data["can_manage"] and scheme.state != Scheme.State.FINAL:
        context["adjustment_form"] = forms.AdjustmentForm(
            units=reads.responsible_units(scheme=scheme)
        )
    return render(request, "assessment/scheme.html", context)


@login_required
def scheme_rules(request, pk: int):
    """The draft's settings and criteria (weights per list and measure)."""
    scheme = permissions.get_scheme_for_user(request.user, pk)
    if not permissions.can_manage(request.user, scheme.plan):
        raise DjangoPermissionDenied
    goals = reads.numeric_goals(scheme=scheme)
    settings_form = forms.SettingsForm(
        request.POST or None,
        initial={
            "excluded_categories": scheme.excluded_categories,
            "notice_deduction": scheme.notice_deduction,
            "bonus_cap": scheme.bonus_cap,
            "deduction_cap": scheme.deduction_cap,
        },
    )
    if request.method == "POST" and settings_form.is_valid():
        try:
            services.scheme_update(actor=request.user, scheme=scheme, **settings_form.cleaned_data)
            services.criteria_save(
                actor=request.user, scheme=scheme, rows=forms.criteria_rows(request.POST, goals)
            )
        except LuoshiError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The rules are saved."))
            return redirect("assessment:scheme", pk=scheme.pk)
    criteria = reads.criteria_table(scheme=scheme)
    return render(
        request,
        "assessment/rules.html",
        {
            "scheme": scheme,
            "plan": scheme.plan,
            "form": settings_form,
            "criteria": criteria,
            "blank_rows": range(len(criteria), len(criteria) + 4),
            "groups": Group.choices,
            "measures": Measure.choices,
            "goals": goals,
        },
    )


def _scheme_action(request, pk: int, call, done: str):
    scheme = permissions.get_scheme_for_user(request.user, pk)
    try:
        call(scheme)
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, done)
    return redirect("assessment:scheme", pk=scheme.pk)


@login_required
@require_POST
def scheme_publish(request, pk: int):
    form = forms.PublishForm(request.POST)
    form.is_valid()
    until = form.cleaned_data.get("objections_until") if form.is_valid() else None
    return _scheme_action(
        request,
        pk,
        lambda s: services.scheme_publish(actor=request.user, scheme=s, objections_until=until),
        _("The results are published for review; the units are told."),
    )


@login_required
@require_POST
def scheme_recompute(request, pk: int):
    return _scheme_action(
        request,
        pk,
        lambda s: services.scheme_recompute(actor=request.user, scheme=s),
        _("The results are computed again from today's figures."),
    )


@login_required
@require_POST
def scheme_reopen(request, pk: int):
    return _scheme_action(
        request,
        pk,
        lambda s: services.scheme_reopen(actor=request.user, scheme=s),
        _("The assessment is a draft again."),
    )


@login_required
@require_POST
def scheme_lock(request, pk: int):
    return _scheme_action(
        request,
        pk,
        lambda s: services.scheme_lock(actor=request.user, scheme=s),
        _("The result is locked."),
    )


@login_required
@require_POST
def adjustment_add(request, pk: int):
    scheme = permissions.get_scheme_for_user(request.user, pk)
    if not permissions.can_manage(request.user, scheme.plan):
        raise DjangoPermissionDenied
    form = forms.AdjustmentForm(
        request.POST, request.FILES, units=reads.responsible_units(scheme=scheme)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assessment:scheme", pk=scheme.pk)
    return _scheme_action(
        request,
        pk,
        lambda s: services.adjustment_add(actor=request.user, scheme=s, **form.cleaned_data),
        _("Item added."),
    )


@login_required
@require_POST
def adjustment_remove(request, pk: int):
    item = reads.get_adjustment_for_user(viewer=request.user, pk=pk)
    try:
        services.adjustment_remove(actor=request.user, adjustment=item)
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Item removed."))
    return redirect("assessment:scheme", pk=item.scheme_id)


@login_required
@require_GET
def adjustment_evidence(request, pk: int):
    item = reads.get_adjustment_for_user(viewer=request.user, pk=pk)
    if not item.evidence_file:
        raise NotFound()
    return FileResponse(
        item.evidence_file.open("rb"), as_attachment=True, filename=item.evidence_name
    )


@login_required
@require_POST
def objection_file(request, pk: int):
    scheme = permissions.get_scheme_for_user(request.user, pk)
    form = forms.ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what is wrong and why."))
        return redirect("assessment:scheme", pk=scheme.pk)
    return _scheme_action(
        request,
        pk,
        lambda s: services.objection_file(
            actor=request.user, scheme=s, text=form.cleaned_data["text"]
        ),
        _("Your objection is sent to the office."),
    )


@login_required
@require_POST
def objection_answer(request, pk: int):
    objection = reads.get_objection_for_user(viewer=request.user, pk=pk)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the answer the unit will read."))
        return redirect("assessment:scheme", pk=objection.scheme_id)
    try:
        services.objection_answer(
            actor=request.user,
            objection=objection,
            upheld=form.cleaned_data["decision"] == "uphold",
            answer=form.cleaned_data["answer"],
        )
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Answer sent."))
    return redirect("assessment:scheme", pk=objection.scheme_id)


@login_required
@require_GET
def result_docx(request, pk: int):
    """The assessment result (考核结果通报) as a draft for the office and leaders: any state,
    marked as a draft until locked; issue it from the documents page to number it."""
    scheme = permissions.get_scheme_for_user(request.user, pk)
    if not permissions.can_read_documents(request.user, scheme.plan):
        raise NotFound()
    page = reads.assessment_page(viewer=request.user, scheme=scheme)
    content = documents.assessment_result(page, documents.Header())
    return docx(content, _("assessment-%(year)s.docx") % {"year": scheme.year})


@login_required
@require_GET
def legacy_scorecard(request):
    """The scorecard's old address: the assessment of the plan (and year) asked for."""
    pick = forms.PickForm(request.GET)
    pick.is_valid()
    query = "&".join(f"{key}={value}" for key, value in pick.cleaned_data.items() if value)
    return redirect(reverse("assessment:home") + (f"?{query}" if query else ""))
