"""Reading the programme, always within one partnership."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Q, Value, When

from maca.audit_trail.models import AuditEvent
from maca.programme.models import Audit, AuditTransition, BoardPriority, Programme, Stage


def priorities_for(partnership):
    return BoardPriority.objects.filter(partnership=partnership)


def programmes_for(partnership):
    return Programme.objects.filter(partnership=partnership)


def audits_for(partnership):
    return Audit.objects.for_partnership(partnership).select_related("programme", "lead").prefetch_related("priorities")


# Every change that moves an audit's version on is one of these, logged once,
# in the same transaction (``programme.services``); a board priority's, this one.
VERSION_MOVES = ("audit.updated", "audit.scrutineers_changed", "audit.stage_changed")
PRIORITY_VERSION_MOVES = ("priority.updated",)


def _changed_since_by(record, version: int, actions: tuple[str, ...]) -> set:
    """Who made the changes to ``record`` (as it is now) after ``version``:
    each moved its version on by one and is in the audit log as one of
    ``actions``, so they are the log's last ``record.version - version`` such
    entries on it (``None``: one not found, so nobody is known)."""
    count = record.version - version
    if count <= 0:
        return set()
    events = (
        AuditEvent.objects.filter(
            partnership_id=record.partnership_id,
            object_type=record._meta.label_lower,
            object_id=str(record.pk),
            action__in=actions,
        )
        .order_by("-pk")
        .values_list("actor_id", flat=True)[:count]
    )
    actors = list(events)
    return set(actors) | ({None} if len(actors) < count else set())


def audit_changed_since_by(audit, version: int) -> set:
    """Who changed ``audit`` after ``version``: its details, its scrutineers
    or its stage (``_changed_since_by``)."""
    return _changed_since_by(audit, version, VERSION_MOVES)


def priority_changed_since_by(priority, version: int) -> set:
    """Who changed the board priority ``priority`` after ``version``."""
    return _changed_since_by(priority, version, PRIORITY_VERSION_MOVES)


def transitions_for(audit):
    return AuditTransition.objects.filter(partnership=audit.partnership, audit=audit).select_related("actor")


def open_audits_first(queryset, *, audit: str = "audit", then: tuple[str, ...] = ()):
    """Order records of audits (returns, assignments...) as an agency works
    through ten years of them: audits still open first, the soonest deadline
    first; then finished ones, the most recent first. ``audit`` is the path
    from the records to their audit; ``then``, the order of one audit's
    records (its case number, the agency...), ending with something unique so
    that pages never overlap."""
    finished = Q(**{f"{audit}__stage__in": [Stage.CLOSED, Stage.CANCELLED]})
    deadline = F(f"{audit}__return_deadline")
    return queryset.alias(
        _finished=Case(When(finished, then=Value(1)), default=Value(0), output_field=IntegerField()),
        _open_deadline=Case(When(finished, then=None), default=deadline),
        _finished_deadline=Case(When(finished, then=deadline), default=None),
    ).order_by(
        "_finished",
        F("_open_deadline").asc(nulls_last=True),
        F("_finished_deadline").desc(nulls_last=True),
        f"{audit}__title",
        f"{audit}__pk",
        *then,
    )
