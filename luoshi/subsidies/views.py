"""Post-subsidy round pages. Thin: parse, call one selector or service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.core.errors import LuoshiError
from luoshi.core.roles import is_unit_user
from luoshi.enterprises import pipeline as registry_reads
from luoshi.subsidies import exports, forms, permissions, selectors, services
from luoshi.subsidies.models import Round


def _run(request, call, success: str) -> bool:
    try:
        call()
    except LuoshiError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)


def _require_manage(request) -> None:
    if not permissions.can_manage(request.user):
        raise DjangoPermissionDenied


@login_required
def round_list(request):
    if not permissions.can_view(request.user):
        if is_unit_user(request.user):
            # The menu shows the page to every unit: a department without a county or park
            # is told why it is empty rather than refused.
            return render(
                request,
                "core/not_for_your_unit.html",
                {
                    "title": _("R&D post-subsidies"),
                    "explanation": _(
                        "A post-subsidy round shows each county or park government the lines of "
                        "its own firms, and every line to the coordinating office and leaders. "
                        "Your unit has no firms here."
                    ),
                },
            )
        raise DjangoPermissionDenied
    form = forms.RoundForm(
        request.POST or None, initial={"year": timezone.localdate().year, "tiers": "0 5\n500 8"}
    )
    if request.method == "POST":
        _require_manage(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.round_create(actor=request.user, **data)
            except LuoshiError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("subsidies:detail", pk=round_.pk)
    return render(
        request,
        "subsidies/list.html",
        {
            "rounds": selectors.round_list(viewer=request.user),
            "form": form,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@login_required
def round_detail(request, pk: int):
    round_ = permissions.get_round_for_user(request.user, pk)
    return render(
        request,
        "subsidies/detail.html",
        {
            "round": round_,
            "lines": selectors.round_lines(viewer=request.user, round=round_),
            "totals": selectors.round_totals(viewer=request.user, round=round_),
            "can_manage": permissions.can_manage(request.user),
            "can_export": permissions.can_export(request.user),
            "can_object": round_.state == Round.State.PUBLICISED
            and permissions.may_object(request.user),
            "rules_form": forms.RulesForm(
                initial={
                    "base": round_.base,
                    "tiers": forms.tiers_text(round_.tiers),
                    "cap": round_.cap / forms.WAN if round_.cap is not None else None,
                    "budget": round_.budget / forms.WAN if round_.budget is not None else None,
                    "eligible_kinds": round_.eligible_kinds,
                }
            ),
            "line_form": forms.LineForm(),
            "notice_form": forms.NoticeForm(),
            "paid_form": forms.PaidForm(initial={"paid_on": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def rules(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    form = forms.RulesForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.round_set_rules(actor=request.user, round=round_, **form.cleaned_data),
            _("Rules saved; every amount recomputed."),
        )
    else:
        _form_errors(request, form)
    return redirect("subsidies:detail", pk=round_.pk)


@login_required
@require_POST
def line_add(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    form = forms.LineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def call():
            firm = registry_reads.firm_by_code(viewer=request.user, code=data["credit_code"])
            services.line_set(
                actor=request.user,
                round=round_,
                enterprise=firm,
                spending=data["spending"],
                previous=data["previous"],
            )

        _run(request, call, _("Expenses entered; every amount recomputed."))
    else:
        _form_errors(request, form)
    return redirect("subsidies:detail", pk=round_.pk)


@login_required
@require_POST
def line_review(request, pk: int):
    _require_manage(request)
    line = permissions.get_line_for_user(request.user, pk)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.line_review(
                actor=request.user,
                line=line,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            ),
            _("Review recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect(f"/subsidies/{line.round_id}/#line-{line.pk}")


@login_required
@require_POST
def approve_all(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    _run(
        request,
        lambda: services.lines_approve_all(actor=request.user, round=round_),
        _("Every line still to review is approved."),
    )
    return redirect("subsidies:detail", pk=round_.pk)


@login_required
@require_POST
def publicise(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    form = forms.NoticeForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.round_publicise(actor=request.user, round=round_, **form.cleaned_data),
            _("The list is published for public notice."),
        )
    else:
        _form_errors(request, form)
    return redirect("subsidies:detail", pk=round_.pk)


@login_required
@require_POST
def finalise(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    _run(
        request,
        lambda: services.round_finalise(actor=request.user, round=round_),
        _("The round is final; the payment list can be downloaded."),
    )
    return redirect("subsidies:detail", pk=round_.pk)


@login_required
@require_POST
def paid(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    form = forms.PaidForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.round_mark_paid(
                actor=request.user, round=round_, paid_on=form.cleaned_data["paid_on"]
            ),
            _("Payment recorded; the round is locked."),
        )
    else:
        _form_errors(request, form)
    return redirect("subsidies:detail", pk=round_.pk)


@login_required
@require_POST
def objection_raise(request, pk: int):
    line = permissions.get_line_for_user(request.user, pk)
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.objection_raise(
                actor=request.user, line=line, text=form.cleaned_data["text"]
            ),
            _("Objection recorded; the office will answer it."),
        )
    else:
        _form_errors(request, form)
    return redirect(f"/subsidies/{line.round_id}/#line-{line.pk}")


@login_required
@require_POST
def objection_answer(request, pk: int):
    _require_manage(request)
    objection = selectors.get_objection_for_user(request.user, pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.objection_answer(
                actor=request.user,
                objection=objection,
                uphold=data["uphold"],
                answer=data["answer"],
                spending=data["spending"],
                review=data["review"] or None,
            ),
            _("Objection answered."),
        )
    else:
        _form_errors(request, form)
    return redirect(f"/subsidies/{objection.line.round_id}/#line-{objection.line_id}")


@login_required
def notice(request, pk: int):
    """The public notice (公示) list: firms and amounts, printable."""
    round_ = permissions.get_round_for_user(request.user, pk)
    return render(
        request,
        "subsidies/notice.html",
        {
            "round": round_,
            "lines": selectors.round_lines(viewer=request.user, round=round_, only_paid=True),
        },
    )


@login_required
def payment_list(request, pk: int):
    round_ = permissions.get_round_for_user(request.user, pk)
    if not permissions.can_export(request.user):
        raise DjangoPermissionDenied
    if round_.state not in (Round.State.FINAL, Round.State.PAID):
        messages.error(request, _("The payment list is ready once the round is final."))
        return redirect("subsidies:detail", pk=round_.pk)
    data = exports.payment_list_xlsx(
        round_, selectors.round_lines(viewer=request.user, round=round_, only_paid=True)
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="payment-{round_.year}.xlsx"'
    return response


@login_required
def import_upload(request, pk: int):
    _require_manage(request)
    round_ = permissions.get_round_for_user(request.user, pk)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.expenses_import_preview(
                actor=request.user,
                round=round_,
                source=form.cleaned_data["source"],
                file_name=upload.name,
                data=upload.read(),
            )
        except LuoshiError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("subsidies:import_preview", pk=batch.pk)
    return render(request, "subsidies/import.html", {"round": round_, "form": form})


@login_required
def import_preview(request, pk: int):
    batch = selectors.get_import_for_user(request.user, pk)
    if request.method == "POST":
        choices = {}
        for row in batch.plan["rows"]:
            if row["status"] == "ask":
                value = request.POST.get(f"row-{row['line']}", "")
                if value == "skip":
                    choices[row["line"]] = None
                elif value.isdigit():
                    choices[row["line"]] = int(value)
        if _run(
            request,
            lambda: services.expenses_import_commit(
                actor=request.user, batch=batch, choices=choices
            ),
            _("Expenses imported; every amount recomputed."),
        ):
            return redirect("subsidies:detail", pk=batch.round_id)
        return redirect("subsidies:import_preview", pk=batch.pk)
    rows = batch.plan["rows"]
    shown = [r for r in rows if r["status"] != "matched"][:500]
    return render(
        request,
        "subsidies/import_preview.html",
        {"batch": batch, "rows": shown, "hidden": len(rows) - len(shown)},
    )
