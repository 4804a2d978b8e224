"""Writes on organisations: registration, the office's decisions, members.

Every service runs in a transaction, checks permission and state, writes, and records an
audit event. `actor=None` is the system itself (demo loader, commands)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.roles import Role
from luoshi.organisations import files, permissions
from luoshi.organisations.models import (
    Membership,
    Organisation,
    normalise_credit_code,
    validate_credit_code,
)

User = get_user_model()

_USER_HIDDEN = {"password", "last_login"}


def _user_visible(user) -> dict:
    return {k: v for k, v in snapshot(user).items() if k not in _USER_HIDDEN}


def _require(actor, allowed: bool, message: str) -> None:
    if actor is not None and not allowed:
        raise PermissionDenied(message)


def _clean_credit_code(value: str) -> str:
    code = normalise_credit_code(value)
    try:
        validate_credit_code(code)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.messages[0], errors={"credit_code": exc.messages}) from exc
    return code


def _new_person(
    *,
    username: str,
    password: str | None,
    full_name: str,
    phone: str,
    role: Role,
    is_demo: bool,
    validate: bool,
):
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(_("Choose an account name."), errors={"username": [_("Required.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(
            _("This account name is taken."), errors={"username": [_("Already taken.")]}
        )
    user = User(username=username, role=role, full_name=full_name, phone=phone, is_demo=is_demo)
    if password:
        if validate:
            try:
                validate_password(password, user)
            except DjangoValidationError as exc:
                raise ValidationFailed(
                    " ".join(exc.messages), errors={"password": exc.messages}
                ) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def organisation_register(
    *,
    credit_code: str,
    name: str,
    kind: str,
    contact_name: str,
    contact_phone: str,
    username: str,
    password: str | None,
    region=None,
    address: str = "",
    proof=None,
    is_demo: bool = False,
    check_password: bool = True,
) -> Organisation:
    """An organisation registers itself: the organisation (awaiting verification) and its
    first person, the organisation's administrator. The person is the actor of the record."""
    code = _clean_credit_code(credit_code)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Required.")]
    if kind not in Organisation.Kind.values:
        errors["kind"] = [_("Choose a kind.")]
    if not (contact_name or "").strip():
        errors["contact_name"] = [_("Required.")]
    if not (contact_phone or "").strip():
        errors["contact_phone"] = [_("Required.")]
    if errors:
        raise ValidationFailed(_("Some details are missing."), errors=errors)
    if Organisation.objects.filter(credit_code=code).exists():
        raise ValidationFailed(
            _("An organisation with this credit code is already registered."),
            errors={"credit_code": [_("Already registered.")]},
        )
    proof_ext = proof_type = ""
    if proof is not None:
        proof_ext, proof_type = files.check_document(proof, field="proof")
    elif not is_demo:
        raise ValidationFailed(
            _("Attach the proof of registration (business licence or certificate)."),
            errors={"proof": [_("Required.")]},
        )
    person = _new_person(
        username=username,
        password=password,
        full_name=contact_name.strip(),
        phone=contact_phone.strip(),
        role=Role.ORG_ADMIN,
        is_demo=is_demo,
        validate=check_password,
    )
    organisation = Organisation(
        credit_code=code,
        name=name[:200],
        kind=kind,
        region=region,
        contact_name=contact_name.strip()[:60],
        contact_phone=contact_phone.strip()[:30],
        address=(address or "").strip()[:200],
        is_demo=is_demo,
    )
    if proof is not None:
        organisation.proof_name = (proof.name or "proof")[:255]
        organisation.proof_content_type = proof_type
        organisation.proof.save(files.stored_name(proof_ext), proof, save=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            _("An organisation with this credit code is already registered."),
            errors={"credit_code": [_("Already registered.")]},
        ) from exc
    membership = Membership.objects.create(
        user=person, organisation=organisation, role=Membership.Role.ADMIN
    )
    actor = person
    audit(actor=actor, action="create", obj=person, after=_user_visible(person))
    audit(actor=actor, action="create", obj=organisation, verb="register")
    audit(actor=actor, action="create", obj=membership)
    return organisation


def _move(*, actor, organisation: Organisation, to: str, note: str, verb: str) -> Organisation:
    _require(
        actor,
        permissions.can_decide(actor, organisation),
        _("You may not decide on organisations."),
    )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if to not in Organisation.TRANSITIONS.get(organisation.state, set()):
        raise ValidationFailed(
            _("This organisation is %(state)s; that step is not possible now.")
            % {"state": organisation.get_state_display()}
        )
    before = snapshot(organisation)
    organisation.state = to
    organisation.decision_note = (note or "").strip()[:500]
    organisation.decided_by = actor_or_none(actor)
    organisation.decided_at = timezone.now()
    organisation.save()
    audit(
        actor=actor,
        action="update",
        obj=organisation,
        before=before,
        after=snapshot(organisation),
        verb=verb,
    )
    return organisation


