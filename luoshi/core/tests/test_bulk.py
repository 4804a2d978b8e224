"""core.bulk.insert_rows, `__among` and audit_created: what a set-based import writes is what
the ORM would have written, and its audit reads like one audit() per record."""

import datetime as dt
import ipaddress

import pytest
from django.db.models import F
from django.utils import timezone

from luoshi.core.audit import (
    RequestInfo,
    audit,
    audit_created,
    reset_request_info,
    set_request_info,
)
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
    # the defaults the row left out were written
    assert (inserted.request_id, inserted.path, inserted.actor_unit_id) == ("", "", None)
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


def test_audit_created_reads_like_audit_per_record(coordinator, units):
    aliases = [
        UnitAlias.objects.create(region=units["kjj"].region, unit=units["kjj"], name=name, key=name)
        for name in ("科技局甲", "科技局乙")
    ]
    single = audit(actor=coordinator, action="create", obj=aliases[0], verb="import")
    token = set_request_info(RequestInfo(request_id="r123", ip="10.0.0.9", path="/imports/"))
    try:
        count, _sql = query_count(
            lambda: audit_created(
                actor=coordinator,
                queryset=UnitAlias.objects.filter(pk__among=[a.pk for a in aliases]),
                verb="imported",
                describe="name",
                source={"import": 5, "name": F("name")},
            )
        )
    finally:
        reset_request_info(token)
    assert count == 1  # one INSERT … SELECT, whatever the number of records
    events = AuditEvent.objects.filter(verb="imported").order_by("object_pk")
    assert [e.object_pk for e in events] == sorted(str(a.pk) for a in aliases)
    for event, alias in zip(events, sorted(aliases, key=lambda a: str(a.pk)), strict=True):
        assert (event.actor, event.actor_unit, event.action, event.model) == (
            single.actor,
            single.actor_unit,
            single.action,
            single.model,
        )
        assert event.object_repr == str(alias) == alias.name
        # constants and the record's own columns, where audit() would put `extra`
        assert event.changes == {"_extra": {"import": 5, "name": alias.name}}
        assert (event.request_id, event.ip, event.path) == ("r123", "10.0.0.9", "/imports/")
        assert abs(event.at - single.at) < dt.timedelta(minutes=1)


def test_audit_created_of_nothing_writes_nothing(coordinator):
    assert (
        audit_created(
            actor=coordinator,
            queryset=UnitAlias.objects.filter(pk__among=[]),
            describe="name",
            source={"import": 1},
        )
        == 0
    )
    assert not AuditEvent.objects.filter(model="org.unitalias").exists()


def test_among_matches_like_in_for_a_long_list(units):
    region = units["kjj"].region
    names = [f"别名{n:05d}" for n in range(0, 40000, 2)]
    insert_rows(
        UnitAlias,
        [{"region_id": region.pk, "unit_id": units["kjj"].pk, "name": n, "key": n} for n in names],
    )
    wanted = [f"别名{n:05d}" for n in range(0, 120000, 3)] + [None]
    found = set(UnitAlias.objects.filter(name__among=wanted).values_list("name", flat=True))
    # 40,000 values: more than SQLite takes as parameters of one query (32,766)
    assert found == {n for n in names if int(n[2:]) % 3 == 0}
    assert len(found) == 6667
    ids = list(UnitAlias.objects.filter(name__in=names[:5]).values_list("pk", flat=True))
    assert UnitAlias.objects.filter(pk__among=ids).count() == 5
    assert not UnitAlias.objects.filter(name__among=[]).exists()


def test_gc_paused_resumes_the_collector_after_the_step_even_when_it_fails():
    import gc

    from luoshi.core.bulk import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()

    @gc_paused()
    def failing():
        assert not gc.isenabled()
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        failing()
    assert gc.isenabled()
    # a caller that paused it itself keeps it paused
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_table_json_field_keeps_each_key_once_and_reads_back_the_rows_it_was_given():
    import json

    from django.db import connection

    from luoshi.core.bulk import CompactJSON, TableJSONField

    field = TableJSONField(encoder=CompactJSON)
    plan = {
        "rows": [
            {"line": n, "name": f"企业{n}", "errors": [], "place": [1, None, "code"]}
            for n in range(2, 500)
        ],
        "withdrawn": [{"id": 3}],
    }
    text = json.dumps(field.get_prep_value(plan), cls=CompactJSON)
    assert text.count('"name"') == 1  # a key once, not once a row
    assert len(text) < len(json.dumps(plan, cls=CompactJSON)) * 0.6
    back = field.from_db_value(text, None, connection)
    assert back == plan
    back["rows"][0]["errors"].append("x")  # each row its own objects
    assert back["rows"][1]["errors"] == []


@pytest.mark.parametrize(
    "value",
    [
        {"rows": [{"a": 1}, {"a": 2, "b": 3}]},  # rows of differing keys
        {"rows": [{"a": 1}, {"b": 2}]},
        {"rows": []},
        {"rows": [1, 2]},
        {"keys": ["x"], "rows": [{"x": 1}]},  # a value that itself has "keys"
        {"other": 1},
        [1, 2],
    ],
)
def test_table_json_field_keeps_other_values_as_they_are(value):
    import json

    from django.db import connection

    from luoshi.core.bulk import TableJSONField

    field = TableJSONField()
    stored = field.get_prep_value(value)
    assert stored == value
    if not (isinstance(value, dict) and "keys" in value):
        assert field.from_db_value(json.dumps(value), None, connection) == value


def test_table_json_field_reads_a_value_kept_before_as_plain_rows():
    import json

    from django.db import connection

    from luoshi.core.bulk import TableJSONField

    old = {"rows": [{"line": 2, "name": "甲"}, {"line": 3, "name": "乙"}], "withdrawn": []}
    assert TableJSONField().from_db_value(json.dumps(old), None, connection) == old
