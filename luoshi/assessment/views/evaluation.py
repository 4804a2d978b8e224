"""The end of a plan: the final evaluation page, its document, closing the regular rounds
and linking the successor plan. Thin: parse, call one selector or service, answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.assessment import documents, forms, permissions, services
from luoshi.assessment.selectors import evaluation as reads
from luoshi.assessment.views.common import docx, fail
from luoshi.core.errors import LuoshiError, NotFound
from luoshi.plans import permissions as plan_permissions


def _plan(request, plan_id: int):
    plan = plan_permissions.get_plan_for_user(request.user, plan_id)
    if not permissions.can_view_evaluation(request.user, plan):
        raise NotFound()
    return plan


@login_required
@require_GET
def evaluation(request, plan_id: int):
    plan = _plan(request, plan_id)
    data = reads.evaluation_data(viewer=request.user, plan=plan)
    return render(
        request,
        "assessment/evaluation.html",
        {
            **data,
            "item_form": forms.EvaluationItemForm(),
            "summary_form": forms.SummaryForm(
                initial={"summary": data["evaluation"].summary if data["evaluation"] else ""}
            ),
            "successors": reads.successor_choices(viewer=request.user, plan=plan),
        },
    )


def _done(request, plan, call, message: str):
    try:
        call()
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, message)
    return redirect("assessment:evaluation", plan_id=plan.pk)


@login_required
@require_POST
def start(request, plan_id: int):
    plan = _plan(request, plan_id)
    return _done(
        request,
        plan,
        lambda: services.evaluation_start(actor=request.user, plan=plan),
        _("The final evaluation is open."),
    )


@login_required
@require_POST
def item_save(request, pk: int):
    item = reads.get_item_for_user(viewer=request.user, pk=pk)
    form = forms.EvaluationItemForm(request.POST)
    form.is_valid()
    data = form.cleaned_data if form.is_valid() else {}
    return _done(
        request,
        item.evaluation.plan,
        lambda: services.evaluation_item_save(
            actor=request.user,
            item=item,
            result=data.get("result", ""),
            evidence=data.get("evidence", ""),
            assessment=data.get("assessment", ""),
        ),
        _("Saved."),
    )


@login_required
@require_POST
def summary_save(request, plan_id: int):
    plan = _plan(request, plan_id)
    data = reads.evaluation_data(viewer=request.user, plan=plan)
    if data["evaluation"] is None:
        raise NotFound()
    form = forms.SummaryForm(request.POST)
    form.is_valid()
    return _done(
        request,
        plan,
        lambda: services.evaluation_summary_save(
            actor=request.user,
            evaluation=data["evaluation"],
            summary=form.cleaned_data.get("summary", "") if form.is_valid() else "",
        ),
        _("Saved."),
    )


@login_required
@require_POST
def finalise(request, plan_id: int):
    plan = _plan(request, plan_id)
    evaluation = reads.get_evaluation(viewer=request.user, plan=plan)
    return _done(
        request,
        plan,
        lambda: services.evaluation_finalise(actor=request.user, evaluation=evaluation),
        _("The final evaluation is final."),
    )


@login_required
@require_POST
def close_rounds(request, plan_id: int):
    plan = _plan(request, plan_id)
    result = {}

    def call():
        result.update(services.rounds_close(actor=request.user, plan=plan))

    response = _done(request, plan, call, _("The regular rounds are closed."))
    if result:
        messages.info(
            request,
            _(
                "%(removed)s later period(s) removed; %(kept)s kept because reports were sent in them."
            )
            % {"removed": len(result["removed"]), "kept": len(result["kept"])},
        )
    return response


@login_required
@require_POST
def successor(request, plan_id: int):
    plan = _plan(request, plan_id)
    evaluation = reads.get_evaluation(viewer=request.user, plan=plan)
    form = forms.SuccessorForm(request.POST)
    form.is_valid()
    data = form.cleaned_data if form.is_valid() else {}
    chosen = None
    if data.get("successor"):
        chosen = next(
            (
                p
                for p in reads.successor_choices(viewer=request.user, plan=plan)
                if p.pk == data["successor"]
            ),
            None,
        )
        if chosen is None:
            raise NotFound()
    return _done(
        request,
        plan,
        lambda: services.successor_link(
            actor=request.user, evaluation=evaluation, successor=chosen, title=data.get("title", "")
        ),
        _("The successor plan is linked and the open tasks are carried over."),
    )


@login_required
@require_GET
def evaluation_docx(request, plan_id: int):
    plan = _plan(request, plan_id)
    data = reads.evaluation_data(viewer=request.user, plan=plan)
    if data["evaluation"] is None:
        raise NotFound()
    content = documents.final_evaluation(data, documents.Header(date=timezone.localdate()))
    return docx(content, _("final-evaluation-%(plan)s.docx") % {"plan": plan.pk})
