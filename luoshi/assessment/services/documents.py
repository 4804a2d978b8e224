"""Issuing official documents: the office numbers and dates a document, which is built from
the data of the moment and kept as issued; and decides which issued documents the plan's
public page lists."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.assessment import documents, permissions
from luoshi.assessment.models import FinalEvaluation, IssuedDocument, Scheme
from luoshi.core import cacheversion
from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans.models import Plan
from luoshi.supervision.models import Period

# 发文字号: 机关代字〔年份〕序号号, e.g. 遂科督〔2026〕3号 (GB/T 9704-2012 §7.2.4).
NUMBER = re.compile(r"^\S{1,20}〔(19|20)\d{2}〕[1-9]\d{0,4}号$")


def public_namespace(plan_id: int) -> str:
    """The cache namespace of the plan's public page (luoshi.public)."""
    return f"public-plan-{plan_id}"


@transaction.atomic
def document_issue(
    *,
    actor,
    plan: Plan,
    kind: str,
    doc_number: str,
    issued_on: dt.date | None = None,
    recipients: str = "",
    period: Period | None = None,
    scheme: Scheme | None = None,
) -> IssuedDocument:
    """Number, date and keep a document. The assessment result is issued once the year's
    result is locked, the final evaluation report once the evaluation is final."""
    if actor is not None and not permissions.can_issue(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office issues documents."))
    doc_number = (doc_number or "").strip()
    errors: dict[str, list[str]] = {}
    if not NUMBER.match(doc_number):
        errors["doc_number"] = [
            _("Write the number as organ code〔year〕serial号, e.g. 遂科督〔2026〕3号.")
        ]
    elif IssuedDocument.objects.filter(plan=plan, doc_number=doc_number).exists():
        errors["doc_number"] = [_("This number has been used already.")]
    if kind == IssuedDocument.Kind.ASSESSMENT and (scheme is None or not scheme.locked):
        errors["scheme"] = [_("Only a locked result is issued.")]
    if kind == IssuedDocument.Kind.FINAL:
        evaluation = FinalEvaluation.objects.filter(plan=plan).first()
        if evaluation is None or not evaluation.locked:
            errors["kind"] = [_("Only a final evaluation is issued.")]
    if errors:
        raise ValidationFailed(_("Please correct the document's details."), errors=errors)
    issued_on = issued_on or timezone.localdate()
    header = documents.Header(doc_number=doc_number, date=issued_on, recipients=recipients.strip())
    content, demo, provisional = documents.build(
        actor=actor, plan=plan, kind=kind, header=header, period=period, scheme=scheme
    )
    title = _title(plan, kind, period, scheme)
    document = IssuedDocument.objects.create(
        plan=plan,
        kind=kind,
        title=title[:200],
        doc_number=doc_number,
        issued_on=issued_on,
        period=period if kind == IssuedDocument.Kind.QUARTERLY else None,
        scheme=scheme if kind == IssuedDocument.Kind.ASSESSMENT else None,
        content=content,
        size=len(content),
        is_demo=demo,
        has_provisional=provisional,
        created_by=actor_or_none(actor),
    )
    audit(
        actor=actor,
        action="create",
        obj=document,
        after=snapshot(document, ["plan", "kind", "title", "doc_number", "issued_on"]),
    )
    return document


def _title(plan: Plan, kind: str, period, scheme) -> str:
    from django.utils import translation

    with translation.override(documents.LANGUAGE):
        if kind == IssuedDocument.Kind.QUARTERLY and period is not None:
            return _("Implementation report, %(period)s") % {"period": period.label}
        if kind == IssuedDocument.Kind.ASSESSMENT and scheme is not None:
            return _("Results of the %(year)s target assessment") % {"year": scheme.year}
        return str(IssuedDocument.Kind(kind).label)


@transaction.atomic
def document_publish(*, actor, document: IssuedDocument, published: bool) -> IssuedDocument:
    """List the document on the plan's public page, or take it off."""
    if actor is not None and not permissions.can_publish(actor, document.plan):
        raise PermissionDenied(_("Only the plan's coordinating office decides what is published."))
    if published and document.is_demo:
        raise ValidationFailed(_("A document with demo data is not published."))
    before = snapshot(document, ["published"])
    document.published = published
    document.save(update_fields=["published"])
    audit(
        actor=actor,
        action="update",
        obj=document,
        before=before,
        after=snapshot(document, ["published"]),
        verb="publish" if published else "unpublish",
    )
    transaction.on_commit(lambda: cacheversion.bump(public_namespace(document.plan_id)))
    return document
