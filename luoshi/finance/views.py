"""Technology finance pages. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from luoshi.core.errors import LuoshiError, NotFound, ValidationFailed
from luoshi.finance import forms, permissions, registry, selectors, services


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


def _require_view(user) -> None:
    if not permissions.can_view_home(user):
        raise NotFound()


@login_required
@require_GET
def home(request):
    _require_view(request.user)
    return render(
        request,
        "finance/home.html",
        {
            "loans": selectors.loans(viewer=request.user, state=request.GET.get("state", ""))[:200],
            "pools": selectors.pools(viewer=request.user),
            "claims": selectors.open_claims(viewer=request.user),
            "products": selectors.products(active_only=False)
            if permissions.can_read_all(request.user)
            else [],
            "can_apply": permissions.can_apply(request.user),
            "is_office": permissions.is_office(request.user),
            "can_figures": permissions.can_view_figures(request.user),
            "organisation": permissions.verified_org(request.user),
        },
    )


def _apply_form(data=None, *, known: bool = False):
    return forms.ApplyForm(
        data,
        products=selectors.products(),
        banks=selectors.lenders(),
        backers=selectors.backers(),
        known=known,
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    if not permissions.can_apply(request.user):
        raise NotFound()
    org = permissions.verified_org(request.user)
    form = _apply_form(request.POST or None, known=registry.knows(org.credit_code))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            loan = services.loan_apply(actor=request.user, **data)
        except LuoshiError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The application is with the bank."))
            return redirect("finance:loan", pk=loan.pk)
    return render(
        request, "finance/apply.html", {"form": form, "known": registry.knows(org.credit_code)}
    )


@login_required
@require_GET
def loan(request, pk: int):
    loan = permissions.get_loan_for_user(request.user, pk)
    return render(
        request,
        "finance/loan.html",
        {
            **selectors.loan_page(viewer=request.user, loan=loan),
            "is_lender": permissions.is_lender_of(request.user, loan),
            "is_office": permissions.is_office(request.user),
            "today": timezone.localdate(),
        },
    )


ACTIONS = {"decide", "disburse", "repay", "default", "claim", "recover"}


@login_required
@require_POST
def loan_action(request, pk: int, action: str):
    loan = permissions.get_loan_for_user(request.user, pk)
    if action not in ACTIONS:
        raise NotFound()
    try:
        if action == "decide":
            form = forms.DecideForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(_("Choose approve or decline and a valid amount."))
            services.loan_decide(actor=request.user, loan=loan, **form.cleaned_data)
        elif action == "claim":
            services.claim_file(actor=request.user, loan=loan, note=request.POST.get("note", ""))
        elif action in ("repay", "recover"):
            form = forms.AmountDateForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(_("Enter an amount and a date."))
            if action == "repay":
                data = form.cleaned_data
                services.loan_repay(
                    actor=request.user, loan=loan, amount=data["amount"], on=data["on"]
                )
            else:
                services.pool_recover(actor=request.user, loan=loan, **form.cleaned_data)
        else:
            form = forms.DateForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(_("Enter a date."))
            run = services.loan_disburse if action == "disburse" else services.loan_default
            run(actor=request.user, loan=loan, on=form.cleaned_data["on"])
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("finance:loan", pk=loan.pk)


@login_required
@require_POST
def claim_decide(request, pk: int):
    claim = permissions.get_claim_for_user(request.user, pk)
    form = forms.ClaimDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(_("Choose pay or reject and a date."))
        services.claim_decide(actor=request.user, claim=claim, **form.cleaned_data)
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("finance:loan", pk=claim.loan_id)


@login_required
@require_http_methods(["GET", "POST"])
def pool(request, pk: int):
    pool = permissions.get_pool_for_user(request.user, pk)
    form = forms.AmountDateForm(request.POST or None)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationFailed(_("Enter an amount and a date."))
            services.pool_contribute(actor=request.user, pool=pool, **form.cleaned_data)
        except LuoshiError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("finance:pool", pk=pool.pk)
    return render(
        request,
        "finance/pool.html",
        {**selectors.pool_page(viewer=request.user, pool=pool), "form": form},
    )


@login_required
@require_GET
def figures(request):
    if not permissions.can_view_figures(request.user):
        raise NotFound()
    pick = forms.YearForm(request.GET)
    year = pick.cleaned_data.get("year") if pick.is_valid() else None
    return render(
        request,
        "finance/figures.html",
        {"figures": selectors.figures(viewer=request.user, year=year), "year": year},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk: int | None = None):
    """Create a loan product or change one, with its caps by year (the office)."""
    if not permissions.can_configure(request.user):
        raise NotFound()
    product = permissions.get_product_to_configure(request.user, pk) if pk else None
    initial = (
        {
            "name": product.name,
            "kind": product.kind,
            "accepted_kinds": product.accepted_kinds,
            "tech_sme_lookback": product.tech_sme_lookback,
            "pool": product.pool_id,
            "active": product.active,
            "caps": "\n".join(
                f"{c.year_from}, {c.amount}, {c.max_term_months}" for c in product.caps.all()
            ),
        }
        if product
        else None
    )
    form = forms.ProductForm(request.POST or None, initial=initial, pools=selectors.all_pools())
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(actor=request.user, product=product, **form.cleaned_data)
        except LuoshiError as exc:
            errors_on_form(form, exc)
        else:
            messages.success(request, _("The loan product is saved."))
            return redirect("finance:home")
    return render(
        request,
        "finance/configure.html",
        {"form": form, "title": product.name if product else _("New loan product")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool_edit(request, pk: int | None = None):
    """Create a risk-compensation pool or change its name and shares (the office)."""
    if not permissions.can_configure(request.user):
        raise NotFound()
    pool = permissions.get_pool_to_configure(request.user, pk) if pk else None
    initial = (
        {
            "name": pool.name,
            "pool_share": pool.pool_share,
            "bank_share": pool.bank_share,
            "guarantor_share": pool.guarantor_share,
        }
        if pool
        else None
    )
    form = forms.PoolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pool = services.pool_save(actor=request.user, pool=pool, **form.cleaned_data)
        except LuoshiError as exc:
            errors_on_form(form, exc)
        else:
            messages.success(request, _("The pool is saved."))
            return redirect("finance:pool", pk=pool.pk)
    return render(
        request,
        "finance/configure.html",
        {"form": form, "title": pool.name if pool else _("New risk-compensation pool")},
    )
