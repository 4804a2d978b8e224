"""Which plan the pages show: a person's own choice and the office's default for its
directory (read by selectors.current_plan); archiving a plan takes it out of both."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.plans import permissions
from luoshi.plans.models import Plan, PlanChoice


def _require_reader(actor, plan: Plan) -> None:
    if not permissions.plans_visible_to(actor).filter(pk=plan.pk).exists():
        raise PermissionDenied(_("You may not open this plan."))


@transaction.atomic
def current_plan_set(*, actor, plan: Plan) -> PlanChoice:
    """The plan `actor` works on from now on, wherever a page shows one plan."""
    _require_reader(actor, plan)
    if plan.status != Plan.Status.ACTIVE:
        raise ValidationFailed(_("An archived plan cannot be your current plan."))
    choice = PlanChoice.objects.filter(user=actor).first()
    before = snapshot(choice, ["plan"]) if choice else None
    if choice is None:
        choice = PlanChoice.objects.create(user=actor, plan=plan)
    elif choice.plan_id != plan.pk:
        choice.plan = plan
        choice.save(update_fields=["plan", "updated_at"])
    else:
        return choice
    audit(
        actor=actor,
        action="update" if before else "create",
        obj=choice,
        before=before,
        after=snapshot(choice, ["plan"]),
        verb="current_plan_set",
    )
    return choice


@transaction.atomic
def office_default_set(*, actor, plan: Plan) -> PlanChoice:
    """The plan everyone in the plan's directory sees unless they chose another."""
    if actor is not None and not permissions.can_import_plan(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))
    if plan.status != Plan.Status.ACTIVE:
        raise ValidationFailed(_("An archived plan cannot be the default."))
    choice = PlanChoice.objects.filter(region=plan.region).first()
    before = snapshot(choice, ["plan"]) if choice else None
    if choice is None:
        choice = PlanChoice.objects.create(region=plan.region, plan=plan)
    elif choice.plan_id != plan.pk:
        choice.plan = plan
        choice.save(update_fields=["plan", "updated_at"])
    else:
        return choice
    audit(
        actor=actor,
        action="update" if before else "create",
        obj=choice,
        before=before,
        after=snapshot(choice, ["plan"]),
        verb="office_default_set",
    )
    return choice


def keep_default_on_import(*, actor, plan: Plan) -> None:
    """A newly imported plan does not take over what everyone sees: when the directory has
    no default yet, the plan people saw until now (the newest other active one) becomes it.
    Runs in the import's transaction."""
    if PlanChoice.objects.filter(region=plan.region).exists():
        return
    previous = (
        Plan.objects.filter(region=plan.region, status=Plan.Status.ACTIVE)
        .exclude(pk=plan.pk)
        .order_by("-issued_on", "-id")
        .first()
    )
    if previous is None:
        return
    choice = PlanChoice.objects.create(region=plan.region, plan=previous)
    audit(
        actor=actor,
        action="create",
        obj=choice,
        after=snapshot(choice, ["plan", "region"]),
        verb="office_default_keep",
    )


@transaction.atomic
def plan_archive(*, actor, plan: Plan, archived: bool = True) -> Plan:
    """Archive a plan (or bring it back): its data stays, it leaves every default."""
    if actor is not None and not permissions.can_import_plan(actor, plan):
        raise PermissionDenied(_("Only the plan's coordinating office may do this."))
    status = Plan.Status.ARCHIVED if archived else Plan.Status.ACTIVE
    if plan.status == status:
        return plan
    before = snapshot(plan, ["status"])
    plan.status = status
    plan.save(update_fields=["status"])
    if archived:
        for choice in PlanChoice.objects.filter(plan=plan):
            audit(
                actor=actor,
                action="delete",
                obj=choice,
                before=snapshot(choice, ["plan", "user", "region"]),
                verb="plan_archive",
            )
            choice.delete()
    audit(
        actor=actor,
        action="update",
        obj=plan,
        before=before,
        after=snapshot(plan, ["status"]),
        verb="plan_archive" if archived else "plan_restore",
    )
    return plan
