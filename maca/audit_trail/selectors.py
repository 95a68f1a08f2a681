"""Searching the audit log of one partnership."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maca.audit_trail.models import AuditEvent


def events_for(partnership):
    return AuditEvent.objects.for_partnership(partnership)


def filter_choices(partnership) -> tuple[list[str], list[str]]:
    events = events_for(partnership).order_by()
    actions = sorted(set(events.values_list("action", flat=True).distinct()))
    object_types = sorted(t for t in set(events.values_list("object_type", flat=True).distinct()) if t)
    return actions, object_types


def search(partnership, *, actor="", action="", object_type="", object_id="", date_from=None, date_to=None):
    events = events_for(partnership).select_related("actor")
    if actor:
        events = events.filter(actor_label__icontains=actor)
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
