"""Importing case lists. Each function runs in one transaction and writes its
audit record in that transaction.

The journey: :func:`case_import_upload` keeps the file (encrypted) and guesses
a column mapping; :func:`case_import_start` fixes the mapping and queues the
import; :func:`case_import_run` (the background task, or the command line)
checks every row and either writes the whole pool or nothing.

Audit events carry counts and column headings only, never a cell's value: the
file holds identifiers.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import traceback
import zlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases import checking, importing, reading
from maca.cases.columns import FIELDS_BY_KEY, Problem, check_columns, clean_columns, guess_columns
from maca.cases.models import CaseImport, ColumnMapping, ImportStatus
from maca.cases.workbook import release_freed_memory
from maca.core import crypto
from maca.core.memory import cycle_collector_paused
from maca.partnerships.models import Partnership
from maca.partnerships.services import partnership_hold

logger = logging.getLogger(__name__)

# Problems kept on the import record; the page shows the first 500, the command line 200.
STORED_PROBLEMS = 1000
COMMAND_LINE = "command line"


def _actor_label(actor) -> str | None:
    return None if getattr(actor, "pk", None) else COMMAND_LINE


# What the sealed file holds, after decryption: compressed text, the file as it
# is, or (files sealed before these markers) the file in base64.
COMPRESSED_MARKER = b"\x00zlib\x00"
RAW_MARKER = b"\x00raw\x00"


def seal_content(content: bytes) -> bytes:
    """The uploaded file, encrypted with maca's field keys until it is used.

    A CSV file is compressed first (to about a fifth): encryption makes several
    copies of what it encrypts, and a 40 MB upload would otherwise need
    hundreds of megabytes for a moment. A workbook is already compressed."""
    if content.startswith(reading.ZIP_MAGIC):
        return crypto.encrypt_bytes(RAW_MARKER + content)
    return crypto.encrypt_bytes(COMPRESSED_MARKER + zlib.compress(content, 1))


def unseal_content(sealed: bytes | memoryview) -> bytes:
    plain = crypto.decrypt_bytes(bytes(sealed))
    if plain.startswith(COMPRESSED_MARKER):
        return zlib.decompress(memoryview(plain)[len(COMPRESSED_MARKER) :])
    if plain.startswith(RAW_MARKER):
        return plain[len(RAW_MARKER) :]
    return base64.b64decode(plain)


def _read_upload(uploaded_file) -> bytes:
    limit = reading.max_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise ValidationError({"file": reading.size_limit_message()})
    uploaded_file.seek(0)
    content = uploaded_file.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({"file": reading.size_limit_message()})
    return content


def saved_mapping_for(partnership: Partnership, headers: list[str]) -> ColumnMapping | None:
    """The most recently saved mapping whose every heading is in the file: the
    officer's choice from last time beats a guess."""
    for mapping in ColumnMapping.objects.filter(partnership=partnership).order_by("-updated_at", "-id"):
        if mapping.columns and not check_columns(mapping.columns, headers):
            return mapping
    return None


def _saved_mapping_with(case_import: CaseImport, columns: dict[str, str]) -> ColumnMapping | None:
    """The saved mapping whose columns are the ones an import uses, for its page
    to name: the one suggested on upload if its columns are those, else the
    latest saved with the same columns (two saved alike are one mapping in
    effect), or none once the officer changed a column and did not save it."""
    mappings = ColumnMapping.objects.filter(partnership_id=case_import.partnership_id).order_by("-updated_at", "-id")
    same = [mapping for mapping in mappings if clean_columns(mapping.columns) == columns]
    suggested = [mapping for mapping in same if mapping.pk == case_import.mapping_id]
    return (suggested or same or [None])[0]


