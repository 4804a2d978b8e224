"""Writes to accounts."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pypinyin import Style, lazy_pinyin

from luoshi.accounts import permissions
from luoshi.accounts.models import SignInLink, User
from luoshi.core.audit import actor_or_none, audit, snapshot
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


# --- Accounts for a unit, one-time sign-in links, the first password ----------------------------

SIGN_IN_LINK_LIFETIME = dt.timedelta(days=7)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def account_base_name(unit) -> str:
    """The start of a unit's account names: its code, else the pinyin initials of its
    short name (市大数据局 → sdsjj), else unit<id>."""
    if unit.code:
        return unit.code
    letters = "".join(
        ch for ch in "".join(lazy_pinyin(unit.short_name or unit.name, style=Style.FIRST_LETTER))
    ).lower()
    letters = re.sub(r"[^a-z0-9]", "", letters)
    return letters[:20] or f"unit{unit.pk}"


def _free_username(base: str, role: str) -> str:
    name = f"{base}.{role}"
    n = 2
    while User.objects.filter(username=name).exists():
        name = f"{base}{n}.{role}"
        n += 1
    return name


@dataclass
class IssuedAccount:
    """An account and its one-time sign-in token (shown once; only its hash is kept)."""

    user: User
    token: str
    expires_at: dt.datetime


@transaction.atomic
def sign_in_link_issue(*, actor, user: User) -> IssuedAccount:
    """A new one-time sign-in link for `user` (earlier unused links stop working)."""
    if not permissions.can_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this account."))
    now = timezone.now()
    SignInLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    token = secrets.token_urlsafe(32)
    link = SignInLink.objects.create(
        user=user,
        token_hash=_token_hash(token),
        expires_at=now + SIGN_IN_LINK_LIFETIME,
        created_by=actor_or_none(actor),
    )
    if not user.must_change_password:
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
    audit(
        actor=actor,
        action="create",
        obj=link,
        after=snapshot(link, ["user", "expires_at"]),
        verb="sign_in_link_issue",
    )
    return IssuedAccount(user=user, token=token, expires_at=link.expires_at)


@transaction.atomic
def unit_accounts_create(
    *, actor, unit, roles: tuple[str, ...] = (Role.REPORTER, Role.APPROVER)
) -> list[IssuedAccount]:
    """A reporter and an approver for a unit that has none, each with a one-time sign-in
    link; the person chooses a password at the first sign-in. A role the unit already has
    an active account for is skipped."""
    if not permissions.can_manage_user(actor, None):
        raise PermissionDenied(_("You may not create this account."))
    if unit.is_group:
        raise ValidationFailed(_("A group of units has no accounts of its own; its members do."))
    have = set(
        User.objects.filter(unit=unit, is_active=True, role__in=roles).values_list(
            "role", flat=True
        )
    )
    base = account_base_name(unit)
    issued = []
    for role in roles:
        if role in have:
            continue
        user = user_create(
            actor=actor,
            username=_free_username(base, role),
            password=None,
            unit=unit,
            role=role,
            full_name=f"{unit.display_name}{Role(role).label}",
            email=unit.email,
        )
        issued.append(sign_in_link_issue(actor=actor, user=user))
    return issued


@transaction.atomic
def sign_in_link_redeem(*, token: str) -> User:
    """The account a one-time link signs in; the link is spent. An unknown, used or
    expired link raises ValidationFailed (all alike)."""
    link = (
        SignInLink.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    now = timezone.now()
    if (
        link is None
        or link.used_at is not None
        or link.expires_at <= now
        or not link.user.is_active
    ):
        raise ValidationFailed(
            _(
                "This sign-in link is not valid: it was used already or has expired. Ask the office for a new one."
            )
        )
    link.used_at = now
    link.save(update_fields=["used_at"])
    audit(actor=link.user, action="update", obj=link, verb="sign_in_link_use")
    return link.user


@transaction.atomic
def password_choose(*, actor: User, password: str, password2: str) -> User:
    """The person's own password, asked at the first sign-in (and whenever the office set
    the account up for them)."""
    if password != password2:
        raise ValidationFailed(
            _("The two passwords differ."), errors={"password2": [_("The two passwords differ.")]}
        )
    try:
        validate_password(password, actor)
    except DjangoValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), errors={"password": exc.messages}) from exc
    actor.set_password(password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit(actor=actor, action="update", obj=actor, verb="password_choose")
    return actor
