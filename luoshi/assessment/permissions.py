"""Who may do what in the yearly assessment, the official documents and the end of a plan.

- The plan's coordinating office (supervision's is_office) sets the rules, adds bonus and
  deduction items, publishes results for review, answers objections, locks the result, issues
  and publishes documents, runs the final evaluation, closes the rounds, links a successor
  plan and decides what the public page shows. An administrator may do what the office may.
- Leaders of the plan's region read everything and write nothing.
- A unit's reporters and approvers read their own unit's result once it is published for
  review and object to it while objections are open; once final, every unit of the plan's
  region reads the whole ranking.
- Offices and leaders of another region see nothing of this plan's assessment.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from luoshi.assessment.models import IssuedDocument, Objection, Scheme
from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability, role_of
from luoshi.plans import permissions as plan_permissions
from luoshi.plans.models import Plan
from luoshi.supervision import permissions as supervision

VIEW = "view_assessment"
MANAGE = "manage_assessment"
OBJECT = "file_objection"
DOCUMENTS = "read_documents"
ISSUE = "issue_documents"
EVALUATE = "final_evaluation"
PUBLISH = "publish"

_OFFICE = {VIEW, MANAGE, DOCUMENTS, ISSUE, EVALUATE, PUBLISH}
CAPABILITIES = {
    Role.ADMIN: set(_OFFICE),
    Role.COORDINATOR: set(_OFFICE),
    Role.LEADER: {VIEW, DOCUMENTS},
    Role.APPROVER: {VIEW, OBJECT},
    Role.REPORTER: {VIEW, OBJECT},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def can_use(user) -> bool:
    """Government roles only: organisation people have no assessment."""
    return _has(user, VIEW)


def is_office(user, plan: Plan) -> bool:
    return supervision.is_office(user, plan)


def _leader_of(user, plan: Plan) -> bool:
    return role_of(user) == Role.LEADER and supervision.can_view_overview(user, plan)


def _unit_user(user) -> bool:
    return role_of(user) in (Role.REPORTER, Role.APPROVER) and bool(getattr(user, "unit_id", None))


def _reads_plan(user, plan: Plan) -> bool:
    return (
        plan_permissions.can_view_plan(user, plan)
        and plan_permissions.plans_visible_to(user).filter(pk=plan.pk).exists()
    )


# -- the assessment ----------------------------------------------------------------------


def can_manage(user, plan: Plan) -> bool:
    """Set the rules, add items, publish, recompute, answer objections, lock."""
    return _has(user, MANAGE) and is_office(user, plan)


def can_view_all(user, plan: Plan) -> bool:
    """Every unit's calculation, whatever the state: the office and the region's leaders."""
    return _has(user, VIEW) and (is_office(user, plan) or _leader_of(user, plan))


def can_view_scheme(user, scheme: Scheme) -> bool:
    """The office and leaders always; under review, the units assessed (each reads its own
    line); once final, every unit of the plan's region (the result is announced to all)."""
    if can_view_all(user, scheme.plan):
        return True
    if not (_has(user, VIEW) and _unit_user(user) and scheme.frozen):
        return False
    if not _reads_plan(user, scheme.plan):
        return False
    return scheme.locked or scheme.results.filter(unit_id=user.unit_id).exists()


def can_view_line(user, scheme: Scheme, unit_id: int) -> bool:
    """A unit's calculation: the office and leaders always; the unit itself once published;
    every unit of the plan once final."""
    if can_view_all(user, scheme.plan):
        return True
    if not can_view_scheme(user, scheme):
        return False
    return scheme.locked or user.unit_id == unit_id


def can_object(user, scheme: Scheme, unit_id: int, today) -> bool:
    return (
        _has(user, OBJECT)
        and getattr(user, "unit_id", None) == unit_id
        and scheme.state == Scheme.State.REVIEW
        and (scheme.objections_until is None or today <= scheme.objections_until)
        and _reads_plan(user, scheme.plan)
    )


def can_answer(user, objection: Objection) -> bool:
    return can_manage(user, objection.scheme.plan)


def schemes_visible_to(user) -> QuerySet[Scheme]:
    if not _has(user, VIEW):
        return Scheme.objects.none()
    plans = plan_permissions.plans_visible_to(user)
    schemes = Scheme.objects.filter(plan__in=plans)
    if _unit_user(user):
        # the same rule as can_view_scheme, as a query: a unit reads a scheme once it is
        # published, its own line under review and every line once final
        schemes = (
            schemes.exclude(state=Scheme.State.DRAFT)
            .filter(Q(state=Scheme.State.FINAL) | Q(results__unit_id=user.unit_id))
            .distinct()
        )
    return schemes


def get_scheme_for_user(user, pk) -> Scheme:
    try:
        scheme = schemes_visible_to(user).select_related("plan", "plan__region").get(pk=pk)
    except (Scheme.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not can_view_scheme(user, scheme):
        raise NotFound()
    return scheme


# -- documents ---------------------------------------------------------------------------


def can_read_documents(user, plan: Plan) -> bool:
    """Draft and issued documents: the office and the region's leaders."""
    return _has(user, DOCUMENTS) and (is_office(user, plan) or _leader_of(user, plan))


def can_issue(user, plan: Plan) -> bool:
    return _has(user, ISSUE) and is_office(user, plan)


def get_document_for_user(user, pk) -> IssuedDocument:
    try:
        document = IssuedDocument.objects.select_related("plan").get(pk=pk)
    except (IssuedDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    if not can_read_documents(user, document.plan):
        raise NotFound()
    return document


# -- the end of the plan and the public page -------------------------------------------


def can_evaluate(user, plan: Plan) -> bool:
    """Run the final evaluation, close the rounds, link a successor plan."""
    return _has(user, EVALUATE) and is_office(user, plan)


def can_view_evaluation(user, plan: Plan) -> bool:
    return can_evaluate(user, plan) or (_has(user, DOCUMENTS) and _leader_of(user, plan))


def can_publish(user, plan: Plan) -> bool:
    """Decide what the plan's public page shows and which documents it lists."""
    return _has(user, PUBLISH) and is_office(user, plan)


def can_view_all_any(user) -> bool:
    """An office or a leader (of some region): they start from the plans they supervise."""
    return role_of(user) in (Role.ADMIN, Role.COORDINATOR, Role.LEADER)
