"""A plan's first round, after the import: accounts for the units that have none, the
reporting cycle, and the round opened with every responsible unit told."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.accounts import services as account_services
from luoshi.core.errors import LuoshiError
from luoshi.core.views import apply_errors
from luoshi.core.wizard import first_round_steps
from luoshi.supervision import forms, services, status
from luoshi.supervision.selectors import setup as reads


@login_required
def setup(request, plan_id: int):
    """The last step and the plan's set-up at a glance: who was told, who cannot be."""
    plan = reads.get_plan_to_set_up(viewer=request.user, plan_id=plan_id)
    page = reads.setup_page(viewer=request.user, plan=plan, today=timezone.localdate())
    return render(
        request,
        "supervision/setup.html",
        {**page, "steps": first_round_steps("notify", plan.pk)},
    )


@login_required
@require_POST
def setup_open(request, plan_id: int):
    """Tell the units of the current round (again: only accounts not told yet)."""
    plan = reads.get_plan_to_set_up(viewer=request.user, plan_id=plan_id)
    try:
        opened = services.round_open(actor=request.user, plan=plan)
    except LuoshiError as exc:
        apply_errors(request, exc)
    else:
        messages.success(
            request,
            _("%(users)d account(s) of %(units)d unit(s) were told that the round is open.")
            % {"users": opened.notified_users, "units": opened.notified_units},
        )
    return redirect("supervision:setup", plan.pk)


@login_required
def setup_accounts(request, plan_id: int):
    """Accounts for the plan's units that have none: a reporter and an approver each, with
    one-time sign-in links on a sheet to print (shown once: only the links' hashes are kept)."""
    plan = reads.get_plan_to_set_up(viewer=request.user, plan_id=plan_id)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("units") if v.isdigit()]
        units = reads.units_without_accounts(plan=plan, ids=ids)
        issued = []
        try:
            for unit in units:
                issued += account_services.unit_accounts_create(actor=request.user, unit=unit)
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            if issued:
                links = [
                    (
                        account,
                        request.build_absolute_uri(
                            reverse("accounts:sign_in_link", args=[account.token])
                        ),
                    )
                    for account in issued
                ]
                return render(
                    request,
                    "supervision/setup_sheet.html",
                    {
                        "plan": plan,
                        "links": links,
                        "units": units,
                        "steps": first_round_steps("accounts", plan.pk),
                    },
                )
            messages.info(request, _("No unit was chosen: no account was created."))
        return redirect("supervision:setup_accounts", plan.pk)
    units = reads.plan_units(plan=plan)
    return render(
        request,
        "supervision/setup_accounts.html",
        {
            "plan": plan,
            "units": units,
            "without": [u for u in units if not u.accounts],
            "task_count": reads.setup_page(
                viewer=request.user, plan=plan, today=timezone.localdate()
            )["task_count"],
            "steps": first_round_steps("accounts", plan.pk),
        },
    )


def _quarter_start(today: dt.date) -> dt.date:
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


@login_required
def setup_cycle(request, plan_id: int):
    """The reporting cycle with sensible defaults (quarterly, from this quarter); saving it
    opens the current round and tells every responsible unit."""
    plan = reads.get_plan_to_set_up(viewer=request.user, plan_id=plan_id)
    cycle = status.cycle_of(plan)
    initial = {} if cycle else {"first_period_start": _quarter_start(timezone.localdate())}
    form = forms.CycleForm(request.POST or None, instance=cycle, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_save(actor=request.user, plan=plan, **form.cleaned_data)
            if cycle is not None:
                # A first cycle opens its round itself; a changed one may start a new round.
                services.round_open(actor=request.user, plan=plan)
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            messages.success(request, _("Reporting cycle saved and the round opened."))
            return redirect("supervision:setup", plan.pk)
    page = reads.setup_page(viewer=request.user, plan=plan, today=timezone.localdate())
    return render(
        request,
        "supervision/setup_cycle.html",
        {**page, "form": form, "steps": first_round_steps("cycle", plan.pk)},
    )
