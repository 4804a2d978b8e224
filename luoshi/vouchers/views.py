"""Innovation vouchers: the office's and a firm's home, batch set-up, applying, a voucher's
page (contracts, redemptions), the office's checks and the statistics. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError, NotFound
from luoshi.core.views import apply_errors
from luoshi.organisations import selectors as org_selectors
from luoshi.vouchers import forms, permissions, selectors, services
from luoshi.vouchers.models import Application, Batch, Redemption


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{' '.join(errs)}" if label else " ".join(errs))


@login_required
def home(request):
    if not permissions.can_use(request.user):
        raise NotFound()
    manage = permissions.can_manage(request.user)
    return render(
        request,
        "vouchers/home.html",
        {
            "can_manage": manage,
            "can_apply": permissions.can_apply(request.user),
            "organisation": org_selectors.organisation_of(request.user),
            "batches": selectors.batches(viewer=request.user),
            "applications": selectors.applications(
                viewer=request.user, state=Application.State.SUBMITTED if manage else ""
            )[:100],
            "vouchers": selectors.vouchers(viewer=request.user)[:100],
            "redemptions": selectors.redemptions(
                viewer=request.user,
                states=[Redemption.State.REQUESTED, Redemption.State.CHECKED] if manage else None,
            )[:100],
            "apply_form": forms.ApplicationForm(),
            "decision_form": forms.DecisionForm(),
            "settle_form": forms.SettleForm(),
        },
    )


@login_required
def batch_new(request):
    if not permissions.can_manage(request.user):
        raise NotFound()
    providers = org_selectors.verified(kinds=["provider", "lab", "university", "institute"])
    form = forms.BatchForm(
        request.POST or None,
        providers=providers,
        initial={
            "year": timezone.localdate().year,
            "name": _("%(year)s innovation vouchers") % {"year": timezone.localdate().year},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_create(actor=request.user, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("The batch is open for applications."))
            return redirect("vouchers:home")
    return render(request, "vouchers/batch_form.html", {"form": form})


@login_required
@require_POST
def apply(request, pk: int):
    try:
        batch = permissions.batches_visible_to(request.user).get(pk=pk)
    except (Batch.DoesNotExist, ValueError) as exc:
        raise NotFound() from exc
    form = forms.ApplicationForm(request.POST)
    if form.is_valid():
        try:
            services.application_submit(actor=request.user, batch=batch, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            messages.success(request, _("Applied. The office will decide."))
    else:
        _form_errors(request, form)
    return redirect("vouchers:home")


@login_required
@require_POST
def decide(request, pk: int):
    application = permissions.get_application_for_user(request.user, pk)
    form = forms.DecisionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        if request.POST.get("decision") == "approve":
            voucher = services.application_approve(
                actor=request.user, application=application, amount=data.get("amount")
            )
            messages.success(request, _("Voucher %(number)s issued.") % {"number": voucher.number})
        elif request.POST.get("decision") == "reject":
            services.application_reject(
                actor=request.user, application=application, note=data.get("note", "")
            )
            messages.success(request, _("Recorded."))
        else:
            raise NotFound()
    except LuoshiError as exc:
        apply_errors(request, exc)
    return redirect("vouchers:home")


@login_required
def voucher(request, pk: int):
    item = permissions.get_voucher_for_user(request.user, pk)
    data = selectors.voucher_page(viewer=request.user, voucher=item)
    usable = permissions.can_use_voucher(request.user, item)
    return render(
        request,
        "vouchers/voucher.html",
        {
            **data,
            "can_use": usable,
            "can_manage": permissions.can_manage(request.user),
            "contract_form": forms.ContractForm(
                providers=item.batch.providers.order_by("name"),
                initial={"signed_on": timezone.localdate()},
            )
            if usable
            else None,
            "redemption_form": forms.RedemptionForm() if usable else None,
            "settle_form": forms.SettleForm(),
        },
    )


@login_required
@require_POST
def contract_add(request, pk: int):
    item = permissions.get_voucher_for_user(request.user, pk)
    form = forms.ContractForm(request.POST, providers=item.batch.providers.all())
    if form.is_valid():
        try:
            services.contract_register(actor=request.user, voucher=item, **form.cleaned_data)
        except LuoshiError as exc:
            # The reasons at each field (a provider outside the city…), as messages.
            apply_errors(request, exc, form)
            _form_errors(request, form)
        else:
            messages.success(request, _("Contract recorded."))
    else:
        _form_errors(request, form)
    return redirect("vouchers:voucher", pk=pk)


@login_required
@require_POST
def redeem(request, pk: int, contract: int):
    item = permissions.get_voucher_for_user(request.user, pk)
    try:
        target = item.contracts.get(pk=contract)
    except (ValueError, item.contracts.model.DoesNotExist) as exc:
        raise NotFound() from exc
    form = forms.RedemptionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.redemption_request(actor=request.user, contract=target, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            messages.success(request, _("Redemption asked for. The office will check it."))
    else:
        _form_errors(request, form)
    return redirect("vouchers:voucher", pk=pk)


@login_required
@require_POST
def redemption_act(request, pk: int):
    redemption = permissions.get_redemption_for_user(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "check":
            services.redemption_check(actor=request.user, redemption=redemption)
        elif action == "reject":
            services.redemption_reject(
                actor=request.user, redemption=redemption, note=request.POST.get("note", "")[:500]
            )
        elif action == "settle":
            form = forms.SettleForm(request.POST)
            payee = form.cleaned_data["payee"] if form.is_valid() else ""
            services.redemption_settle(actor=request.user, redemption=redemption, payee=payee)
        else:
            raise NotFound()
    except LuoshiError as exc:
        apply_errors(request, exc)
    else:
        messages.success(request, _("Recorded."))
    return redirect(
        request.POST.get("back") == "voucher"
        and f"/vouchers/{redemption.voucher_id}/"
        or "vouchers:home"
    )


@login_required
def redemption_file(request, pk: int, field: str):
    redemption = permissions.get_redemption_for_user(request.user, pk)
    if field not in ("invoice", "proof") or not getattr(redemption, field):
        raise NotFound()
    return FileResponse(
        getattr(redemption, field).open("rb"),
        as_attachment=True,
        filename=getattr(redemption, f"{field}_name") or field,
    )


@login_required
def statistics(request):
    if not permissions.can_view_all(request.user):
        raise NotFound()
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    return render(
        request,
        "vouchers/statistics.html",
        {"stats": selectors.statistics(viewer=request.user, year=year), "year": year},
    )
