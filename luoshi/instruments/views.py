"""The catalogue, an instrument's page with its calendar and booking form, the bookings
lists, and the owner's instrument form. Thin: parse, call one selector or service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError, NotFound
from luoshi.core.views import apply_errors
from luoshi.instruments import evaluation as evaluation_model
from luoshi.instruments import forms, permissions, selectors, services
from luoshi.organisations import selectors as org_selectors


def _catalogue_reader(request):
    if not permissions.can_view_catalogue(request.user):
        raise NotFound()


@login_required
def catalogue(request):
    _catalogue_reader(request)
    query = forms.CatalogueFilter(request.GET or None)
    filters = query.cleaned_data if query.is_valid() else {}
    rows = selectors.catalogue(
        viewer=request.user,
        q=filters.get("q") or "",
        category=filters.get("category") or "",
        region_id=filters.get("region"),
        fee_kind=filters.get("fee_kind") or "",
        max_price=filters.get("max_price"),
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "instruments/catalogue.html",
        {
            "page": page,
            "query": query,
            "can_offer": permissions.can_offer(request.user),
            "threshold": services.threshold(),
        },
    )


@login_required
def detail(request, pk: int):
    instrument = permissions.get_instrument_for_user(request.user, pk)
    form = forms.BookingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.booking_request(
                    actor=request.user, instrument=instrument, **form.cleaned_data
                )
            except LuoshiError as exc:
                apply_errors(request, exc, form)
            else:
                messages.success(request, _("Requested. The owner will approve or decline it."))
                return redirect("instruments:bookings")
    return render(
        request,
        "instruments/detail.html",
        {
            "instrument": instrument,
            "fees": list(instrument.fees.order_by("kind")),
            "form": form,
            "can_book": permissions.can_book(request.user, instrument),
            "can_manage": permissions.can_manage_instrument(request.user, instrument),
        },
    )


@login_required
def events(request, pk: int):
    instrument = permissions.get_instrument_for_user(request.user, pk)
    now = timezone.now()
    start = parse_datetime(request.GET.get("start", "")[:40]) or now - dt.timedelta(days=31)
    end = parse_datetime(request.GET.get("end", "")[:40]) or now + dt.timedelta(days=62)
    if timezone.is_naive(start):
        start = timezone.make_aware(start)
    if timezone.is_naive(end):
        end = timezone.make_aware(end)
    if end - start > dt.timedelta(days=400):
        end = start + dt.timedelta(days=400)
    return JsonResponse(
        selectors.calendar_events(viewer=request.user, instrument=instrument, start=start, end=end),
        safe=False,
    )


@login_required
def instrument_form(request, pk: int | None = None):
    instrument = permissions.get_instrument_for_user(request.user, pk) if pk else None
    if instrument is not None and not permissions.can_manage_instrument(request.user, instrument):
        raise NotFound()
    if instrument is None and not permissions.can_offer(request.user):
        raise NotFound()
    initial = {}
    if instrument is not None:
        initial = {
            name: getattr(instrument, name)
            for name in services.INSTRUMENT_FIELDS
            if name != "region"
        }
        for fee in instrument.fees.all():
            initial[f"fee_{fee.kind}"] = fee.price
    form = forms.InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields, fees = form.split()
        owner = org_selectors.organisation_of(request.user)
        fields["region"] = owner.region
        try:
            saved = services.instrument_save(
                actor=request.user, owner=owner, instrument=instrument, fees=fees, **fields
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("instruments:detail", pk=saved.pk)
    return render(
        request,
        "instruments/form.html",
        {"form": form, "instrument": instrument, "threshold": services.threshold()},
    )


@login_required
def bookings(request):
    as_owner = request.GET.get("as") == "owner"
    if not (permissions.can_view_all(request.user) or org_selectors.organisation_of(request.user)):
        raise NotFound()
    rows = selectors.bookings_for(viewer=request.user, as_owner=as_owner)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "instruments/bookings.html",
        {
            "page": page,
            "as_owner": as_owner,
            "usage_form": forms.UsageForm(),
            "is_org": org_selectors.organisation_of(request.user) is not None,
            "org_id": getattr(org_selectors.organisation_of(request.user), "pk", None),
        },
    )


_ACTIONS = {
    "approve": services.booking_approve,
    "decline": services.booking_decline,
    "cancel": services.booking_cancel,
    "no_show": services.booking_no_show,
}


@login_required
@require_POST
def booking_act(request, pk: int):
    booking = permissions.get_booking_for_user(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action == "usage":
            form = forms.UsageForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
                return redirect("instruments:bookings")
            services.booking_record_usage(actor=request.user, booking=booking, **form.cleaned_data)
        elif action in _ACTIONS:
            note = forms.DecisionForm(request.POST)
            note.is_valid()
            _ACTIONS[action](
                actor=request.user, booking=booking, note=note.cleaned_data.get("note", "")
            )
        else:
            raise NotFound()
    except LuoshiError as exc:
        apply_errors(request, exc)
    else:
        messages.success(request, _("Recorded."))
    target = "?as=owner" if request.POST.get("as") == "owner" else ""
    return redirect(f"/instruments/bookings/{target}")


def _year(value) -> int:
    try:
        year = int(value or timezone.localdate().year)
    except (TypeError, ValueError):
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@login_required
def evaluation(request):
    if not permissions.can_evaluate(request.user):
        raise NotFound()
    year = _year(request.GET.get("year"))
    return render(
        request,
        "instruments/evaluation.html",
        {
            "rows": evaluation_model.evaluate(viewer=request.user, year=year),
            "year": year,
            "years": range(timezone.localdate().year, 2019, -1),
        },
    )


@login_required
def evaluation_xlsx(request, year: int):
    if not permissions.can_evaluate(request.user):
        raise NotFound()
    year = _year(year)
    rows = evaluation_model.evaluate(viewer=request.user, year=year)
    response = HttpResponse(
        evaluation_model.evaluation_xlsx(rows, year=year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="instrument-sharing-{year}.xlsx"'
    return response
