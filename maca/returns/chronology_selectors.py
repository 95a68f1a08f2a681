"""Reading chronologies, always through the returns a person may see
(:func:`maca.returns.access.visible_returns`)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Exists, OuterRef

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.selectors import changed_since_by
from maca.partnerships.presenters import agency_name
from maca.returns.access import visible_returns
from maca.returns.chronology import (
    DEFAULT_CLUSTER_DAYS,
    DEFAULT_CLUSTER_SIZE,
    DEFAULT_GAP_DAYS,
    ChronologyRow,
    IntegratedChronology,
    build_integrated,
)
from maca.returns.models import ChronologyEntry
from maca.selection.selectors import visible_audit_cases


def returns_for(membership):
    """The returns this person may see, with what the chronology pages show."""
    return visible_returns(membership).select_related("audit", "audit_case", "agency")


# The log entries of the changes that move a chronology entry's version.
ENTRY_VERSION_MOVES = ("chronology.entry_updated", "chronology.entry_removed")


def entry_changed_since_by(entry: ChronologyEntry, version: int) -> set:
    """Who changed ``entry`` after ``version`` (the page's): its changes are
    logged on its return, naming the entry (ADR 0027,
    ``audit_trail.selectors.changed_since_by``)."""
    return changed_since_by(entry, version, ENTRY_VERSION_MOVES, logged_on=entry.return_record, entry=entry.pk)


def removed_entry_of(return_record, pk: int) -> ChronologyEntry | None:
    """An entry of one return's chronology that has been removed (None if none)."""
    return (
        ChronologyEntry.objects.filter(
            partnership_id=return_record.partnership_id, return_record=return_record, pk=pk, removed_at__isnull=False
        )
        .select_related("removed_by")
        .first()
    )


def entries_of(return_record):
    """The current entries of one return's chronology, in date order."""
    return (
        ChronologyEntry.objects.current()
        .filter(partnership_id=return_record.partnership_id, return_record=return_record)
        .order_by("date", "end_date", "id")
    )


def entry_count_of(return_record) -> int:
    """How many current entries the return's chronology has: one query."""
    return entries_of(return_record).order_by().count()


# What each change to a chronology is logged as (``chronology_services``).
CHANGE_ACTIONS = (
    "chronology.entry_added",
    "chronology.entry_updated",
    "chronology.entry_removed",
    "chronology.imported",
)


def changes_of(return_record) -> list[tuple]:
    """Every change to the return's chronology, oldest first, as (audit event,
    its entry or ``None``) pairs: the log holds who and when (and, for a
    change, which fields), the entry what it says. Two queries, however many
    changes: the events (by the log's index of a record), then their entries."""

    events = list(
        AuditEvent.objects.filter(
            partnership_id=return_record.partnership_id,
            object_type=return_record._meta.label_lower,
            object_id=str(return_record.pk),
            action__in=CHANGE_ACTIONS,
        )
        .select_related("actor")
        .order_by("occurred_at", "id")
    )
    wanted = {event.changes.get("entry") for event in events} - {None}
    entries = (
        ChronologyEntry.objects.filter(
            partnership_id=return_record.partnership_id, return_record=return_record, pk__in=wanted
        ).in_bulk()
        if wanted
        else {}
    )
    return [(event, entries.get(event.changes.get("entry"))) for event in events]


def last_change_of(return_record) -> AuditEvent | None:
    """The latest change to the return's chronology (an entry added, changed,
    removed, or entries uploaded), with who made it; None if none. One query."""
    return (
        AuditEvent.objects.filter(
            partnership_id=return_record.partnership_id,
            object_type=return_record._meta.label_lower,
            object_id=str(return_record.pk),
            action__in=CHANGE_ACTIONS,
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")
        .first()
    )


def _audit_cases_for(membership, *, audit_pk: int, audit_case_pk: int):
    return visible_audit_cases(membership).filter(audit_id=audit_pk, pk=audit_case_pk)


def audit_case_for(membership, *, audit_pk: int, audit_case_pk: int):
    """A selected case this person may see, or ``None``: the integrated
    chronology is shown only of such a case."""
    return (
        _audit_cases_for(membership, audit_pk=audit_pk, audit_case_pk=audit_case_pk)
        .select_related("audit", "case")
        .first()
    )


def can_open_integrated(membership, return_record) -> bool:
    """Whether this person may open the integrated chronology of the return's
    case, by the same rule as that page (:func:`audit_case_for`): agency staff
    see a return of their agency after it was taken off the case (withdrawn),
    but no longer the case."""
    if not return_record.audit_case_id:
        return False
    return _audit_cases_for(
        membership, audit_pk=return_record.audit_id, audit_case_pk=return_record.audit_case_id
    ).exists()


# The one rule of whose entries a case's integrated chronology shows: those
# of its returns that are in (submitted or accepted, ``Return.objects.responded``),
# as the meeting discusses them and the response figures count them. A draft
# (or a return sent back for changes) may still change; a withdrawn one is no
# longer asked for. The page says how many returns' entries it leaves out, and why
# (:func:`integrated_left_out`).


def integrated_entries(audit_case, returns_queryset):
    """Every current entry of the case's returns that are in, among
    ``returns_queryset``: one query, with the agency."""
    returns = returns_queryset.responded().filter(audit_case_id=audit_case.pk)
    return (
        ChronologyEntry.objects.current()
        .filter(
            partnership_id=audit_case.partnership_id,
            audit_case_id=audit_case.pk,
            return_record__in=returns.values("pk"),
        )
        .select_related("agency__parent")
        .order_by()
    )


def integrated_left_out(audit_case, returns_queryset) -> dict[str, int]:
    """How many of the case's returns among ``returns_queryset`` have current
    entries the integrated chronology does not show (:func:`integrated_entries`),
    by status: not yet in (draft, sent back) or withdrawn. One query."""
    returns = (
        returns_queryset.filter(audit_case_id=audit_case.pk)
        .exclude(pk__in=returns_queryset.responded().values("pk"))
        .filter(Exists(ChronologyEntry.objects.current().filter(return_record=OuterRef("pk"))))
    )
    return dict(Counter(status for _pk, status in returns.values_list("pk", "status")))


def integrated_rows(
    audit_case,
    returns_queryset,
    *,
    gap_days: int = DEFAULT_GAP_DAYS,
    cluster_days: int = DEFAULT_CLUSTER_DAYS,
    cluster_size: int = DEFAULT_CLUSTER_SIZE,
) -> IntegratedChronology:
    """The integrated multi-agency chronology of a case, from the returns in
    ``returns_queryset`` (for a person: ``visible_returns(membership)``)."""
    rows = [
        ChronologyRow(
            pk=entry.pk,
            date=entry.date,
            end_date=entry.end_date,
            agency_id=entry.agency_id,
            agency_name=agency_name(entry.agency),
            event=entry.event,
            source=entry.source,
            impact=entry.impact,
            action_taken=entry.action_taken,
        )
        for entry in integrated_entries(audit_case, returns_queryset)
    ]
    return build_integrated(rows, gap_days=gap_days, cluster_days=cluster_days, cluster_size=cluster_size)


def integrated_for(membership, audit_case, **options) -> IntegratedChronology:
    return integrated_rows(audit_case, visible_returns(membership), **options)


def integrated_left_out_for(membership, audit_case) -> dict[str, int]:
    """:func:`integrated_left_out` of the returns this person may see."""
    return integrated_left_out(audit_case, visible_returns(membership))
