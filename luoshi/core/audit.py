"""audit(): the one way every service records a write.

Services call `audit(...)` inside their transaction after writing; the request
(who, address, path, request id) comes from the context RequestContextMiddleware
sets, so commands and tests that pass `actor` explicitly are attributed too.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import F, Value
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast, JSONObject, Substr
from django.utils import timezone

from luoshi.core.models import AuditEvent


@dataclass(frozen=True)
class RequestInfo:
    request_id: str
    ip: str | None
    path: str


_current_request: contextvars.ContextVar[RequestInfo | None] = contextvars.ContextVar(
    "luoshi_request", default=None
)


def set_request_info(info: RequestInfo | None) -> contextvars.Token:
    return _current_request.set(info)


def reset_request_info(token: contextvars.Token) -> None:
    _current_request.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex[:16]


def _plain(value: Any) -> Any:
    if value is None or type(value) in _AS_IS:
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):
        # An empty file field raises on .url, so only its name is recorded.
        return value.name or None
    return value


_AS_IS = frozenset({str, int, bool, float})


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Concrete field values of `obj` (foreign keys as ids), for before/after diffs."""
    result = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        result[field.name] = _plain(getattr(obj, field.attname))
    return result


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value differs."""
    before = before or {}
    after = after or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def actor_or_none(actor):
    """The person acting, or None for the system (a command, a background task, a test
    without a person): the one rule every `created_by`/`updated_by` and audit event uses."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _event(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    verb: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    if action == AuditEvent.Action.CREATE and after is None:
        after = snapshot(obj)
    changes: dict[str, Any] = diff(before, after)
    if extra:
        changes["_extra"] = _plain(extra)
    info = _current_request.get()
    actor_obj = actor_or_none(actor)
    return AuditEvent(
        actor=actor_obj,
        actor_unit_id=getattr(actor_obj, "unit_id", None),
        action=action,
        verb=verb,
        model=obj._meta.label_lower,
        object_pk=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=changes,
        request_id=info.request_id if info else "",
        ip=info.ip if info else None,
        path=(info.path if info else "")[:255],
    )


def audit(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    verb: str = "",
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one write. For create pass `after`; for delete `before`; for update both."""
    event = _event(
        actor=actor, action=action, obj=obj, before=before, after=after, verb=verb, extra=extra
    )
    event.save()
    return event


def audit_many(*, actor, action: str, objs, verb: str = "") -> list[AuditEvent]:
    """Record the same write on many records (an import) in one bulk insert: what audit()
    records for each, without a query per record. For create the snapshot is taken."""
    events = [_event(actor=actor, action=action, obj=obj, verb=verb) for obj in objs]
    return AuditEvent.objects.bulk_create(events, batch_size=1000)


def audit_created(
    *, actor, queryset: models.QuerySet, verb: str = "", describe, source: dict[str, Any]
) -> int:
    """The creation of the records `queryset` selects — just written set-based
    (core.bulk.insert_rows) — one event each, as audit() records a create, written by the
    database itself in one INSERT … SELECT: no record passes through Python. Returns how many.

    Instead of copying each record's values, the event records where they are kept, as
    audit()'s `extra` would: `source` maps names to constants (an import's id) or to the
    record's own columns (`F("number")`), e.g. `{"import": 12, "number": F("number")}`.
    `describe` names a record: a field name or an expression (Concat…), cut to 255 characters."""
    info = _current_request.get()
    actor_obj = actor_or_none(actor)
    model = queryset.model
    if isinstance(describe, str):
        describe = F(describe)

    def constant(value, field):
        return Value(value, output_field=field)

    columns = {
        "at": constant(timezone.now(), models.DateTimeField()),
        "actor_id": constant(actor_obj.pk if actor_obj else None, models.IntegerField()),
        "actor_unit_id": constant(getattr(actor_obj, "unit_id", None), models.IntegerField()),
        "action": constant(AuditEvent.Action.CREATE, models.CharField()),
        "verb": constant(verb, models.CharField()),
        "model": constant(model._meta.label_lower, models.CharField()),
        "object_pk": Cast("pk", models.CharField()),
        "object_repr": Substr(describe, 1, 255),
        "changes": JSONObject(
            _extra=JSONObject(
                **{
                    key: value if hasattr(value, "resolve_expression") else Value(value)
                    for key, value in source.items()
                }
            )
        ),
        "request_id": constant(info.request_id if info else "", models.CharField()),
        "ip": constant(info.ip if info else None, models.GenericIPAddressField()),
        "path": constant((info.path if info else "")[:255], models.CharField()),
    }
    select = (
        queryset.order_by()
        .annotate(**{f"audit_{name}": value for name, value in columns.items()})
        .values_list(*(f"audit_{name}" for name in columns))
    )
    try:
        sql, params = select.query.sql_with_params()
    except EmptyResultSet:  # an empty `__among` list: nothing was created
        return 0
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    target = ", ".join(quote(AuditEvent._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({target}) {sql}", params)
        return cursor.rowcount
