"""Who may do what in supervision.

Roles give capabilities; the object decides the rest:
- the coordinating office of a plan is a COORDINATOR whose unit is the plan's coordinating
  unit (any coordinator when the plan names none); ADMIN may do what the office may;
- a unit's users write their own unit's reports; only its APPROVER signs them off;
- drafts and reports awaiting sign-off are seen by their own unit only; once sent, the
  lead unit(s) of the task, the office and leaders read them;
- the lead unit(s) of a task write the task's consolidation; leaders read everything of
  their own region's plans and write only instructions (批示);
- offices and leaders work within their region (luoshi.org.scope): a plan of another city
  is neither supervised nor read by them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from luoshi.core.errors import NotFound
from luoshi.core.roles import Role, has_capability, role_of
from luoshi.org.scope import Scope, scope_of
from luoshi.plans import permissions as plan_permissions
from luoshi.plans.models import Assignment, Plan
from luoshi.supervision.models import (
    Attachment,
    Consolidation,
    Notification,
    Period,
    SupervisionNotice,
    UnitReport,
)

VIEW_ALL = "view_all"
REVIEW = "review"
MANAGE_CYCLE = "manage_cycle"
MANAGE_MILESTONES = "manage_milestones"
MANAGE_OWN_MILESTONES = "manage_own_milestones"
ISSUE_NOTICE = "issue_notice"
INSTRUCT = "instruct"
WRITE_REPORT = "write_report"
SIGN_OFF = "sign_off"
CONSOLIDATE = "consolidate"
ANSWER_NOTICE = "answer_notice"
VIEW_SCORECARD = "view_scorecard"

_OFFICE = {VIEW_ALL, REVIEW, MANAGE_CYCLE, MANAGE_MILESTONES, ISSUE_NOTICE, VIEW_SCORECARD}
CAPABILITIES = {
    Role.ADMIN: set(_OFFICE),
    Role.COORDINATOR: set(_OFFICE),
    Role.LEADER: {VIEW_ALL, INSTRUCT, VIEW_SCORECARD},
    Role.APPROVER: {WRITE_REPORT, SIGN_OFF, CONSOLIDATE, ANSWER_NOTICE, MANAGE_OWN_MILESTONES},
    Role.REPORTER: {WRITE_REPORT, CONSOLIDATE, ANSWER_NOTICE, MANAGE_OWN_MILESTONES},
}


def _has(user, action: str) -> bool:
    return has_capability(user, CAPABILITIES, action)


def has_any_role_here(user) -> bool:
    """Supervision is government work: people whose role carries no supervision capability
    (an organisation's people) are not shown its pages at all."""
    return bool(CAPABILITIES.get(role_of(user)))


def _scope(user) -> Scope:
    return scope_of(user, unlimited=role_of(user) == Role.ADMIN)


def _leader_of(user, plan: Plan) -> bool:
    """A leader of the region the plan belongs to (or one above it)."""
    return role_of(user) == Role.LEADER and _scope(user).covers(plan.region_id)


# -- the plan's office ------------------------------------------------------------------


def is_office(user, plan: Plan) -> bool:
    """The coordinating office of `plan` (or an administrator)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role != Role.COORDINATOR:
        return False
    if plan.coordinating_unit_id is not None:
        return plan.coordinating_unit_id == user.unit_id
    return _scope(user).covers(plan.region_id)


def office_plans_q(user, prefix: str = "") -> Q:
    """A filter on plans (through `prefix`) the user is the office of."""
    role = role_of(user)
    if role == Role.ADMIN:
        return Q()
    if role == Role.COORDINATOR:
        unassigned = Q(**{f"{prefix}coordinating_unit__isnull": True}) & _scope(user).within_q(
            f"{prefix}region"
        )
        return unassigned | Q(**{f"{prefix}coordinating_unit": user.unit_id})
    return Q(pk__in=[])


def can_view_overview(user, plan: Plan) -> bool:
    return is_office(user, plan) or _leader_of(user, plan)


def can_view_scorecard(user, plan: Plan) -> bool:
    return _has(user, VIEW_SCORECARD) and (is_office(user, plan) or _leader_of(user, plan))


def can_manage_cycle(user, plan: Plan) -> bool:
    return _has(user, MANAGE_CYCLE) and is_office(user, plan)


def can_review(user, plan: Plan) -> bool:
    return _has(user, REVIEW) and is_office(user, plan)


def can_issue_notice(user, plan: Plan) -> bool:
    return _has(user, ISSUE_NOTICE) and is_office(user, plan)


def can_instruct(user, task) -> bool:
    return _has(user, INSTRUCT) and _scope(user).covers(task.plan.region_id)


# -- units and tasks --------------------------------------------------------------------


def has_any_role(user) -> bool:
    """Signed in with a role: enough to open a task or read counts of lights."""
    return role_of(user) is not None


def has_unit_todo(user) -> bool:
    """Reporters and approvers have their unit's to-do list; so do coordinators, whose own
    unit may be assigned tasks too."""
    return bool(getattr(user, "unit_id", None)) and role_of(user) in (
        Role.REPORTER,
        Role.APPROVER,
        Role.COORDINATOR,
    )


def signs_off_reports(user) -> bool:
    """The user signs their unit's reports off (a report awaiting it is theirs to act on)."""
    return _has(user, SIGN_OFF)


def unit_role_on_task(user, task) -> str | None:
    """The user's unit's assignment role on the task (lead / cooperating / implicit) or None."""
    if not getattr(user, "unit_id", None):
        return None
    return (
        Assignment.objects.filter(task=task, unit_id=user.unit_id, active=True)
        .values_list("role", flat=True)
        .first()
    )


def unit_assignment(user, task) -> Assignment | None:
    """The user's unit's assignment on the task, with the unit loaded, or None."""
    if not getattr(user, "unit_id", None):
        return None
    return (
        Assignment.objects.filter(task=task, unit_id=user.unit_id, active=True)
        .select_related("unit")
        .first()
    )


def is_lead_unit(user, task) -> bool:
    return unit_role_on_task(user, task) == Assignment.Role.LEAD


def task_in_period(task, period: Period) -> bool:
    if task.plan_id != period.plan_id or not task.active:
        return False
    return not period.is_adhoc or period.tasks.filter(pk=task.pk).exists()


def can_write_report(user, period: Period, task, unit_role: str | None = None) -> bool:
    """May start or edit the user's own unit's report on `task` in `period`."""
    if not _has(user, WRITE_REPORT):
        return False
    role = unit_role if unit_role is not None else unit_role_on_task(user, task)
    return role is not None and task_in_period(task, period)


def can_edit_report(user, report: UnitReport) -> bool:
    return _has(user, WRITE_REPORT) and report.unit_id == user.unit_id and report.editable


def can_sign_off_report(user, report: UnitReport) -> bool:
    return _has(user, SIGN_OFF) and report.unit_id == user.unit_id and report.editable


def can_hand_in_report(user, report: UnitReport) -> bool:
    return (
        _has(user, WRITE_REPORT)
        and report.unit_id == user.unit_id
        and report.can_become(UnitReport.Status.PENDING)
    )


def can_review_report(user, report: UnitReport) -> bool:
    return can_review(user, report.period.plan) and report.status == UnitReport.Status.SUBMITTED


def can_consolidate(user, task) -> bool:
    return _has(user, CONSOLIDATE) and is_lead_unit(user, task)


def can_edit_consolidation(user, consolidation: Consolidation) -> bool:
    return consolidation.editable and can_consolidate(user, consolidation.task)


def consolidation_needs_sign_off(plan: Plan) -> bool:
    """Whether the plan's cycle sends consolidated reports through the lead unit's approver
    (the default)."""
    cycle = getattr(plan, "reporting_cycle", None)
    return cycle is None or cycle.consolidation_sign_off


def can_hand_in_consolidation(user, consolidation: Consolidation | None, task) -> bool:
    """A lead unit's reporter hands the consolidation to the unit's approver."""
    status = consolidation.status if consolidation is not None else Consolidation.Status.DRAFT
    return (
        can_consolidate(user, task)
        and Consolidation.Status.PENDING in Consolidation.TRANSITIONS[Consolidation.Status(status)]
    )


def can_submit_consolidation(user, task, plan: Plan) -> bool:
    """Sends it to the office: the lead unit's approver, or any of its people when the cycle
    does not ask for the approver's sign-off."""
    if not can_consolidate(user, task):
        return False
    return not consolidation_needs_sign_off(plan) or _has(user, SIGN_OFF)


def can_review_consolidation(user, consolidation: Consolidation) -> bool:
    return (
        can_review(user, consolidation.period.plan)
        and consolidation.status == Consolidation.Status.SUBMITTED
    )


def can_manage_milestones(user, task) -> bool:
    """The office, or the task's lead unit."""
    if _has(user, MANAGE_MILESTONES) and is_office(user, task.plan):
        return True
    return _has(user, MANAGE_OWN_MILESTONES) and is_lead_unit(user, task)


def can_import_milestones(user, plan: Plan) -> bool:
    """May upload a milestone list for `plan` at all (checked before the file is read): the
    office, or a unit leading one of its tasks (each row is then checked against the task)."""
    if _has(user, MANAGE_MILESTONES) and is_office(user, plan):
        return True
    return (
        _has(user, MANAGE_OWN_MILESTONES)
        and Assignment.objects.filter(
            task__plan=plan, unit_id=user.unit_id, role=Assignment.Role.LEAD, active=True
        ).exists()
    )


def can_sign_notice(user, notice: SupervisionNotice) -> bool:
    return (
        _has(user, ANSWER_NOTICE)
        and notice.unit_id == user.unit_id
        and notice.status == SupervisionNotice.Status.ISSUED
    )


def can_answer_notice(user, notice: SupervisionNotice) -> bool:
    return (
        _has(user, ANSWER_NOTICE)
        and notice.unit_id == user.unit_id
        and notice.status == SupervisionNotice.Status.SIGNED
    )


def can_close_notice(user, notice: SupervisionNotice) -> bool:
    return (
        can_issue_notice(user, notice.plan) and notice.status == SupervisionNotice.Status.ANSWERED
    )


# -- visibility -------------------------------------------------------------------------


def _lead_of_task(user, task_ref: str) -> Exists:
    return Exists(
        Assignment.objects.filter(
            task=OuterRef(task_ref), unit_id=user.unit_id, role=Assignment.Role.LEAD, active=True
        )
    )


def reports_visible_to(user) -> QuerySet[UnitReport]:
    role = role_of(user)
    qs = UnitReport.objects.all()
    sent = Q(status__in=UnitReport.SENT)
    if role is None:
        return qs.none()
    if role in (Role.ADMIN, Role.LEADER):
        sent &= _scope(user).within_q("period__plan__region")
        return qs.filter(sent | Q(unit_id=user.unit_id)) if user.unit_id else qs.filter(sent)
    if role == Role.COORDINATOR:
        return qs.filter((sent & office_plans_q(user, "period__plan__")) | Q(unit_id=user.unit_id))
    return qs.filter(Q(unit_id=user.unit_id) | (sent & _lead_of_task(user, "task")))


def can_view_report(user, report: UnitReport) -> bool:
    role = role_of(user)
    if role is None:
        return False
    if report.unit_id == user.unit_id:
        return True
    if report.status not in UnitReport.SENT:
        return False
    if _leader_of(user, report.period.plan) or is_office(user, report.period.plan):
        return True
    return role in (Role.REPORTER, Role.APPROVER) and is_lead_unit(user, report.task)


def get_report_for_user(user, pk: int) -> UnitReport:
    try:
        report = UnitReport.objects.select_related("period__plan", "task__plan", "unit").get(pk=pk)
    except UnitReport.DoesNotExist as exc:
        raise NotFound() from exc
    if not can_view_report(user, report):
        raise NotFound()
    return report


def consolidations_visible_to(user) -> QuerySet[Consolidation]:
    role = role_of(user)
    qs = Consolidation.objects.all()
    if role is None:
        return qs.none()
    if role in (Role.ADMIN, Role.LEADER):
        return qs.filter(
            Q(status__in=Consolidation.SENT) & _scope(user).within_q("period__plan__region")
        )
    if role == Role.COORDINATOR:
        return qs.filter(Q(status__in=Consolidation.SENT) & office_plans_q(user, "period__plan__"))
    # Every unit of the task reads the consolidation once sent; lead units also the draft.
    involved = Exists(
        Assignment.objects.filter(task=OuterRef("task"), unit_id=user.unit_id, active=True)
    )
    return qs.filter(_lead_of_task(user, "task") | (Q(status__in=Consolidation.SENT) & involved))


def can_view_consolidation(user, consolidation: Consolidation) -> bool:
    return consolidations_visible_to(user).filter(pk=consolidation.pk).exists()


def can_view_attachment(user, attachment: Attachment) -> bool:
    if attachment.report_id:
        return can_view_report(user, attachment.report)
    return can_view_consolidation(user, attachment.consolidation)


def get_attachment_for_user(user, pk: int) -> Attachment:
    try:
        attachment = Attachment.objects.select_related(
            "report__period__plan",
            "report__task",
            "consolidation__period__plan",
            "consolidation__task",
        ).get(pk=pk)
    except Attachment.DoesNotExist as exc:
        raise NotFound() from exc
    if not can_view_attachment(user, attachment):
        raise NotFound()
    return attachment


def notices_visible_to(user) -> QuerySet[SupervisionNotice]:
    role = role_of(user)
    qs = SupervisionNotice.objects.all()
    if role is None:
        return qs.none()
    if role in (Role.ADMIN, Role.LEADER):
        return qs.filter(_scope(user).within_q("plan__region"))
    if role == Role.COORDINATOR:
        return qs.filter(office_plans_q(user, "plan__") | Q(unit_id=user.unit_id))
    return qs.filter(unit_id=user.unit_id)


def get_notice_for_user(user, pk: int) -> SupervisionNotice:
    try:
        return notices_visible_to(user).select_related("plan", "task", "unit", "period").get(pk=pk)
    except SupervisionNotice.DoesNotExist as exc:
        raise NotFound() from exc


def notifications_of(user) -> QuerySet[Notification]:
    if role_of(user) is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def plans_visible_to(user) -> QuerySet[Plan]:
    """Plans whose supervision pages the user may open (overview, scorecard)."""
    role = role_of(user)
    qs = Plan.objects.all()
    if role in (Role.ADMIN, Role.LEADER):
        return qs.filter(_scope(user).within_q("region"))
    if role == Role.COORDINATOR:
        return qs.filter(office_plans_q(user))
    return qs.none()


def get_period_for_user(user, pk: int) -> Period:
    """A period of a plan the user may read; what they see in it is filtered."""
    if role_of(user) is None:
        raise NotFound()
    try:
        return (
            Period.objects.filter(plan__in=plan_permissions.plans_visible_to(user))
            .select_related("plan", "plan__reporting_cycle")
            .get(pk=pk)
        )
    except (Period.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
