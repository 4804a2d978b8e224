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

from django.db import models
from django.db.models.fields.files import FieldFile

from luoshi.core.bulk import insert_rows
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


def audit_inserted(
    *, actor, model: type[models.Model], rows, verb: str = "", describe=None, source=None
) -> int:
    """The creation of records written set-based (core.bulk.insert_rows): one event each, as
    audit() records a create — every non-empty field, by name, with its value — written
    set-based too. `rows` are the records' values by attribute name including the primary
    key; `describe(row)` names a record (default: str() of an instance built from the row).

    `source(row)`, when given, says where the record's values are kept instead of copying
    them into the event (an import's kept list and the row's line: `{"import": 12, "line":
    7}`); the event then records that reference, as audit()'s `extra` would."""
    info = _current_request.get()
    actor_obj = actor_or_none(actor)
    names = [(f.attname, f.name) for f in model._meta.concrete_fields]
    pk_name = model._meta.pk.attname
    label = model._meta.label_lower
    describe = describe or (lambda row: str(model(**row)))
    common = {
        "actor_id": actor_obj.pk if actor_obj else None,
        "actor_unit_id": getattr(actor_obj, "unit_id", None),
        "action": AuditEvent.Action.CREATE,
        "verb": verb,
        "model": label,
        "request_id": info.request_id if info else "",
        "ip": info.ip if info else None,
        "path": (info.path if info else "")[:255],
    }
    events = [
        {
            **common,
            "object_pk": str(row[pk_name]),
            "object_repr": describe(row)[:255],
            "changes": {"_extra": source(row)}
            if source
            else {
                name: [None, _plain(row[attname])]
                for attname, name in names
                if row.get(attname) is not None
            },
        }
        for row in rows
    ]
    return insert_rows(AuditEvent, events)
