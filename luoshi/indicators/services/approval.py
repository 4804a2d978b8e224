"""Approval of entered values: the supplying unit approves, the office accepts, and either
unlocks with a reason. Each step locks the rows it changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.core.audit import actor_or_none, audit, snapshot
from luoshi.core.errors import Conflict, NotFound, ValidationFailed
from luoshi.indicators import permissions
from luoshi.indicators.models import DataValue
from luoshi.indicators.services.common import require
from luoshi.indicators.services.computed import refresh_for

State = DataValue.State


def _lock_values(values: Iterable[DataValue]) -> list[DataValue]:
    ids = [v.pk for v in values]
    seen_versions = {v.pk: v.version for v in values}
    fresh = list(
        DataValue.objects.select_for_update()
        .select_related("element", "region")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    if len(fresh) != len(set(ids)):
        raise NotFound(_("Some values no longer exist; reload the page."))
    for value in fresh:
        if value.version != seen_versions[value.pk]:
            raise Conflict(
                _("Someone changed %(value)s meanwhile; reload the page.")
                % {"value": value.element.name}
            )
    return fresh


def _transition(
    actor, value: DataValue, new_state: str, *, verb: str, extra=None, **stamps
) -> None:
    if new_state not in DataValue.TRANSITIONS[value.state]:
        raise ValidationFailed(
            _("A value that is %(state)s cannot become %(new)s.")
            % {"state": value.get_state_display(), "new": DataValue.State(new_state).label}
        )
    before = snapshot(value)
    value.state = new_state
    for key, stamp in stamps.items():
        setattr(value, key, stamp)
    value.version += 1
    value.save()
    audit(
        actor=actor,
        action="action",
        obj=value,
        before=before,
        after=snapshot(value),
        verb=verb,
        extra=extra,
    )


@transaction.atomic
def values_approve(*, actor, values: Sequence[DataValue]) -> int:
    """The supplying unit's approver approves draft values; they are locked from now on."""
    fresh = _lock_values(values)
    now = timezone.now()
    for value in fresh:
        require(
            actor,
            permissions.can_approve_value(actor, value),
            _("Only the supplying unit's approver approves its values."),
        )
        _transition(
            actor,
            value,
            State.APPROVED,
            verb="approve",
            approved_by=actor_or_none(actor),
            approved_at=now,
        )
    return len(fresh)


@transaction.atomic
def values_accept(*, actor, values: Sequence[DataValue]) -> int:
    """The coordinating office accepts approved values; the published figures are recomputed."""
    fresh = _lock_values(values)
    now = timezone.now()
    for value in fresh:
        require(
            actor,
            permissions.can_accept_value(actor, value),
            _("Only the coordinating office accepts values."),
        )
        _transition(
            actor,
            value,
            State.ACCEPTED,
            verb="accept",
            accepted_by=actor_or_none(actor),
            accepted_at=now,
        )
    refresh_for(fresh)
    return len(fresh)


@transaction.atomic
def value_unlock(*, actor, value: DataValue, reason: str) -> DataValue:
    """Send an approved or accepted value back to draft; the reason is kept in the audit."""
    (fresh,) = _lock_values([value])
    require(actor, permissions.can_unlock_value(actor, fresh), _("You may not unlock this value."))
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationFailed(
            _("Give the reason for unlocking."), errors={"reason": [_("Give a reason.")]}
        )
    was_accepted = fresh.state == State.ACCEPTED
    _transition(
        actor,
        fresh,
        State.DRAFT,
        verb="unlock",
        extra={"reason": reason, "from": value.state},
        approved_by=None,
        approved_at=None,
        accepted_by=None,
        accepted_at=None,
    )
    if was_accepted:
        refresh_for([fresh])
    return fresh
