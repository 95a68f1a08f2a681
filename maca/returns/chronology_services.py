"""Changing an agency's chronology of a case. Each function runs in one
transaction and writes its audit record in it.

Every write locks the return first and refuses unless the return can still be
changed (not submitted, accepted or withdrawn) and the audit is at 'agencies
auditing' or 'meeting'. Entries are never deleted: removing one marks it.

The audit log names the return and the entry by id and counts rows; it never
holds what an entry says (the record's label would otherwise carry the event).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.returns import chronology
from maca.returns.access import EDITING_STAGES
from maca.returns.models import ChronologyEntry, Return, ReturnStatus
from maca.returns.services import mark_started

# "the return has been …", "the summative report has been …" (``Return.kind_name``).
STATUS_REASONS = {
    ReturnStatus.SUBMITTED: "has been submitted",
    ReturnStatus.ACCEPTED: "has been accepted",
    ReturnStatus.WITHDRAWN: "has been withdrawn",
}


def editing_refusal(return_record: Return) -> str | None:
    """Why this return's chronology cannot be changed now, or ``None`` if it can."""
    if not return_record.is_editable:
        reason = f"the {return_record.kind_name} {STATUS_REASONS.get(return_record.status, 'cannot be changed')}"
        return f"The chronology cannot be changed because {reason}."
    if return_record.audit.stage not in EDITING_STAGES:
        return "The chronology can only be changed while agencies are auditing or at the meeting stage."
    return None


# A deep dive's summative report is about no one child: it asks for no chronology (ADR 0016).
NO_CHRONOLOGY = "A summative report has no chronology, so no entry can be added to it."


def _start(return_record: Return, *, actor) -> None:
    """An entry added starts the return (``services.mark_started``, the one
    rule), logged as such: the first save of answers says so by its own
    record, a chronology by this one."""
    if not mark_started(return_record, actor=actor):
        return
    return_record.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="return.started",
        partnership=return_record.partnership,
        target=return_record,
        changes={"by": "chronology"},
    )


def _lock_editable(return_record: Return, *, adding: bool = False) -> Return:
    fresh = (
        Return.objects.select_for_update(of=("self",)).select_related("audit", "partnership").get(pk=return_record.pk)
    )
    refusal = editing_refusal(fresh)
    if refusal:
        raise ValidationError(refusal)
    if adding and not fresh.audit_case_id:
        raise ValidationError(NO_CHRONOLOGY)
    return fresh


def _checked(
    *,
    date: dt.date | None,
    end_date: dt.date | None,
    event: str,
    source: str,
    impact: str,
    action_taken: str,
) -> dict:
    values = {
        "date": date,
        "end_date": end_date,
        "event": chronology.normalise_text(event),
        "source": chronology.normalise_text(source),
        "impact": chronology.parse_impact(impact),
        "action_taken": chronology.normalise_text(action_taken),
    }
    problems = chronology.entry_problems(**values, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    return values


def chronology_entry_add(
    *,
    actor,
    return_record: Return,
    date: dt.date | None,
    end_date: dt.date | None,
    event: str,
    source: str,
    impact: str,
    action_taken: str,
) -> ChronologyEntry:
    with transaction.atomic():
        return_record = _lock_editable(return_record, adding=True)
        values = _checked(
            date=date, end_date=end_date, event=event, source=source, impact=impact, action_taken=action_taken
        )
        entry = ChronologyEntry.objects.create(
            partnership_id=return_record.partnership_id,
            return_record=return_record,
            audit_case_id=return_record.audit_case_id,
            agency_id=return_record.agency_id,
            created_by=actor,
            **values,
        )
        record(
            actor=actor,
            action="chronology.entry_added",
            partnership=return_record.partnership,
            target=return_record,
            changes={"entry": entry.pk},
        )
        _start(return_record, actor=actor)
    return entry


def chronology_entry_update(
    *,
    actor,
    entry: ChronologyEntry,
    expected_version: int,
    date: dt.date | None,
    end_date: dt.date | None,
    event: str,
    source: str,
    impact: str,
    action_taken: str,
) -> ChronologyEntry:
    """Change an entry; :class:`~maca.core.concurrency.EditConflict` if someone
    else saved it after ``expected_version``."""
    with transaction.atomic():
        return_record = _lock_editable(entry.return_record)
        entry = lock_for_update(entry, expected_version=expected_version)
        if entry.removed_at is not None:
            raise ValidationError("This entry has been removed, so it cannot be changed.")
        values = _checked(
            date=date, end_date=end_date, event=event, source=source, impact=impact, action_taken=action_taken
        )
        changed = sorted(name for name, value in values.items() if getattr(entry, name) != value)
        if not changed:
            return entry
        for name, value in values.items():
            setattr(entry, name, value)
        bump_version(entry)
        entry.save()
        record(
            actor=actor,
            action="chronology.entry_updated",
            partnership=return_record.partnership,
            target=return_record,
            changes={"entry": entry.pk, "fields": changed, "version": entry.version},
        )
    return entry


def chronology_entry_remove(*, actor, entry: ChronologyEntry, expected_version: int) -> ChronologyEntry:
    """Take an entry out of the chronology. It is kept, marked as removed."""
    with transaction.atomic():
        return_record = _lock_editable(entry.return_record)
        entry = lock_for_update(entry, expected_version=expected_version)
        if entry.removed_at is not None:
            raise ValidationError("This entry has already been removed.")
        entry.removed_at, entry.removed_by = timezone.now(), actor
        bump_version(entry)
        entry.save(update_fields=["removed_at", "removed_by", "version", "updated_at"])
        record(
            actor=actor,
            action="chronology.entry_removed",
            partnership=return_record.partnership,
            target=return_record,
            changes={"entry": entry.pk},
        )
    return entry


def chronology_import(*, actor, return_record: Return, uploaded_file) -> int:
    """Add every row of a CSV or Excel file to the chronology; nothing is saved
    unless every row is clean. Returns how many entries were added.

    Raises ValidationError listing every problem ("Row 3, column ‘Date’: ...")."""
    refusal = editing_refusal(return_record)
    if refusal:
        raise ValidationError(refusal)
    name = getattr(uploaded_file, "name", "") or ""
    try:
        chronology.check_file(name, getattr(uploaded_file, "size", None))
        content = uploaded_file.read(chronology.MAX_UPLOAD_BYTES + 1)
        fmt, rows = chronology.read_upload(name, content, today=timezone.localdate())
    except chronology.UploadRejected as error:
        raise ValidationError(error.problems) from None
    with transaction.atomic():
        return_record = _lock_editable(return_record, adding=True)
        entries = ChronologyEntry.objects.bulk_create(
            [
                ChronologyEntry(
                    partnership_id=return_record.partnership_id,
                    return_record=return_record,
                    audit_case_id=return_record.audit_case_id,
                    agency_id=return_record.agency_id,
                    created_by=actor,
                    date=row.date,
                    end_date=row.end_date,
                    event=row.event,
                    source=row.source,
                    impact=row.impact,
                    action_taken=row.action_taken,
                )
                for row in rows
            ]
        )
        record(
            actor=actor,
            action="chronology.imported",
            partnership=return_record.partnership,
            target=return_record,
            changes={"entries": len(entries), "format": fmt},
        )
        _start(return_record, actor=actor)
    return len(entries)
