"""What every projects service shares: permission and state checks, text and target fields."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from luoshi.core.audit import audit, snapshot
from luoshi.core.errors import PermissionDenied, ValidationFailed
from luoshi.projects import permissions

TOLERANCE_CONDITIONS = {
    "procedures": _("The team followed the contract's procedures and reported on time"),
    "funds": _("The funds were used as agreed and are accounted for"),
    "integrity": _("No fraud, plagiarism or falsified data"),
}


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_office(actor) -> None:
    if actor is not None:
        require(permissions.is_office(actor), _("Only the S&T projects office may do this."))


def move(actor, obj, state: str, verb: str, **fields):
    if not obj.can_become(state):
        raise ValidationFailed(
            _("This is %(state)s: it cannot be done now.") % {"state": obj.get_state_display()}
        )
    before = snapshot(obj)
    obj.state = state
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.save()
    audit(actor=actor, action="update", obj=obj, before=before, after=snapshot(obj), verb=verb)
    return obj


def text_field(value, field: str, errors: dict, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("Required.")]
    return value[:limit]


def targets_field(raw: dict, field: str) -> dict[str, str]:
    """{name: number} with at least one entry, names short, numbers finite."""
    clean = {}
    for name, value in (raw or {}).items():
        name = str(name).strip()[:60]
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            number = None
        if not name or number is None or not number.is_finite() or abs(number) > Decimal("1e12"):
            raise ValidationFailed(
                _("Each target needs a name and a number."),
                errors={field: [_("Check the targets.")]},
            )
        clean[name] = str(number)
    if not clean:
        raise ValidationFailed(_("Give at least one target."), errors={field: [_("Required.")]})
    return clean