def case_import_upload(*, actor, partnership: Partnership, uploaded_file) -> CaseImport:
    """Keep an uploaded case list, encrypted, and suggest a column mapping.

    Refuses (ValidationError on ``file``) a file of the wrong type or size, or
    whose first row is not a set of distinct headings."""
    filename = (getattr(uploaded_file, "name", "") or "case-list").rsplit("/", 1)[-1][:255]
    content = _read_upload(uploaded_file)
    try:
        fmt = reading.format_for(filename, content)
        table = reading.open_table(content, fmt, preview=True)
        headers = table.headers
        notes = checking.table_notes(table)
    except reading.FileRejected as error:
        where = f"Row {error.row}, column ‘{error.column}’: " if error.row and error.column else ""
        raise ValidationError({"file": where + str(error)}) from None
    mapping = saved_mapping_for(partnership, headers)
    columns = clean_columns(mapping.columns) if mapping else guess_columns(headers)
    sealed = seal_content(content)
    release_freed_memory()  # encryption's copies of a large file
    with transaction.atomic():
        case_import = CaseImport.objects.create(
            partnership=partnership,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
            filename=filename,
            file_sha256=hashlib.sha256(content).hexdigest(),
            file_format=fmt,
            content=sealed,
            headers=headers,
            notes=notes,
            columns=columns,
            mapping=mapping,
        )
        record(
            actor=actor,
            action="case_import.uploaded",
            partnership=partnership,
            target=case_import,
            # The file by its digest, not its name (see CaseImport.__str__).
            changes={
                "sha256": case_import.file_sha256,
                "format": fmt,
                "bytes": len(content),
                "columns": len(headers),
            },
            actor_label=_actor_label(actor),
        )
    # The caller gets the record without the file (tens of megabytes), which is
    # read again only to import it; saving this record leaves the file alone.
    del content, sealed, case_import.content
    release_freed_memory()
    return CaseImport.objects.defer("content").get(pk=case_import.pk)