@transaction.atomic
def organisation_verify(*, actor, organisation: Organisation, note: str = "") -> Organisation:
    return _move(
        actor=actor,
        organisation=organisation,
        to=Organisation.State.VERIFIED,
        note=note,
        verb="verify",
    )


@transaction.atomic
def organisation_reject(*, actor, organisation: Organisation, note: str) -> Organisation:
    if not (note or "").strip():
        raise ValidationFailed(
            _("Say why the registration is rejected."), errors={"note": [_("Required.")]}
        )
    return _move(
        actor=actor,
        organisation=organisation,
        to=Organisation.State.REJECTED,
        note=note,
        verb="reject",
    )


@transaction.atomic
def organisation_suspend(*, actor, organisation: Organisation, note: str) -> Organisation:
    if not (note or "").strip():
        raise ValidationFailed(_("Say why."), errors={"note": [_("Required.")]})
    return _move(
        actor=actor,
        organisation=organisation,
        to=Organisation.State.SUSPENDED,
        note=note,
        verb="suspend",
    )


@transaction.atomic
def organisation_reinstate(*, actor, organisation: Organisation, note: str = "") -> Organisation:
    return _move(
        actor=actor,
        organisation=organisation,
        to=Organisation.State.VERIFIED,
        note=note,
        verb="reinstate",
    )


@transaction.atomic
def organisation_resubmit(
    *,
    actor,
    organisation: Organisation,
    proof=None,
    contact_name: str = "",
    contact_phone: str = "",
) -> Organisation:
    """A rejected organisation's administrator corrects the details and asks again."""
    membership = permissions.membership_of(actor)
    _require(
        actor,
        membership is not None
        and membership.organisation_id == organisation.pk
        and membership.role == Membership.Role.ADMIN,
        _("Only the organisation's administrator may ask again."),
    )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.state != Organisation.State.REJECTED:
        raise ValidationFailed(_("Only a rejected registration can be handed in again."))
    before = snapshot(organisation)
    if proof is not None:
        ext, content_type = files.check_document(proof, field="proof")
        organisation.proof_name = (proof.name or "proof")[:255]
        organisation.proof_content_type = content_type
        organisation.proof.save(files.stored_name(ext), proof, save=False)
    if contact_name.strip():
        organisation.contact_name = contact_name.strip()[:60]
    if contact_phone.strip():
        organisation.contact_phone = contact_phone.strip()[:30]
    organisation.state = Organisation.State.PENDING
    organisation.save()
    audit(
        actor=actor,
        action="update",
        obj=organisation,
        before=before,
        after=snapshot(organisation),
        verb="resubmit",
    )
    return organisation


@transaction.atomic
def member_add(
    *,
    actor,
    organisation: Organisation,
    username: str,
    password: str | None,
    full_name: str,
    phone: str = "",
    role: str = Membership.Role.MEMBER,
    is_demo: bool = False,
    check_password: bool = True,
) -> Membership:
    """The organisation's administrator gives a colleague an account."""
    _require(
        actor,
        permissions.can_manage_members(actor, organisation),
        _("You may not add people to this organisation."),
    )
    if role not in Membership.Role.values:
        raise ValidationFailed(_("Choose a role."), errors={"role": [_("Choose a role.")]})
    if not (full_name or "").strip():
        raise ValidationFailed(_("Give the person's name."), errors={"full_name": [_("Required.")]})
    person = _new_person(
        username=username,
        password=password,
        full_name=full_name.strip()[:60],
        phone=(phone or "").strip()[:30],
        role=Role.ORG_ADMIN if role == Membership.Role.ADMIN else Role.ORG_MEMBER,
        is_demo=is_demo,
        validate=check_password,
    )
    membership = Membership.objects.create(user=person, organisation=organisation, role=role)
    audit(actor=actor, action="create", obj=person, after=_user_visible(person))
    audit(actor=actor, action="create", obj=membership)
    return membership


@transaction.atomic
def member_remove(*, actor, membership: Membership) -> None:
    """The person's account is deactivated (kept for the audit trail), the membership ended."""
    _require(
        actor,
        permissions.can_manage_members(actor, membership.organisation),
        _("You may not remove people from this organisation."),
    )
    if getattr(actor, "pk", None) == membership.user_id:
        raise ValidationFailed(_("You cannot remove yourself."))
    person = membership.user
    before = _user_visible(person)
    person.is_active = False
    person.save(update_fields=["is_active"])
    audit(
        actor=actor,
        action="update",
        obj=person,
        before=before,
        after=_user_visible(person),
        verb="deactivate",
    )
    audit(actor=actor, action="delete", obj=membership, before=snapshot(membership))
    membership.delete()
