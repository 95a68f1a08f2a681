"""Reading the programme, always within one partnership."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Q, Value, When

from maca.audit_trail.selectors import changed_since_by
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


def audit_changed_since_by(audit, version: int) -> set:
    """Who changed ``audit`` after ``version``: its details, its scrutineers
    or its stage (``audit_trail.selectors.changed_since_by``)."""
    return changed_since_by(audit, version, VERSION_MOVES)


def priority_changed_since_by(priority, version: int) -> set:
    """Who changed the board priority ``priority`` after ``version``."""
    return changed_since_by(priority, version, PRIORITY_VERSION_MOVES)


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
