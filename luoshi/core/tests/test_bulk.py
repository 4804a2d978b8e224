"""core.bulk.insert_rows and audit_inserted: what a set-based import writes is what the ORM
would have written, and its audit reads like one audit() per record."""

import datetime as dt
import ipaddress

import pytest
from django.utils import timezone

from luoshi.core.audit import audit, audit_inserted
from luoshi.core.bulk import insert_rows
from luoshi.core.models import AuditEvent
from luoshi.core.testing import query_count
from luoshi.org.models import UnitAlias

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_insert_rows_writes_what_save_writes_json_time_address_and_defaults(coordinator):
    when = timezone.now() - dt.timedelta(days=3)
    values = {
        "actor_id": coordinator.pk,
        "action": "action",
        "verb": "compare",
        "model": "core.sample",
        "object_pk": "7",
        "object_repr": "样例 «7»",
        "changes": {"金额": ["1.50", "2.00"], "list": [1, None, "x"]},
        "ip": "10.0.0.8",
    }
    saved = AuditEvent.objects.create(**values)
    row = dict(values, object_pk="8")
    assert insert_rows(AuditEvent, [row]) == 1
    inserted = AuditEvent.objects.get(model="core.sample", object_pk="8")
    a, b = _fields(saved), _fields(inserted)
    for key in ("id", "object_pk", "at"):
        a.pop(key), b.pop(key)
    assert a == b
    assert ipaddress.ip_address(inserted.ip) == ipaddress.ip_address("10.0.0.8")
    # defaults were filled in place: the row now says what was written
    assert row["request_id"] == "" and row["path"] == "" and row["actor_unit_id"] is None
    assert abs(inserted.at - timezone.now()) < dt.timedelta(minutes=1)
    assert inserted.at > when


def test_insert_rows_takes_one_query_per_five_thousand_rows():
    rows = [
        {"action": "create", "model": "core.n", "object_pk": str(n), "object_repr": f"#{n}"}
        for n in range(6000)
    ]
    count, _sql = query_count(lambda: insert_rows(AuditEvent, rows))
    assert AuditEvent.objects.filter(model="core.n").count() == 6000
    # executemany is one statement per chunk (the driver may count it as one query)
    assert count <= 2
    assert insert_rows(AuditEvent, []) == 0


def test_audit_inserted_reads_like_audit_per_record(coordinator, units):
    alias = UnitAlias.objects.create(
        region=units["kjj"].region, unit=units["kjj"], name="科技局甲", key="科技局甲"
    )
    single = audit(actor=coordinator, action="create", obj=alias, verb="import")
    rows = list(UnitAlias.objects.filter(pk=alias.pk).values())
    audit_inserted(actor=coordinator, model=UnitAlias, rows=rows, verb="import")
    event = AuditEvent.objects.filter(verb="import").exclude(pk=single.pk).get()
    assert (event.actor, event.actor_unit, event.action, event.model, event.object_pk) == (
        single.actor,
        single.actor_unit,
        single.action,
        single.model,
        single.object_pk,
    )
    assert event.changes == single.changes
    assert event.object_repr == single.object_repr


def test_audit_inserted_can_point_at_where_the_values_are_kept(coordinator, units):
    alias = UnitAlias.objects.create(
        region=units["kjj"].region, unit=units["kjj"], name="科技局乙", key="科技局乙"
    )
    rows = list(UnitAlias.objects.filter(pk=alias.pk).values())
    audit_inserted(
        actor=coordinator,
        model=UnitAlias,
        rows=rows,
        verb="imported",
        source=lambda row: {"import": 5, "line": 9, "name": row["name"]},
    )
    event = AuditEvent.objects.get(verb="imported", object_pk=str(alias.pk))
    assert event.changes == {"_extra": {"import": 5, "line": 9, "name": "科技局乙"}}
    assert event.actor == coordinator and event.action == "create"