def column_mapping_save(*, actor, partnership: Partnership, name: str, columns: dict[str, str]) -> ColumnMapping:
    """Save a mapping under a name for next time; a mapping of the same name is replaced."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"save_as": "Enter a name for the mapping"})
    if len(name) > 100:
        raise ValidationError({"save_as": "The name must be 100 characters or fewer"})
    unknown = [key for key in columns if key not in FIELDS_BY_KEY]
    if unknown:
        raise ValidationError(f"These are not fields maca imports: {', '.join(sorted(unknown))}")
    columns = clean_columns(columns)
    with transaction.atomic():
        # Two people saving a mapping of one name at once: the second replaces
        # the first's (as a later save does), instead of failing on the
        # database's constraint with an error page.
        partnership_hold(partnership)
        mapping = ColumnMapping.objects.filter(partnership=partnership, name__iexact=name).first()
        created = mapping is None
        if created:
            mapping = ColumnMapping(partnership=partnership, name=name)
        before = {} if created else dict(mapping.columns)
        mapping.columns = columns
        mapping.updated_by = actor if getattr(actor, "pk", None) else None
        mapping.save()
        record(
            actor=actor,
            action="column_mapping.created" if created else "column_mapping.updated",
            partnership=partnership,
            target=mapping,
            changes={"name": name, "columns": columns, "before": before} if not created else {"columns": columns},
            actor_label=_actor_label(actor),
        )
    return mapping


def case_import_start(
    *,
    actor,
    case_import: CaseImport,
    columns: dict[str, str],
    save_as: str | None = None,
    enqueue: bool = True,
) -> CaseImport:
    """Fix the mapping and queue the import. ``save_as`` also saves the mapping
    by name. The command line passes ``enqueue=False`` and runs it at once."""
    from maca.cases.tasks import run_case_import

    columns = clean_columns(columns)
    with transaction.atomic():
        if save_as and save_as.strip():
            partnership_hold(case_import.partnership_id)  # before the import's row, as the mapping's save takes it
        case_import = CaseImport.objects.select_for_update().get(pk=case_import.pk)
        if case_import.status != ImportStatus.UPLOADED:
            raise ValidationError("This case list has already been imported or discarded. Upload it again.")
        problems = check_columns(columns, case_import.headers)
        if problems:
            raise ValidationError([problem.message for problem in problems])
        if save_as and save_as.strip():
            mapping = column_mapping_save(
                actor=actor, partnership=case_import.partnership, name=save_as, columns=columns
            )
        else:
            mapping = _saved_mapping_with(case_import, columns)
        case_import.columns = columns
        case_import.mapping = mapping
        case_import.status = ImportStatus.QUEUED
        # The import runs on this person's say: its result is recorded in their name (see _finish).
        case_import.started_by = actor if getattr(actor, "pk", None) else None
        case_import.save(update_fields=["columns", "mapping", "status", "started_by"])
        record(
            actor=actor,
            action="case_import.started",
            partnership=case_import.partnership,
            target=case_import,
            changes={"columns": columns, "mapping": mapping},
            actor_label=_actor_label(actor),
        )
        if enqueue:
            # With the database task backend the task row is written in this
            # transaction: the import is queued only if the start is saved.
            run_case_import.enqueue(case_import_id=case_import.pk, partnership_id=case_import.partnership_id)
    return case_import


def case_import_run(*, case_import_id: int, today: dt.date | None = None) -> CaseImport:
    """Check the queued file and import it, or record why not.

    Either way the file itself is deleted: after a failure the officer fixes
    their copy and uploads it again. Running twice does nothing the second time.
    """
    # The file (tens of megabytes) is loaded by _check alone, and let go before the check.
    case_import = (
        CaseImport.objects.select_related("partnership", "uploaded_by").defer("content").get(pk=case_import_id)
    )
    if case_import.status != ImportStatus.QUEUED:
        return case_import
    today = today or timezone.localdate()
    try:
        with cycle_collector_paused():
            return _check_and_write(case_import_id, case_import, today)
    except Exception as error:  # noqa: BLE001 - the officer must never be left waiting on a stuck import
        # Log where it broke, not the message: a message could quote a cell.
        logger.error(
            "Case import %s stopped: %s\n%s",
            case_import_id,
            type(error).__name__,
            "".join(traceback.format_tb(error.__traceback__)),
        )
        problem = Problem(None, "", "Something went wrong while importing. Nothing was imported. Try again later.")
        with transaction.atomic():
            case_import = CaseImport.objects.select_for_update().defer("content").get(pk=case_import_id)
            if case_import.status != ImportStatus.QUEUED:
                return case_import
            return _finish(case_import, ImportStatus.FAILED, problems=[problem], problem_count=1)


def _check_and_write(case_import_id: int, case_import: CaseImport, today: dt.date) -> CaseImport:
    # Check outside the write transaction: it only reads, and on SQLite a
    # write transaction locks the database for everyone else.
    checked = _check(case_import, today)
    with transaction.atomic():
        case_import = (
            CaseImport.objects.select_for_update().select_related("partnership").defer("content").get(pk=case_import_id)
        )
        if case_import.status != ImportStatus.QUEUED:
            return case_import
        if checked.ok:
            summary = importing.write_pool(
                partnership=case_import.partnership, checked=checked, today=today, case_import=case_import
            )
            return _finish(case_import, ImportStatus.IMPORTED, summary=summary)
        return _finish(case_import, ImportStatus.FAILED, checked=checked)


def case_import_worker_lost(kwargs: dict, *, gave_up: bool) -> None:
    """The worker importing this list stopped (``maca.operations.workers``). The
    import is written in one transaction, so nothing was half-imported; it is
    queued again, and after the last try it says it stopped."""
    if not gave_up:
        return
    with transaction.atomic():
        case_import = CaseImport.objects.select_for_update().filter(pk=kwargs.get("case_import_id")).first()
        if case_import is None or case_import.status != ImportStatus.QUEUED:
            return
        problem = Problem(
            None, "", "The import stopped before it finished, several times. Nothing was imported. Try again later."
        )
        _finish(case_import, ImportStatus.FAILED, problems=[problem], problem_count=1)


def _check(case_import: CaseImport, today: dt.date) -> checking.Checked:
    sealed = CaseImport.objects.filter(pk=case_import.pk).values_list("content", flat=True).get()
    content = unseal_content(sealed)
    del sealed
    release_freed_memory()  # decryption's copies, before the rows are checked
    try:
        table = reading.open_table(content, case_import.file_format)
    except reading.FileRejected as error:
        problem = Problem(error.row, error.column, str(error))
        return checking.Checked(families={}, problems=[problem], problem_count=1, row_count=0)
    return checking.check_table(
        table=table,
        columns=case_import.columns,
        agencies=importing.agency_lookup(case_import.partnership),
        today=today,
    )


def _answerable_for(case_import: CaseImport):
    """Who an import's result is recorded as done by: who started it, on whose
    say it ran. An import started from the command line, or before the starter
    was kept, has none: then who uploaded it (none either from the command line)."""
    if case_import.started_by_id:
        return case_import.started_by
    return case_import.uploaded_by


def _finish(
    case_import: CaseImport,
    status: str,
    *,
    summary: dict[str, Any] | None = None,
    checked: checking.Checked | None = None,
    problems: list[Problem] | None = None,
    problem_count: int = 0,
) -> CaseImport:
    if checked is not None:
        problems, problem_count = checked.problems, checked.problem_count
        summary = {"rows": checked.row_count, "problems": problem_count}
    case_import.status = status
    case_import.content = None
    case_import.errors = [problem.as_dict() for problem in (problems or [])[:STORED_PROBLEMS]]
    case_import.summary = summary or {"problems": problem_count}
    case_import.row_count = case_import.summary.get("rows", 0)
    case_import.finished_at = timezone.now()
    case_import.save(update_fields=["status", "content", "errors", "summary", "row_count", "finished_at"])
    actor = _answerable_for(case_import)
    record(
        actor=actor,
        action="case_import.completed" if status == ImportStatus.IMPORTED else "case_import.failed",
        partnership=case_import.partnership,
        target=case_import,
        changes=case_import.summary,
        actor_label=_actor_label(actor),
    )
    return case_import


UPLOAD_CLEAN_UP = "scheduled clean-up"


def case_uploads_expire(*, partnership, before: dt.datetime, days: int | None = None) -> int:
    """Delete the file of every case list of ``partnership`` uploaded before
    ``before`` and never imported; return how many.

    The record of the upload stays, marked expired, with an event in the
    partnership's audit log. The partnership's retention run calls it daily
    (``maca.cases.retention``, the "uploaded files" period); running it twice
    does nothing the second time."""
    stale = CaseImport.objects.filter(
        partnership=partnership, status=ImportStatus.UPLOADED, uploaded_at__lt=before
    ).values_list("pk", flat=True)
    now = timezone.now()
    expired = 0
    for pk in list(stale):
        with transaction.atomic():
            case_import = CaseImport.objects.select_for_update().get(pk=pk)
            if case_import.status != ImportStatus.UPLOADED:
                continue  # mapped and queued meanwhile
            case_import.status = ImportStatus.EXPIRED
            case_import.content = None
            case_import.finished_at = now
            case_import.save(update_fields=["status", "content", "finished_at"])
            changes = {"status": [ImportStatus.UPLOADED.value, ImportStatus.EXPIRED.value]}
            if days is not None:
                changes["after_days"] = days
            record(
                actor=None,
                action="case_import.expired",
                partnership=partnership,
                target=case_import,
                changes=changes,
                actor_label=UPLOAD_CLEAN_UP,
            )
            expired += 1
    return expired


def case_import_discard(*, actor, case_import: CaseImport) -> CaseImport:
    """Throw away an upload that will not be imported, and its file.

    An import still queued (stuck behind a stopped worker, say) can be
    discarded too: the import takes this row's lock before it writes and does
    nothing once the row is discarded, so the pool is either imported in full
    before the discard (which is then refused) or not at all."""
    with transaction.atomic():
        case_import = CaseImport.objects.select_for_update().get(pk=case_import.pk)
        if case_import.status not in {ImportStatus.UPLOADED, ImportStatus.FAILED, ImportStatus.QUEUED}:
            raise ValidationError("Only a case list that has not been imported can be discarded.")
        before = case_import.status
        case_import.status = ImportStatus.DISCARDED
        case_import.content = None
        case_import.finished_at = timezone.now()  # the page says "Discarded" and this time
        case_import.save(update_fields=["status", "content", "finished_at"])
        record(
            actor=actor,
            action="case_import.discarded",
            partnership=case_import.partnership,
            target=case_import,
            changes={"status": [before, ImportStatus.DISCARDED.value]},
            actor_label=_actor_label(actor),
        )
    return case_import
