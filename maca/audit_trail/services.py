"""Writing to the audit log. Every service that changes data calls :func:`record`
inside its own transaction, so the change and its record stand or fall together.
A run that changes many records at once (the retention run) logs one event on
each with :func:`record_each`, in one statement.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from maca.audit_trail import context
from maca.audit_trail.models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as ``{field: [old, new]}``."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor,
    action: str,
    partnership=None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the audit log.

    ``action`` is a dotted verb such as ``membership.role_changed``. ``changes``
    is a JSON snapshot of what changed (use :func:`diff`) or of what was seen.
    """
    event = _event(
        actor=actor,
        action=action,
        partnership_id=partnership.pk if partnership is not None else None,
        target=target,
        changes=changes,
        actor_label=actor_label,
        request=context.current(),
    )
    event.save()
    return event


def record_each(
    *,
    actor,
    action: str,
    targets,
    changes: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> list[AuditEvent]:
    """Append one event on each of ``targets``, each in its own partnership
    (``target.partnership_id``), as :func:`record` would one by one, in one
    ``INSERT`` however many there are (so a run over many records does not
    cost a query per record). Their ids follow the order of ``targets``."""
    request = context.current()
    events = [
        _event(
            actor=actor,
            action=action,
            partnership_id=target.partnership_id,
            target=target,
            changes=changes,
            actor_label=actor_label,
            request=request,
        )
        for target in targets
    ]
    return AuditEvent.objects.bulk_create(events) if events else []


def _event(*, actor, action, partnership_id, target, changes, actor_label, request) -> AuditEvent:
    """One event, not yet saved."""
    if actor_label is None:
        actor_label = getattr(actor, "email", "") or "system"
    return AuditEvent(
        partnership_id=partnership_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_label=str(target)[:255] if target is not None else "",
        changes=_jsonable(changes or {}),
        ip_address=request.ip_address,
        user_agent=request.user_agent,
        request_id=request.request_id,
    )
