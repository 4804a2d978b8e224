"""Official documents: drafts to read, issuing (numbered and kept), the issued list, and
what the public page lists. Thin: parse, call one selector or service, answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from luoshi.assessment import documents, forms, permissions, services
from luoshi.assessment.models import IssuedDocument
from luoshi.assessment.selectors import documents as reads
from luoshi.assessment.selectors import scheme as scheme_reads
from luoshi.assessment.views.common import docx, fail
from luoshi.core.errors import LuoshiError, NotFound
from luoshi.plans import permissions as plan_permissions
from luoshi.supervision import permissions as supervision_permissions


def _plan(request, plan_id: int):
    plan = plan_permissions.get_plan_for_user(request.user, plan_id)
    if not permissions.can_read_documents(request.user, plan):
        raise NotFound()
    return plan


def _asked_pk(request, name: str) -> int:
    """The id a draft (GET) or an issue (POST) names, or 0."""
    try:
        return int(request.GET.get(name) or request.POST.get(name) or 0)
    except ValueError:
        return 0


def _period(request, plan):
    pk = _asked_pk(request, "period")
    if not pk:
        return None
    period = supervision_permissions.get_period_for_user(request.user, pk)
    if period.plan_id != plan.pk:
        raise NotFound()
    return period


def _scheme(request, plan):
    pk = _asked_pk(request, "scheme")
    if not pk:
        return None
    scheme = permissions.get_scheme_for_user(request.user, pk)
    if scheme.plan_id != plan.pk:
        raise NotFound()
    return scheme


@login_required
@require_GET
def documents_page(request, plan_id: int):
    plan = _plan(request, plan_id)
    today = timezone.localdate()
    return render(
        request,
        "assessment/documents.html",
        {
            "plan": plan,
            "issued": reads.issued(viewer=request.user, plan=plan),
            "periods": reads.regular_periods(viewer=request.user, plan=plan, today=today),
            "schemes": scheme_reads.schemes_of(viewer=request.user, plan=plan),
            "can_issue": permissions.can_issue(request.user, plan),
            "can_publish": permissions.can_publish(request.user, plan),
            "form": forms.IssueForm(
                initial={
                    "doc_number": reads.next_number(plan=plan, kind="bulletin", year=today.year),
                    "issued_on": today,
                }
            ),
            "kinds": IssuedDocument.Kind.choices,
        },
    )


@login_required
@require_GET
def draft_docx(request, plan_id: int, kind: str):
    """A document as it would be issued now, without a number."""
    plan = _plan(request, plan_id)
    if kind not in IssuedDocument.Kind.values:
        raise NotFound()
    content, _demo, _provisional = documents.build(
        actor=request.user,
        plan=plan,
        kind=kind,
        header=documents.Header(date=timezone.localdate()),
        period=_period(request, plan),
        scheme=_scheme(request, plan),
    )
    return docx(content, _("%(kind)s-draft.docx") % {"kind": kind})


@login_required
@require_POST
def issue(request, plan_id: int):
    plan = _plan(request, plan_id)
    form = forms.IssueForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assessment:documents", plan_id=plan.pk)
    data = form.cleaned_data
    try:
        document = services.document_issue(
            actor=request.user,
            plan=plan,
            kind=data["kind"],
            doc_number=data["doc_number"],
            issued_on=data["issued_on"],
            recipients=data["recipients"],
            period=_period(request, plan),
            scheme=_scheme(request, plan),
        )
    except LuoshiError as exc:
        fail(request, exc)
    else:
        messages.success(request, _("%(number)s is issued.") % {"number": document.doc_number})
    return redirect("assessment:documents", plan_id=plan.pk)


@login_required
@require_GET
def issued_docx(request, pk: int):
    document = permissions.get_document_for_user(request.user, pk)
    return docx(bytes(document.content), f"{document.doc_number}{document.title}.docx")


@login_required
@require_POST
def publish(request, pk: int):
    document = permissions.get_document_for_user(request.user, pk)
    try:
        services.document_publish(
            actor=request.user, document=document, published=request.POST.get("published") == "1"
        )
    except LuoshiError as exc:
        fail(request, exc)
    return redirect("assessment:documents", plan_id=document.plan_id)
