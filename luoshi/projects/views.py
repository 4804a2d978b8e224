"""Project and challenge pages. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from luoshi.core.errors import LuoshiError, NotFound, ValidationFailed
from luoshi.finance import registry
from luoshi.organisations.selectors import verified
from luoshi.projects import experts, forms, permissions, profile, selectors, services
from luoshi.projects.models import Application, Bid, Tranche


def fail(request, exc: LuoshiError) -> None:
    messages.error(request, str(exc))
    if isinstance(exc, ValidationFailed):
        for errors in exc.errors.values():
            for error in errors:
                if error != str(exc):
                    messages.error(request, error)


def _run(request, fn, success: str) -> bool:
    try:
        fn()
    except LuoshiError as exc:
        fail(request, exc)
        return False
    messages.success(request, success)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    user = request.user
    if not permissions.can_view_home(user):
        raise NotFound()
    office = permissions.is_office(user)
    form = forms.CallForm(request.POST or None) if office else None
    if request.method == "POST":
        if not office:
            raise NotFound()
        if form.is_valid():
            if _run(
                request,
                lambda: services.call_create(actor=user, **form.cleaned_data),
                _("The call is saved as a draft."),
            ):
                return redirect("projects:home")
        else:
            messages.error(request, _("Please correct the call."))
    return render(
        request,
        "projects/home.html",
        {
            "calls": selectors.calls(viewer=user),
            "applications": selectors.applications(viewer=user)[:200],
            "projects": selectors.projects(viewer=user)[:200],
            "challenges": selectors.challenges(viewer=user)[:200],
            "is_office": office,
            "can_draft": permissions.can_draft_challenge(user),
            "form": form,
            "organisation": permissions.org_of(user),
        },
    )


@login_required
@require_GET
def call(request, pk: int):
    call = permissions.get_call_for_user(request.user, pk)
    return render(
        request,
        "projects/call.html",
        {
            **selectors.call_page(viewer=request.user, call=call),
            "panel_form": forms.PanelForm(initial={"field_codes": ", ".join(call.field_codes)}),
            "contract_form": forms.ContractForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def call_action(request, pk: int, action: str):
    call = permissions.get_call_for_user(request.user, pk)
    user = request.user
    runs = {
        "open": lambda: services.call_open(actor=user, call=call),
        "close": lambda: services.call_close(actor=user, call=call),
        "publish": lambda: services.call_publish_list(actor=user, call=call),
        "decide": lambda: services.call_decide(actor=user, call=call),
        "draw": lambda: services.panel_draw(
            actor=user,
            call=call,
            field_codes=experts.parse_codes(request.POST.get("field_codes", "")[:500]),
        ),
        "scores": lambda: services.scores_save(
            actor=user, panel=call.panel, sheet=_sheet(request.POST)
        ),
    }
    if action not in runs:
        raise NotFound()
    if action == "scores" and not hasattr(call, "panel"):
        raise NotFound()
    _run(request, runs[action], _("Saved."))
    return redirect("projects:call", pk=call.pk)


def _sheet(post) -> dict[tuple[int, int], str]:
    """Inputs named s-<item id>-<expert id>."""
    sheet = {}
    for key, value in post.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "s" and parts[1].isdigit() and parts[2].isdigit():
            sheet[(int(parts[1]), int(parts[2]))] = value
    return sheet


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk: int):
    call = permissions.get_call_for_user(request.user, pk)
    if not permissions.can_apply(request.user, call):
        raise NotFound()
    org = permissions.org_of(request.user)
    form = forms.ApplicationForm(
        request.POST or None,
        request.FILES or None,
        call=call,
        initial=profile.remembered(org),
        known=registry.knows(org.credit_code),
        offers=selectors.attachment_offers(organisation=org, call=call),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(actor=request.user, call=call, **form.cleaned_data)
        except LuoshiError as exc:
            fail(request, exc)
            # Each refused file's reason also beside its input.
            for field, errors in getattr(exc, "errors", {}).items():
                if field in form.fields:
                    form.add_error(field, errors)
        else:
            messages.success(request, _("The application is submitted."))
            return redirect("projects:home")
    return render(
        request,
        "projects/apply.html",
        {
            "call": call,
            "form": form,
            "profile": profile.profile_of(org, on=timezone.localdate()),
            "organisation": org,
            "max_mb": settings.LUOSHI_MAX_UPLOAD_BYTES // (1024 * 1024),
        },
    )


@login_required
@require_GET
def attachment(request, pk: int):
    """An application's attachment, for the office, the city's leaders and the applicant
    (404 alike for a missing file and one out of reach)."""
    item = permissions.get_attachment_for_user(request.user, pk)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.name,
        content_type=item.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def formal(request, pk: int):
    try:
        application = (
            permissions.applications_visible_to(request.user).select_related("call").get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError):
        raise NotFound() from None
    form = forms.FormalForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.formal_review(
                actor=request.user, application=application, **form.cleaned_data
            ),
            _("Saved."),
        )
    return redirect("projects:call", pk=application.call_id)


@login_required
@require_POST
def contract(request, pk: int):
    try:
        application = (
            permissions.applications_visible_to(request.user).select_related("call").get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError):
        raise NotFound() from None
    form = forms.ContractForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the dates and amounts of the contract."))
        return redirect("projects:call", pk=application.call_id)
    data = form.cleaned_data
    try:
        project = services.contract_sign(
            actor=request.user,
            application=application,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            city_funding=data["city_funding"],
            targets=forms.parse_pairs(data["targets"]),
            tranches=list(forms.parse_pairs(data["tranches"]).items()),
        )
    except LuoshiError as exc:
        fail(request, exc)
        return redirect("projects:call", pk=application.call_id)
    messages.success(request, _("The contract is signed."))
    return redirect("projects:project", pk=project.pk)


@login_required
@require_GET
def project(request, pk: int):
    project = permissions.get_project_for_user(request.user, pk)
    return render(
        request,
        "projects/project.html",
        {
            "project": project,
            "tranches": list(project.tranches.all()),
            "is_office": permissions.is_office(request.user),
            "form": forms.AcceptanceForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def project_action(request, pk: int, action: str):
    project = permissions.get_project_for_user(request.user, pk)
    if action == "accept":
        form = forms.AcceptanceForm(request.POST)
        if form.is_valid():
            data = {
                **form.cleaned_data,
                "achieved": forms.parse_pairs(form.cleaned_data["achieved"]),
            }
            _run(
                request,
                lambda: services.acceptance(actor=request.user, project=project, **data),
                _("Saved."),
            )
        else:
            messages.error(request, _("Choose the check and give the values achieved."))
    elif action == "pay":
        _pay(request, project.tranches)
    else:
        raise NotFound()
    return redirect("projects:project", pk=project.pk)


def _pay(request, tranches) -> None:
    try:
        tranche = tranches.get(pk=int(request.POST.get("tranche", "")))
    except (Tranche.DoesNotExist, ValueError):
        raise NotFound() from None
    _run(
        request,
        lambda: services.tranche_pay(actor=request.user, tranche=tranche, on=timezone.localdate()),
        _("Saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def challenge_new(request):
    if not permissions.can_draft_challenge(request.user):
        raise NotFound()
    office = permissions.is_office(request.user)
    form = forms.ChallengeForm(
        request.POST or None, enterprises=verified(kinds=["enterprise"]), office=office
    )
    if request.method == "POST" and form.is_valid():
        data = {
            **form.cleaned_data,
            "indicators": forms.parse_pairs(form.cleaned_data["indicators"]),
        }
        try:
            challenge = services.challenge_create(actor=request.user, **data)
        except LuoshiError as exc:
            fail(request, exc)
        else:
            messages.success(request, _("The challenge is saved; the office publishes it."))
            return redirect("projects:challenge", pk=challenge.pk)
    return render(request, "projects/challenge_new.html", {"form": form})


@login_required
@require_GET
def challenge(request, pk: int):
    challenge = permissions.get_challenge_for_user(request.user, pk)
    return render(
        request,
        "projects/challenge.html",
        {
            **selectors.challenge_page(viewer=request.user, challenge=challenge),
            "bid_form": forms.BidForm(),
            "panel_form": forms.PanelForm(
                initial={"field_codes": ", ".join(challenge.field_codes)}
            ),
            "sign_form": forms.SignForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def challenge_action(request, pk: int, action: str):
    challenge = permissions.get_challenge_for_user(request.user, pk)
    user = request.user
    if action == "bid":
        form = forms.BidForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: services.bid_submit(actor=user, challenge=challenge, **form.cleaned_data),
                _("Your application is submitted."),
            )
        else:
            messages.error(request, _("Describe the plan, the amount and the leader."))
    elif action == "sign":
        form = forms.SignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Check the contract amount, milestones and date."))
        else:
            data = form.cleaned_data
            try:
                bid = challenge.bids.get(pk=data["bid"])
            except Bid.DoesNotExist:
                raise NotFound() from None
            _run(
                request,
                lambda: services.challenge_sign(
                    actor=user,
                    challenge=challenge,
                    bid=bid,
                    contract_amount=data["contract_amount"],
                    milestones=list(forms.parse_pairs(data["milestones"]).items()),
                    on=data["on"],
                    defence_note=data["defence_note"],
                ),
                _("Signed."),
            )
    elif action == "accept":
        _run(
            request,
            lambda: services.challenge_accept(
                actor=user,
                challenge=challenge,
                achieved=forms.parse_pairs(request.POST.get("achieved", "")),
            ),
            _("Saved."),
        )
    elif action == "pay":
        _pay(request, challenge.milestones)
    else:
        runs = {
            "publish": lambda: services.challenge_publish(actor=user, challenge=challenge),
            "close": lambda: services.challenge_close(actor=user, challenge=challenge),
            "draw": lambda: services.panel_draw(
                actor=user,
                challenge=challenge,
                field_codes=experts.parse_codes(request.POST.get("field_codes", "")[:500]),
            ),
            "scores": lambda: services.scores_save(
                actor=user, panel=challenge.panel, sheet=_sheet(request.POST)
            ),
        }
        if action not in runs or (action == "scores" and not hasattr(challenge, "panel")):
            raise NotFound()
        _run(request, runs[action], _("Saved."))
    return redirect("projects:challenge", pk=challenge.pk)
