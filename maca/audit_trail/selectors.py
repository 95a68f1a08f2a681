"""Searching the audit log of one partnership.

A busy partnership writes about a million events in ten years. Every search
here is answered from an index that leads with the partnership (see the
model's ``Meta.indexes``), and nothing scans the whole log: the drop-downs'
choices come from an index skip-scan (actions, kinds of record) and from the
partnership's memberships (people).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from maca.audit_trail.models import AuditEvent

# The person filter's value for events maca recorded by itself (no person).
NO_PERSON = "none"


def events_for(partnership):
    return AuditEvent.objects.for_partnership(partnership)


def changed_since_by(record, version: int, actions: tuple[str, ...], *, logged_on=None, **changes) -> set:
    """Who made the changes to ``record`` (as it is now) after ``version``.

    Only for a model each of whose version moves is one of ``actions``, logged
    once on it in the same transaction (read the services that move it): then
    they are the log's last ``record.version - version`` such entries on it.
    A record whose moves are logged on another (a publication's version on
    its publication, a chronology entry on its return) names it as
    ``logged_on``, and what in the entries' ``changes`` tells its own apart
    (``changes__entry=entry.pk``). ``None`` among them: one not found, so
    nobody is known. A page says "you" only when this is the person alone
    (ADR 0027)."""
    count = record.version - version
    if count <= 0:
        return set()
    target = record if logged_on is None else logged_on
    events = (
        AuditEvent.objects.filter(
            partnership_id=record.partnership_id,
            object_type=target._meta.label_lower,
            object_id=str(target.pk),
            action__in=actions,
            **{f"changes__{key}": value for key, value in changes.items()},
        )
        .order_by("-pk")
        .values_list("actor_id", flat=True)[:count]
    )
    actors = list(events)
    return set(actors) | ({None} if len(actors) < count else set())


def _distinct_values(partnership, column: str) -> list[str]:
    """The distinct non-empty values of ``column`` in the partnership's log.

    ``SELECT DISTINCT`` reads every event (about 300 ms at a million). This
    walks the index on (partnership, column, ...) instead, jumping from one
    value to the next: one index probe per distinct value, whatever the size
    of the log. SQLite and PostgreSQL both run it.
    """
    table = AuditEvent._meta.db_table
    quote = connection.ops.quote_name
    table, col, tenant = quote(table), quote(column), quote("partnership_id")
    sql = f"""
        WITH RECURSIVE found(value) AS (
            SELECT MIN({col}) FROM {table} WHERE {tenant} = %s AND {col} > ''
            UNION ALL
            SELECT (SELECT MIN({col}) FROM {table} WHERE {tenant} = %s AND {col} > found.value)
            FROM found WHERE found.value IS NOT NULL
        )
        SELECT value FROM found WHERE value IS NOT NULL
    """  # noqa: S608 - names come from the model, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [partnership.pk, partnership.pk])
        return [row[0] for row in cursor.fetchall()]


def action_choices(partnership) -> list[str]:
    return _distinct_values(partnership, "action")


def object_type_choices(partnership) -> list[str]:
    return _distinct_values(partnership, "object_type")


def people_choices(partnership) -> list[tuple[str, str]]:
    """Everyone who is or was a member of the partnership, by name, and maca itself."""
    users = (
        get_user_model()
        .objects.filter(memberships__partnership=partnership)
        .order_by("full_name", "email")
        .values_list("pk", "full_name", "email", "memberships__is_active")
    )
    people = [
        (str(pk), f"{name or email} ({email})" + ("" if active else ", no longer a member"))
        for pk, name, email, active in users
    ]
    return [*people, (NO_PERSON, "maca itself (no person)")]


def search(partnership, *, actor="", action="", object_type="", object_id="", date_from=None, date_to=None):
    """The partnership's events that match, newest first (page them with
    :func:`maca.audit_trail.paging.page_of`). ``actor`` is a person's id, or
    :data:`NO_PERSON`."""
    events = events_for(partnership).select_related("actor")
    if actor == NO_PERSON:
        events = events.filter(actor__isnull=True)
    elif actor:
        events = events.filter(actor_id=int(actor))
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    zone = timezone.get_current_timezone()
    if date_from:
        events = events.filter(occurred_at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=zone))
    if date_to:
        events = events.filter(
            occurred_at__lt=dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        )
    return events
