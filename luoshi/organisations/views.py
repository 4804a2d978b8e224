"""Registration, the office's verification queue, an organisation's own page. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError, NotFound
from luoshi.core.views import apply_errors
from luoshi.organisations import forms, permissions, selectors, services
from luoshi.organisations.models import Membership, Organisation


def register(request):
    if request.user.is_authenticated:
        return redirect("organisations:mine")
    form = forms.RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = services.organisation_register(
                credit_code=data["credit_code"],
                name=data["name"],
                kind=data["kind"],
                region=data["region"],
                address=data["address"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                username=data["username"],
                password=data["password"],
                proof=data["proof"],
            )
        except LuoshiError as exc:
            apply_errors(request, exc, form)
        else:
            person = organisation.memberships.get().user
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Registered. The office will verify your organisation; you will see it here."),
            )
            return redirect("organisations:mine")
    return render(request, "organisations/register.html", {"form": form})


@login_required
def mine(request):
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        raise NotFound()
    can_manage = permissions.can_manage_members(request.user, organisation)
    return render(
        request,
        "organisations/mine.html",
        {
            "organisation": organisation,
            "members": selectors.members(viewer=request.user, organisation=organisation),
            "can_manage": can_manage,
            "member_form": forms.MemberForm() if can_manage else None,
            "resubmit_form": forms.ResubmitForm()
            if organisation.state == Organisation.State.REJECTED
            else None,
            "me": request.user,
        },
    )


@login_required
@require_POST
def member_add(request):
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        raise NotFound()
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            messages.success(request, _("The account is ready."))
    else:
        for errs in form.errors.values():
            messages.error(request, " ".join(errs))
    return redirect("organisations:mine")


@login_required
@require_POST
def member_remove(request, pk: int):
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        raise NotFound()
    try:
        membership = organisation.memberships.select_related("user", "organisation").get(pk=pk)
    except Membership.DoesNotExist as exc:
        raise NotFound() from exc
    try:
        services.member_remove(actor=request.user, membership=membership)
    except LuoshiError as exc:
        apply_errors(request, exc)
    return redirect("organisations:mine")


@login_required
@require_POST
def resubmit(request):
    organisation = selectors.organisation_of(request.user)
    if organisation is None:
        raise NotFound()
    form = forms.ResubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.organisation_resubmit(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except LuoshiError as exc:
            apply_errors(request, exc)
        else:
            messages.success(request, _("Handed in again for verification."))
    else:
        for errs in form.errors.values():
            messages.error(request, " ".join(errs))
    return redirect("organisations:mine")


@login_required
def queue(request):
    if not permissions.can_view_all(request.user):
        raise NotFound()
    state = request.GET.get("state", Organisation.State.PENDING)
    if state not in Organisation.State.values and state != "all":
        state = Organisation.State.PENDING
    kind = request.GET.get("kind", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    q = request.GET.get("q", "").strip()[:50]
    rows = selectors.queue(
        viewer=request.user, state="" if state == "all" else state, kind=kind, q=q
    )
    return render(
        request,
        "organisations/queue.html",
        {
            "rows": rows[:200],
            "state": state,
            "kind": kind,
            "q": q,
            "counts": selectors.state_counts(viewer=request.user),
            "states": Organisation.State.choices,
            "kinds": Organisation.Kind.choices,
        },
    )


@login_required
def detail(request, pk: int):
    organisation = permissions.get_organisation_for_user(request.user, pk)
    if not permissions.can_view_all(request.user):
        return redirect("organisations:mine")
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "members": selectors.members(viewer=request.user, organisation=organisation),
            "can_decide": permissions.can_decide(request.user, organisation),
            "next_states": Organisation.TRANSITIONS.get(organisation.state, set()),
            "form": forms.DecisionForm(),
        },
    )


_DECISIONS = {
    "verify": services.organisation_verify,
    "reject": services.organisation_reject,
    "suspend": services.organisation_suspend,
    "reinstate": services.organisation_reinstate,
}


@login_required
@require_POST
def decide(request, pk: int):
    organisation = permissions.get_organisation_for_user(request.user, pk)
    action = _DECISIONS.get(request.POST.get("decision", ""))
    form = forms.DecisionForm(request.POST)
    if action is None or not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("organisations:detail", pk=pk)
    try:
        action(actor=request.user, organisation=organisation, note=form.cleaned_data["note"])
    except LuoshiError as exc:
        apply_errors(request, exc)
    else:
        messages.success(request, _("Recorded."))
    return redirect("organisations:detail", pk=pk)


@login_required
def proof_download(request, pk: int):
    organisation = permissions.get_organisation_for_user(request.user, pk)
    if not organisation.proof:
        raise NotFound()
    return FileResponse(
        organisation.proof.open("rb"),
        as_attachment=True,
        filename=organisation.proof_name or "proof",
        content_type=organisation.proof_content_type or "application/octet-stream",
    )
