"""The office turns a plan's public page on or off and decides what it shows."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.assessment import permissions
from luoshi.assessment.services.documents import public_namespace
from luoshi.core import cacheversion
from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans.models import Plan
from luoshi.public.models import PublicPage

FIELDS = ("enabled", "show_targets", "show_tasks", "show_documents", "intro")


@transaction.atomic
def public_page_save(*, actor, plan: Plan, **fields) -> PublicPage:
    if actor is not None and not permissions.can_publish(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office decides what is published."))
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown setting(s): %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if len(fields.get("intro", "") or "") > 2000:
        raise ValidationFailed(
            _("At most 2000 characters."), errors={"intro": [_("At most 2000 characters.")]}
        )
    page, created = PublicPage.objects.get_or_create(plan=plan)
    before = None if created else snapshot(page)
    for key, value in fields.items():
        setattr(page, key, value.strip() if isinstance(value, str) else bool(value))
    page.updated_by = actor_or_none(actor)
    page.save()
    audit(
        actor=actor,
        action="create" if created else "update",
        obj=page,
        before=before,
        after=snapshot(page),
    )
    transaction.on_commit(lambda: cacheversion.bump(public_namespace(plan.pk)))
    return page
