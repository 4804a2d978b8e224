"""Talent card writes: categories and service kinds, an employer's application, the talent
office's review (the card issued with its number and validity), renewal and revocation, and
service requests routed, answered and rated. Each checks permission and state, writes and
records the audit event."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.organisations.models import Organisation
from luoshi.talent import permissions, rules
from luoshi.talent.models import Application, Card, Category, ServiceKind, ServiceRequest


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _office(actor) -> None:
    if actor is not None:
        _require(permissions.is_office(actor), _("Only the talent office may do this."))


def criteria_of(category: Category) -> rules.Criteria:
    return rules.Criteria(
        max_level=category.max_level,
        employer_kinds=frozenset(category.employer_kinds),
        min_salary=category.min_salary,
        titles=frozenset(category.titles),
    )


CRITERIA_LABELS = {
    "level": _("talent level"),
    "employer_kind": _("kind of employer"),
    "salary": _("yearly salary"),
    "title": _("professional title"),
}


# -- configuration -------------------------------------------------------------------------


@transaction.atomic
def category_save(
    *, actor, code: str, name: str, category: Category | None = None, **fields
) -> Category:
    _office(actor)
    allowed = {
        "max_level",
        "employer_kinds",
        "min_salary",
        "titles",
        "validity_years",
        "benefits",
        "active",
        "order",
        "is_demo",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(
            _("Unknown setting(s): %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    errors: dict[str, list[str]] = {}
    for field, value in (("code", code), ("name", name)):
        if not (value or "").strip():
            errors[field] = [_("Required.")]
    code, name = (code or "").strip()[:10], (name or "").strip()[:60]
    if (
        code
        and Category.objects.filter(code=code).exclude(pk=getattr(category, "pk", None)).exists()
    ):
        errors["code"] = [_("Another category has this code.")]
    if any(k not in Organisation.Kind.values for k in fields.get("employer_kinds", [])):
        errors["employer_kinds"] = [_("Choose kinds from the list.")]
    if not 1 <= int(fields.get("validity_years", 3)) <= 10:
        errors["validity_years"] = [_("Between 1 and 10 years.")]
    level = fields.get("max_level")
    if level is not None and not 1 <= int(level) <= 6:
        errors["max_level"] = [_("A level from 1 to 6.")]
    if "min_salary" in fields:
        try:
            fields["min_salary"] = _salary(fields["min_salary"])
        except ValidationFailed:
            errors["min_salary"] = [_("A yearly salary in yuan, not negative.")]
    if "titles" in fields:
        fields["titles"] = [t.strip()[:60] for t in fields["titles"] if t and t.strip()][:30]
    if errors:
        raise ValidationFailed(_("Please correct the category."), errors=errors)
    before = snapshot(category) if category else None
    is_demo = fields.pop("is_demo", False)
    if category is None:
        category = Category.objects.create(code=code, name=name, is_demo=is_demo, **fields)
    else:
        category.code, category.name = code, name
        for key, value in fields.items():
            setattr(category, key, value)
        category.save()
    audit(
        actor=actor,
        action="create" if before is None else "update",
        obj=category,
        before=before,
        after=snapshot(category),
    )
    return category


@transaction.atomic
def service_kind_save(
    *,
    actor,
    code: str,
    name: str,
    unit,
    time_limit_days,
    kind: ServiceKind | None = None,
    only_new: bool = False,
    is_demo: bool = False,
) -> ServiceKind:
    """Create a service kind or change one (`kind`); without `kind`, the row with the same
    code is changed if there is one, unless `only_new` (the page's "new service"). Requests
    already filed keep their unit and due date."""
    _office(actor)
    errors: dict[str, list[str]] = {}
    code, name = (code or "").strip()[:20], (name or "").strip()[:60]
    if not re.fullmatch(r"[-a-zA-Z0-9_]+", code):
        errors["code"] = [_("Letters, digits, hyphens or underscores.")]
    if not name:
        errors["name"] = [_("Required.")]
    if unit is None:
        errors["unit"] = [_("Choose the unit that answers.")]
    try:
        days = int(time_limit_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 365:
        errors["time_limit_days"] = [_("The time limit is between 1 and 365 days.")]
    if kind is None and not only_new:
        kind = ServiceKind.objects.filter(code=code).first()
    elif ServiceKind.objects.filter(code=code).exclude(pk=getattr(kind, "pk", None)).exists():
        errors["code"] = [_("Another service has this code.")]
    if errors:
        raise ValidationFailed(
            errors.get("time_limit_days", [_("Please correct the service.")])[0], errors=errors
        )
    before = snapshot(kind) if kind is not None else None
    if kind is None:
        kind = ServiceKind(is_demo=is_demo)
    kind.code, kind.name, kind.unit, kind.time_limit_days = code, name, unit, days
    kind.save()
    audit(
        actor=actor,
        action="create" if before is None else "update",
        obj=kind,
        before=before,
        after=snapshot(kind),
    )
    return kind


# -- applications and cards -----------------------------------------------------------------


def _salary(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0 or number > Decimal("1e10"):
        raise ValidationFailed(
            _("Enter the yearly salary in yuan."), errors={"salary": [_("Enter a number.")]}
        )
    return number.quantize(Decimal(1))


@transaction.atomic
def application_submit(
    *,
    actor,
    category: Category,
    person_name: str,
    phone: str,
    level: int | None = None,
    title: str = "",
    salary=None,
    is_demo: bool = False,
) -> Application:
    """The employer applies for one of its people; the category's criteria are checked now,
    so the office reviews only applications that can qualify."""
    employer = permissions.employer_of(actor)
    _require(
        employer is not None, _("Only the people of a verified organisation may apply for a card.")
    )
    errors: dict[str, list[str]] = {}
    if not (person_name or "").strip():
        errors["person_name"] = [_("Required.")]
    if not (phone or "").strip():
        errors["phone"] = [_("Required.")]
    if not category.active:
        errors["category"] = [_("This category is not open for applications.")]
    salary = _salary(salary)
    if level is not None and not 1 <= int(level) <= 6:
        errors["level"] = [_("A level from 1 to 6.")]
    if errors:
        raise ValidationFailed(_("The application cannot be submitted."), errors=errors)
    missing = rules.unmet(
        criteria_of(category),
        rules.Person(
            level=level, employer_kind=employer.kind, salary=salary, title=(title or "").strip()
        ),
    )
    if missing:
        raise ValidationFailed(
            _("The person does not meet this category's criteria: %(what)s.")
            % {"what": "、".join(str(CRITERIA_LABELS[m]) for m in missing)},
            errors={m: [_("Not met.")] for m in missing},
        )
    application = Application.objects.create(
        category=category,
        employer=employer,
        person_name=person_name.strip()[:60],
        phone=phone.strip()[:30],
        level=level,
        title=(title or "").strip()[:60],
        salary=salary,
        submitted_by=actor_or_none(actor),
        is_demo=is_demo,
    )
    audit(actor=actor, action="create", obj=application, verb="talent_apply")
    return application


def _next_number(year: int) -> str:
    prefix = f"SZYC{year}"
    last = (
        Card.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:05d}"


@transaction.atomic
def application_decide(
    *, actor, application: Application, approve: bool, note: str = "", today: dt.date | None = None
) -> Application:
    """The talent office approves (the card is issued: number SZYC<year><serial>, valid for
    the category's years) or rejects with a reason."""
    _office(actor)
    if application.state != Application.State.SUBMITTED:
        raise ValidationFailed(_("This application is already decided."))
    if not approve and not (note or "").strip():
        raise ValidationFailed(
            _("Give the reason for the rejection."), errors={"note": [_("Required.")]}
        )
    today = today or timezone.localdate()
    before = snapshot(application)
    application.state = Application.State.APPROVED if approve else Application.State.REJECTED
    application.decision_note = (note or "").strip()[:300]
    application.decided_by = actor_or_none(actor)
    application.decided_at = timezone.now()
    application.save()
    audit(
        actor=actor,
        action="update",
        obj=application,
        before=before,
        after=snapshot(application),
        verb="talent_approve" if approve else "talent_reject",
    )
    if approve:
        card = Card.objects.create(
            application=application,
            number=_next_number(today.year),
            category=application.category,
            employer=application.employer,
            holder_name=application.person_name,
            issued_on=today,
            valid_until=rules.valid_until(
                issued_on=today, years=application.category.validity_years
            ),
            is_demo=application.is_demo,
        )
        audit(actor=actor, action="create", obj=card, verb="card_issue")
    return application


@transaction.atomic
def card_renew(*, actor, card: Card, today: dt.date | None = None) -> Card:
    _office(actor)
    if card.state != Card.State.ACTIVE:
        raise ValidationFailed(_("A revoked card is not renewed."))
    today = today or timezone.localdate()
    before = snapshot(card)
    card.valid_until = rules.renewed_until(
        current_until=card.valid_until, today=today, years=card.category.validity_years
    )
    card.save()
    audit(
        actor=actor,
        action="update",
        obj=card,
        before=before,
        after=snapshot(card),
        verb="card_renew",
    )
    return card


@transaction.atomic
def card_revoke(*, actor, card: Card, reason: str) -> Card:
    _office(actor)
    if card.state != Card.State.ACTIVE:
        raise ValidationFailed(_("This card is already revoked."))
    if not (reason or "").strip():
        raise ValidationFailed(
            _("Give the reason for the revocation."), errors={"reason": [_("Required.")]}
        )
    before = snapshot(card)
    card.state = Card.State.REVOKED
    card.revoked_reason = reason.strip()[:300]
    card.save()
    audit(
        actor=actor,
        action="update",
        obj=card,
        before=before,
        after=snapshot(card),
        verb="card_revoke",
    )
    return card


# -- service requests ---------------------------------------------------------------------


@transaction.atomic
def request_file(
    *, actor, card: Card, kind: ServiceKind, description: str, today: dt.date | None = None
) -> ServiceRequest:
    """The employer asks, for its card holder, for a service; the request goes to the kind's
    responsible unit with the kind's time limit."""
    _require(
        permissions.can_file_request(actor, card), _("Only the card holder's employer may ask.")
    )
    today = today or timezone.localdate()
    if not card.usable_on(today):
        raise ValidationFailed(_("The card is not valid today."))
    if not (description or "").strip():
        raise ValidationFailed(_("Say what is asked."), errors={"description": [_("Required.")]})
    request = ServiceRequest.objects.create(
        card=card,
        kind=kind,
        unit=kind.unit,
        description=description.strip()[:2000],
        filed_on=today,
        due_on=rules.due_on(filed_on=today, days=kind.time_limit_days),
        filed_by=actor_or_none(actor),
        is_demo=card.is_demo,
    )
    audit(actor=actor, action="create", obj=request, verb="service_request")
    return request


@transaction.atomic
def request_answer(
    *, actor, request: ServiceRequest, answer: str, today: dt.date | None = None
) -> ServiceRequest:
    _require(
        permissions.can_answer(actor, request),
        _("Only the responsible unit answers an open request."),
    )
    if not (answer or "").strip():
        raise ValidationFailed(_("Write the answer."), errors={"answer": [_("Required.")]})
    before = snapshot(request)
    request.state = ServiceRequest.State.ANSWERED
    request.answer = answer.strip()[:2000]
    request.answered_on = today or timezone.localdate()
    request.answered_by = actor_or_none(actor)
    request.save()
    audit(
        actor=actor,
        action="update",
        obj=request,
        before=before,
        after=snapshot(request),
        verb="service_answer",
    )
    return request


@transaction.atomic
def request_rate(*, actor, request: ServiceRequest, rating: int, note: str = "") -> ServiceRequest:
    _require(
        permissions.can_rate(actor, request),
        _("Only the employer rates an answered request, once."),
    )
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationFailed(_("Rate from 1 to 5."), errors={"rating": [_("From 1 to 5.")]})
    before = snapshot(request)
    request.rating = rating
    request.rating_note = (note or "").strip()[:300]
    request.save()
    audit(
        actor=actor,
        action="update",
        obj=request,
        before=before,
        after=snapshot(request),
        verb="service_rate",
    )
    return request
