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
from collections import Counter
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ImportResult:
    """What an upload did: how many entries it added; the file's rows (as the
    spreadsheet numbers them) not added because the chronology already had
    the same entry; and the rows added that are the same as each other, in
    groups (two real events may read alike: added, and said so)."""

    added: int
    already_there: tuple[int, ...] = ()
    alike_in_file: tuple[tuple[int, ...], ...] = ()


def _rows_to_add(return_record: Return, rows) -> tuple[list, list[int], list[tuple[int, ...]]]:
    """The rows to add, those already in the chronology, and the groups of rows
    added that are alike. An entry already there stands for one row only: a
    file with a row twice, uploaded again, adds neither; the same file after
    one of its two entries was added by hand adds the other."""
    there = Counter(
        chronology.identity(
            date=entry.date,
            end_date=entry.end_date,
            event=entry.event,
            source=entry.source,
            impact=entry.impact,
            action_taken=entry.action_taken,
        )
        for entry in ChronologyEntry.objects.current().filter(
            partnership_id=return_record.partnership_id, return_record=return_record
        )
    )
    to_add, already_there = [], []
    alike: dict[tuple, list[int]] = {}
    for row in rows:
        if there[row.identity] > 0:
            there[row.identity] -= 1
            already_there.append(row.row)
            continue
        to_add.append(row)
        alike.setdefault(row.identity, []).append(row.row)
    return to_add, already_there, [tuple(numbers) for numbers in alike.values() if len(numbers) > 1]


def chronology_import(*, actor, return_record: Return, uploaded_file) -> ImportResult:
    """Add every row of a CSV or Excel file to the chronology; nothing is saved
    unless every row is clean. A row the same as an entry already in the
    chronology (:func:`chronology.identity`) is not added again: uploading a
    corrected spreadsheet adds only what is new or changed.

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
        rows, already_there, alike = _rows_to_add(return_record, rows)
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
        changes = {"entries": len(entries), "format": fmt}
        if already_there:
            changes["already_there"] = len(already_there)
        # A file that adds nothing changes nothing: logged, but not as a change
        # ("Every change" and "Last saved" read the changes).
        record(
            actor=actor,
            action="chronology.imported" if entries else "chronology.import_added_nothing",
            partnership=return_record.partnership,
            target=return_record,
            changes=changes,
        )
        if entries:
            _start(return_record, actor=actor)
    return ImportResult(added=len(entries), already_there=tuple(already_there), alike_in_file=tuple(alike))
