"""Writes to accounts."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from luoshi.accounts import permissions
from luoshi.accounts.models import User
from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.core.roles import Role

_HIDDEN = {"password", "last_login"}


def _visible(user: User) -> dict:
    return {k: v for k, v in snapshot(user).items() if k not in _HIDDEN}


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str | None,
    unit=None,
    role: str = Role.REPORTER,
    full_name: str = "",
    email: str = "",
    is_demo: bool = False,
    validate: bool = True,
) -> User:
    """Create an account. `actor=None` is the system itself (bootstrap, demo)."""
    if actor is not None and not permissions.can_manage_user(actor, None):
        if not (
            role == Role.REPORTER
            and unit is not None
            and permissions.can_manage_user(actor, User(unit=unit, role=role))
        ):
            raise PermissionDenied(_("You may not create this account."))
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(
            _("This account name is taken."), errors={"username": [_("Already taken.")]}
        )
    if role != Role.ADMIN and unit is None:
        raise ValidationFailed(
            _("Every account belongs to a unit."), errors={"unit": [_("Required.")]}
        )
    user = User(
        username=username, unit=unit, role=role, full_name=full_name, email=email, is_demo=is_demo
    )
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
    if role == Role.ADMIN:
        user.is_staff = True
        user.is_superuser = True
    user.save()
    audit(actor=actor, action="create", obj=user, after=_visible(user))
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    if not permissions.can_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this account."))
    if (
        "role" in fields
        and fields["role"] != user.role
        and fields["role"] not in permissions.roles_assignable_by(actor)
    ):
        raise PermissionDenied(_("You may not give this role."))
    if (
        "unit" in fields
        and fields["unit"] != user.unit
        and not permissions.can_manage_user(
            actor, User(unit=fields["unit"], role=fields.get("role", user.role))
        )
    ):
        raise PermissionDenied(_("You may not move this account to that unit."))
    if fields.get("role", user.role) != Role.ADMIN and fields.get("unit", user.unit) is None:
        raise ValidationFailed(
            _("Every account belongs to a unit."), errors={"unit": [_("Required.")]}
        )
    before = _visible(user)
    for key, value in fields.items():
        setattr(user, key, value)
    user.save()
    audit(actor=actor, action="update", obj=user, before=before, after=_visible(user))
    return user
