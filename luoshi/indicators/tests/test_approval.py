"""Entered → approved by the unit → accepted by the office. Approved and accepted values
are locked; an unlock needs a reason and is kept in the audit trail."""

from decimal import Decimal

import pytest

from luoshi.core.errors import Conflict, PermissionDenied, ValidationFailed
from luoshi.core.models import AuditEvent
from luoshi.indicators import services
from luoshi.indicators.models import DataValue, IndicatorValue
from luoshi.indicators.tests.helpers import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(catalogue, city, lead_reporter):
    services.values_save(
        actor=lead_reporter,
        unit=catalogue["unit"],
        entries=[entry(catalogue["firms"], city, 2023, 209)],
    )
    return DataValue.objects.get(element=catalogue["firms"], region=city, year=2023)


def _change(value, user, number, catalogue, city):
    return services.values_save(
        actor=user,
        unit=catalogue["unit"],
        entries=[entry(catalogue["firms"], city, 2023, number, version=value.version)],
    )


def test_the_reporter_may_change_a_draft(draft, lead_reporter, catalogue, city):
    _change(draft, lead_reporter, 210, catalogue, city)
    draft.refresh_from_db()
    assert draft.value == Decimal("210") and draft.version == 2


def test_an_approved_value_is_locked(draft, lead_reporter, lead_approver, catalogue, city):
    services.values_approve(actor=lead_approver, values=[draft])
    draft.refresh_from_db()
    assert draft.state == DataValue.State.APPROVED and draft.approved_by == lead_approver
    with pytest.raises(ValidationFailed):
        _change(draft, lead_reporter, 211, catalogue, city)
    draft.refresh_from_db()
    assert draft.value == Decimal("209")


def test_accepting_publishes_the_figure_and_locks_it(
    draft, lead_reporter, lead_approver, coordinator, catalogue, city
):
    services.values_approve(actor=lead_approver, values=[draft])
    draft.refresh_from_db()
    services.values_accept(actor=coordinator, values=[draft])
    draft.refresh_from_db()
    assert draft.state == DataValue.State.ACCEPTED and draft.accepted_by == coordinator
    assert (
        IndicatorValue.objects.get(indicator=catalogue["firm_count"], region=city, year=2023).value
        == 209
    )
    with pytest.raises(ValidationFailed):
        _change(draft, lead_reporter, 1, catalogue, city)


def test_a_draft_cannot_be_accepted_before_approval(draft, coordinator):
    with pytest.raises(ValidationFailed):
        services.values_accept(actor=coordinator, values=[draft])


def test_unlocking_needs_a_reason_and_is_audited(
    draft, lead_approver, coordinator, catalogue, city
):
    services.values_approve(actor=lead_approver, values=[draft])
    draft.refresh_from_db()
    services.values_accept(actor=coordinator, values=[draft])
    draft.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.value_unlock(actor=coordinator, value=draft, reason="  ")
    services.value_unlock(actor=coordinator, value=draft, reason="统计局更正了年报数")
    draft.refresh_from_db()
    assert draft.state == DataValue.State.DRAFT and draft.accepted_at is None
    event = AuditEvent.objects.filter(
        model="indicators.datavalue", object_pk=str(draft.pk), verb="unlock"
    ).get()
    assert event.actor == coordinator
    assert event.changes["_extra"]["reason"] == "统计局更正了年报数"
    assert event.changes["state"] == ["accepted", "draft"]
    # The unpublished figure leaves the computed table.
    assert not IndicatorValue.objects.filter(
        indicator=catalogue["firm_count"], region=city, year=2023, value__isnull=False
    ).exists()


def test_the_unit_approver_may_unlock_an_approved_value_but_not_an_accepted_one(
    draft, lead_approver, coordinator
):
    services.values_approve(actor=lead_approver, values=[draft])
    draft.refresh_from_db()
    services.values_accept(actor=coordinator, values=[draft])
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.value_unlock(actor=lead_approver, value=draft, reason="写错了")


def test_a_stale_version_is_a_conflict_and_changes_nothing(draft, lead_reporter, catalogue, city):
    _change(draft, lead_reporter, 210, catalogue, city)
    with pytest.raises(Conflict):
        _change(draft, lead_reporter, 999, catalogue, city)  # draft still holds version 1
    assert DataValue.objects.get(pk=draft.pk).value == Decimal("210")


def test_approving_a_value_changed_meanwhile_is_a_conflict(
    draft, lead_reporter, lead_approver, catalogue, city
):
    stale = DataValue.objects.get(pk=draft.pk)
    _change(draft, lead_reporter, 210, catalogue, city)
    with pytest.raises(Conflict):
        services.values_approve(actor=lead_approver, values=[stale])


def test_every_step_is_in_the_audit_trail(draft, lead_approver, coordinator):
    services.values_approve(actor=lead_approver, values=[draft])
    draft.refresh_from_db()
    services.values_accept(actor=coordinator, values=[draft])
    verbs = list(
        AuditEvent.objects.filter(model="indicators.datavalue", object_pk=str(draft.pk))
        .order_by("at", "id")
        .values_list("action", "verb")
    )
    assert verbs == [("create", ""), ("action", "approve"), ("action", "accept")]
