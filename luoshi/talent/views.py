"""Talent card pages. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from luoshi.core.errors import LuoshiError, NotFound, ValidationFailed
from luoshi.talent import forms, permissions, selectors, services


def fail(request, exc: LuoshiError) -> None:
    messages.error(request, str(exc))
    if isinstance(exc, ValidationFailed):
        for errors in exc.errors.values():
            for error in errors:
                if error != str(exc):
                    messages.error(request, error)


def errors_on_form(form, exc: LuoshiError) -> None:
    """A refused save shown on the form: the message on top, each field's beside it."""
    form.add_error(None, str(exc))
    for field, errors in getattr(exc, "errors", {}).items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_GET
def home(request):
    user = request.user
    if not permissions.can_view_home(user):
        raise NotFound()
    today = timezone.localdate()
    return render(
        request,
        "talent/home.html",
        {
            "applications": selectors.applications(viewer=user)[:200],
            "cards": selectors.cards(viewer=user)[:200],
            "requests": selectors.requests(viewer=user)[:200],
            "is_office": permissions.is_office(user),
            "can_apply": permissions.can_apply(user),
            "stats": selectors.statistics(viewer=user, today=today),
            "categories": selectors.categories(active_only=False)
            if permissions.is_office(user)
            else [],
            "kinds": selectors.service_kinds() if permissions.is_office(user) else [],
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    if not permissions.can_apply(request.user):
        raise NotFound()
    form = forms.ApplicationForm(request.POST or None, categories=selectors.categories())
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(actor=request.user, **form.cleaned_data)
        except LuoshiError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The application is with the talent office."))
            return redirect("talent:home")
    return render(request, "talent/apply.html", {"form": form})


@login_required
@require_POST
def decide(request, pk: int):
    application = permissions.get_application_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Choose approve or reject."))
        services.application_decide(
            actor=request.user, application=application, **form.cleaned_data
        )
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("talent:home")


@login_required
@require_http_methods(["GET", "POST"])
def card(request, pk: int):
    card = permissions.get_card_for_user(request.user, pk)
    form = forms.RequestForm(request.POST or None, kinds=selectors.service_kinds())
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationFailed(_("Choose the service and say what is asked."))
            services.request_file(actor=request.user, card=card, **form.cleaned_data)
        except LuoshiError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The request is with the responsible unit."))
            return redirect("talent:card", pk=card.pk)
    return render(
        request,
        "talent/card.html",
        {
            "card": card,
            "requests": card.requests.select_related("kind", "unit"),
            "form": form,
            "can_file": permissions.can_file_request(request.user, card),
            "is_office": permissions.is_office(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def card_action(request, pk: int, action: str):
    card = permissions.get_card_for_user(request.user, pk)
    try:
        if action == "renew":
            services.card_renew(actor=request.user, card=card)
        elif action == "revoke":
            form = forms.ReasonForm(request.POST)
            services.card_revoke(actor=request.user, card=card, reason=form.data.get("reason", ""))
        else:
            raise NotFound()
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("talent:card", pk=card.pk)


@login_required
@require_GET
def service_request(request, pk: int):
    item = permissions.get_request_for_user(request.user, pk)
    return render(
        request,
        "talent/request.html",
        {
            "item": item,
            "can_answer": permissions.can_answer(request.user, item),
            "can_rate": permissions.can_rate(request.user, item),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def request_action(request, pk: int, action: str):
    item = permissions.get_request_for_user(request.user, pk)
    try:
        if action == "answer":
            form = forms.AnswerForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(_("Write the answer."))
            services.request_answer(
                actor=request.user, request=item, answer=form.cleaned_data["answer"]
            )
        elif action == "rate":
            form = forms.RateForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(_("Rate from 1 to 5."))
            services.request_rate(actor=request.user, request=item, **form.cleaned_data)
        else:
            raise NotFound()
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("talent:request", pk=item.pk)


CATEGORY_FIELDS = (
    "code",
    "name",
    "max_level",
    "employer_kinds",
    "min_salary",
    "titles",
    "validity_years",
    "benefits",
    "order",
    "active",
)


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request, pk: int | None = None):
    """Create a card category or change its eligibility rules (the talent office)."""
    if not permissions.can_configure(request.user):
        raise NotFound()
    category = permissions.get_category_to_configure(request.user, pk) if pk else None
    initial = None
    if category is not None:
        initial = {name: getattr(category, name) for name in CATEGORY_FIELDS}
        initial["titles"] = ", ".join(category.titles)
    form = forms.CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, category=category, **form.cleaned_data)
        except LuoshiError as exc:
            errors_on_form(form, exc)
        else:
            messages.success(request, _("The card category is saved."))
            return redirect("talent:home")
    return render(
        request,
        "talent/configure.html",
        {"form": form, "title": category.name if category else _("New card category")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_kind_edit(request, pk: int | None = None):
    """Create a service kind or change its responsible unit and time limit."""
    if not permissions.can_configure(request.user):
        raise NotFound()
    kind = permissions.get_service_kind_to_configure(request.user, pk) if pk else None
    initial = (
        {
            "code": kind.code,
            "name": kind.name,
            "unit": kind.unit_id,
            "time_limit_days": kind.time_limit_days,
        }
        if kind
        else None
    )
    form = forms.ServiceKindForm(
        request.POST or None, initial=initial, units=selectors.responsible_units()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_kind_save(
                actor=request.user, kind=kind, only_new=kind is None, **form.cleaned_data
            )
        except LuoshiError as exc:
            errors_on_form(form, exc)
        else:
            messages.success(request, _("The service is saved."))
            return redirect("talent:home")
    return render(
        request,
        "talent/configure.html",
        {"form": form, "title": kind.name if kind else _("New service")},
    )
