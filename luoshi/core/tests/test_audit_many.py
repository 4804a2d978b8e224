"""audit_many(): an import's writes are audited like single writes, in one insert."""

import pytest

from luoshi.core.audit import audit, audit_many
from luoshi.core.models import AuditEvent
from luoshi.core.testing import query_count
from luoshi.org.models import UnitAlias

pytestmark = pytest.mark.django_db


def test_many_creates_are_recorded_as_one_would_be_in_one_query(coordinator, units):
    aliases = [
        UnitAlias.objects.create(region=units["kjj"].region, unit=units["kjj"], name=n, key=n)
        for n in ("科技局甲", "科技局乙", "科技局丙")
    ]
    single = audit(actor=coordinator, action="create", obj=aliases[0], verb="import")
    count, _sql = query_count(
        lambda: audit_many(actor=coordinator, action="create", objs=aliases, verb="import")
    )
    assert count == 1
    events = AuditEvent.objects.filter(verb="import").exclude(pk=single.pk).order_by("id")
    assert [e.object_pk for e in events] == [str(a.pk) for a in aliases]
    first = events[0]
    assert (first.actor, first.actor_unit, first.model, first.changes) == (
        single.actor,
        single.actor_unit,
        single.model,
        single.changes,
    )
