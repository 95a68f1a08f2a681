"""Writing chronologies: entries added, changed and removed, files imported,
each with its audit record and never with the event's words in the log."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.core.concurrency import EditConflict
from maca.programme.models import Stage
from maca.returns.chronology_services import (
    chronology_entry_add,
    chronology_entry_remove,
    chronology_entry_update,
    chronology_import,
)
from maca.returns.models import ChronologyEntry, Impact, ReturnStatus
from maca.returns.tests.chronology_factories import make_chronology_audit, move_return

HEADINGS = ["Date", "End date (optional)", "Significant event", "Source", "Impact on the child", "Action taken"]
SECRET = "Disclosed to the school nurse that her stepfather hits her"


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


@pytest.fixture
def police_return(made, world):
    return made.return_of(world.police)


def add(return_record, actor, **overrides):
    values = {
        "date": dt.date(2025, 3, 4),
        "end_date": None,
        "event": SECRET,
        "source": "School nurse record",
        "impact": "negative",
        "action_taken": "Referral to children's social care",
    }
    values.update(overrides)
    return chronology_entry_add(actor=actor, return_record=return_record, **values)


def events_for(return_record):
    return AuditEvent.objects.filter(object_type="returns.return", object_id=str(return_record.pk))


def csv_file(rows, name="chronology.csv", headings=HEADINGS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="chronology.xlsx", headings=HEADINGS):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for record in rows:
        sheet.append(record)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


# Adding, changing, removing -----------------------------------------------------------------


def test_an_entry_is_added_with_the_return_s_case_and_agency_and_recorded(world, police_return, made):
    actor = world["auditor"].user
    entry = add(police_return, actor)
    assert entry.partnership_id == world.partnership.pk
    assert entry.audit_case_id == made.audit_case.pk
    assert entry.agency_id == world.police.pk
    assert entry.created_by == actor
    assert entry.version == 1
    event = events_for(police_return).get(action="chronology.entry_added")
    assert event.changes == {"entry": entry.pk}
    assert event.actor == actor


def test_the_audit_log_never_holds_what_an_entry_says(world, police_return):
    actor = world["auditor"].user
    entry = add(police_return, actor)
    chronology_entry_update(
        actor=actor,
        entry=entry,
        expected_version=1,
        date=entry.date,
        end_date=None,
        event=SECRET + " again",
        source="",
        impact="negative",
        action_taken="",
    )
    chronology_import(
        actor=actor, return_record=police_return, uploaded_file=csv_file([["3/4/2025", "", SECRET, "", "neg", ""]])
    )
    for event in AuditEvent.objects.filter(action__startswith="chronology."):
        assert "stepfather" not in str(event.changes) + event.object_label


def test_an_entry_is_updated_with_optimistic_locking(world, police_return):
    actor = world["auditor"].user
    entry = add(police_return, actor)
    updated = chronology_entry_update(
        actor=actor,
        entry=entry,
        expected_version=1,
        date=dt.date(2025, 3, 5),
        end_date=dt.date(2025, 3, 9),
        event="Stayed with her grandmother",
        source="School nurse record",
        impact="Neutral",
        action_taken="",
    )
    assert updated.version == 2
    assert (updated.date, updated.end_date, updated.impact) == (dt.date(2025, 3, 5), dt.date(2025, 3, 9), "neutral")
    event = events_for(police_return).get(action="chronology.entry_updated")
    assert event.changes == {
        "entry": entry.pk,
        "fields": ["action_taken", "date", "end_date", "event", "impact"],
        "version": 2,
    }


def test_a_stale_edit_is_refused_and_nothing_is_lost(world, police_return):
    entry = add(police_return, world["auditor"].user)
    chronology_entry_update(
        actor=world["lead"].user,
        entry=entry,
        expected_version=1,
        date=entry.date,
        end_date=None,
        event="The lead's wording",
        source="",
        impact="negative",
        action_taken="",
    )
    with pytest.raises(EditConflict) as caught:
        chronology_entry_update(
            actor=world["auditor"].user,
            entry=entry,
            expected_version=1,
            date=entry.date,
            end_date=None,
            event="The auditor's wording",
            source="",
            impact="negative",
            action_taken="",
        )
    assert caught.value.instance.event == "The lead's wording"
    entry.refresh_from_db()
    assert (entry.event, entry.version) == ("The lead's wording", 2)


def test_removing_keeps_the_entry_marked_and_recorded(world, police_return):
    actor = world["auditor"].user
    entry = add(police_return, actor)
    chronology_entry_remove(actor=actor, entry=entry, expected_version=1)
    entry.refresh_from_db()
    assert entry.removed_at is not None and entry.removed_by == actor
    assert not ChronologyEntry.objects.current().filter(pk=entry.pk).exists()
    assert events_for(police_return).filter(action="chronology.entry_removed", changes={"entry": entry.pk}).exists()
    with pytest.raises(ValidationError, match="already been removed"):
        chronology_entry_remove(actor=actor, entry=entry, expected_version=2)
    with pytest.raises(ValidationError, match="has been removed"):
        chronology_entry_update(
            actor=actor,
            entry=entry,
            expected_version=2,
            date=entry.date,
            end_date=None,
            event="x",
            source="",
            impact="neutral",
            action_taken="",
        )


def test_removing_a_stale_entry_is_refused(world, police_return):
    entry = add(police_return, world["auditor"].user)
    chronology_entry_update(
        actor=world["lead"].user,
        entry=entry,
        expected_version=1,
        date=entry.date,
        end_date=None,
        event="Changed",
        source="",
        impact="negative",
        action_taken="",
    )
    with pytest.raises(EditConflict):
        chronology_entry_remove(actor=world["auditor"].user, entry=entry, expected_version=1)
    assert ChronologyEntry.objects.current().filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"date": None}, "date", "Enter the date of the event"),
        ({"date": dt.date(2099, 1, 1)}, "date", "Date of the event must be today or in the past"),
        ({"end_date": dt.date(2025, 3, 1)}, "end_date", "The end date must be the same as or after the date"),
        ({"impact": "awful"}, "impact", "positive, negative or neutral"),
        ({"event": "   "}, "event", "Enter the significant event"),
        ({"event": "x" * 2001}, "event", "2,000 characters or fewer"),
        ({"action_taken": "x" * 2001}, "action_taken", "2,000 characters or fewer"),
        ({"source": "x" * 301}, "source", "300 characters or fewer"),
    ],
)
def test_the_services_refuse_a_bad_entry(world, police_return, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        add(police_return, world["auditor"].user, **overrides)
    assert message in caught.value.message_dict[field][0]
    assert not ChronologyEntry.objects.filter(return_record=police_return).exists()


def test_a_future_date_is_refused_but_today_is_fine(world, police_return):
    today = timezone.localdate()
    add(police_return, world["auditor"].user, date=today)
    with pytest.raises(ValidationError):
        add(police_return, world["auditor"].user, date=today + dt.timedelta(days=1))


def test_line_breaks_count_as_one_character(world, police_return):
    entry = add(police_return, world["auditor"].user, event=("x" * 9 + "\r\n") * 199 + "x" * 9)
    assert len(entry.event) == 1999 and "\r" not in entry.event


@pytest.mark.parametrize("status", [ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.WITHDRAWN])
def test_nothing_changes_once_the_return_is_no_longer_editable(world, police_return, status):
    entry = add(police_return, world["auditor"].user)
    police_return = move_return(police_return, world, to=status)
    actor = world["lead"].user
    with pytest.raises(ValidationError, match="The chronology cannot be changed because the return has been"):
        add(police_return, actor)
    with pytest.raises(ValidationError, match="cannot be changed"):
        chronology_entry_update(
            actor=actor,
            entry=entry,
            expected_version=1,
            date=entry.date,
            end_date=None,
            event="x",
            source="",
            impact="neutral",
            action_taken="",
        )
    with pytest.raises(ValidationError, match="cannot be changed"):
        chronology_entry_remove(actor=actor, entry=entry, expected_version=1)
    with pytest.raises(ValidationError, match="cannot be changed"):
        chronology_import(
            actor=actor, return_record=police_return, uploaded_file=csv_file([["3/4/2025", "", "Seen", "", "0", ""]])
        )
    assert ChronologyEntry.objects.filter(return_record=police_return).count() == 1


def test_nothing_changes_outside_the_editing_stages(world):
    made = make_chronology_audit(world, stage=Stage.WRITING_UP)
    with pytest.raises(ValidationError, match="only be changed while agencies are auditing or at the meeting stage"):
        add(made.return_of(world.police), world["auditor"].user)


# Importing files ----------------------------------------------------------------------------


def test_a_clean_csv_adds_every_row(world, police_return):
    upload = csv_file(
        [
            ["03/01/2025", "", "Seen by the health visitor", "Health visiting record", "Positive", ""],
            ["4/1/2025", "10/1/2025", "Admitted to hospital", "Hospital record", "neg", "Strategy discussion"],
            ["2025-02-01", "", "Missed school", "", "0", ""],
        ]
    )
    result = chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert result.added == 3
    entries = list(ChronologyEntry.objects.filter(return_record=police_return).order_by("date"))
    assert [(e.date, e.end_date, e.impact) for e in entries] == [
        (dt.date(2025, 1, 3), None, Impact.POSITIVE),
        (dt.date(2025, 1, 4), dt.date(2025, 1, 10), Impact.NEGATIVE),
        (dt.date(2025, 2, 1), None, Impact.NEUTRAL),
    ]
    assert {e.agency_id for e in entries} == {world.police.pk}
    event = events_for(police_return).get(action="chronology.imported")
    assert event.changes == {"entries": 3, "format": "csv"}


def test_a_clean_workbook_adds_every_row_with_excel_dates(world, police_return):
    upload = xlsx_file(
        [
            [dt.datetime(2025, 1, 3), None, "Seen by the GP", "GP record", "positive", None],
            ["4/1/2025", dt.datetime(2025, 1, 6), "Stayed with an aunt", None, "+", "None needed"],
        ]
    )
    assert chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload).added == 2
    dates = sorted(ChronologyEntry.objects.filter(return_record=police_return).values_list("date", "end_date"))
    assert dates == [(dt.date(2025, 1, 3), None), (dt.date(2025, 1, 4), dt.date(2025, 1, 6))]


@pytest.mark.parametrize("make", [csv_file, xlsx_file])
def test_one_bad_cell_saves_nothing_and_names_row_and_column(world, police_return, make):
    upload = make(
        [
            ["03/01/2025", "", "Seen by the health visitor", "", "Positive", ""],
            ["4/1/2025", "", "Admitted to hospital", "", "terrible", ""],
            ["2025-02-01", "", "Missed school", "", "0", ""],
        ]
    )
    with pytest.raises(ValidationError) as caught:
        chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert caught.value.messages == [
        "Row 3, column ‘Impact on the child’: enter positive, negative or neutral (or +, - or 0)"
    ]
    assert not ChronologyEntry.objects.filter(return_record=police_return).exists()
    assert not events_for(police_return).filter(action="chronology.imported").exists()


def test_a_formula_in_a_workbook_is_never_evaluated_by_maca(world, police_return):
    """A formula cell reads as the value Excel saved with it. This workbook was
    written by a program that does not calculate, so it has none."""
    upload = xlsx_file([["3/1/2025", None, "=1+1", "Seen", "neutral", "@SUM(A1)"]])
    with pytest.raises(ValidationError) as caught:
        chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert caught.value.messages == ["Row 2, column ‘Significant event’: enter the significant event"]
    upload = xlsx_file([["3/1/2025", None, "Seen", "Health visitor", "neutral", "@SUM(A1)"]])
    chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert ChronologyEntry.objects.get(return_record=police_return).action_taken == "@SUM(A1)"  # text, as typed


def test_a_formula_in_a_date_cell_gives_no_date(world, police_return):
    upload = xlsx_file([["=TODAY()", None, "Seen", None, "neutral", None]])
    with pytest.raises(ValidationError) as caught:
        chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert caught.value.messages[0].startswith("Row 2, column ‘Date’: enter the date of the event")


def test_formula_looking_csv_cells_are_plain_text(world, police_return):
    upload = csv_file([["3/1/2025", "", "-2+3 said the child", "+44 7700 900000", "-", "=cmd|' /C calc'!A0"]])
    chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    entry = ChronologyEntry.objects.get(return_record=police_return)
    assert (entry.event, entry.source, entry.impact) == ("-2+3 said the child", "+44 7700 900000", "negative")
    assert entry.action_taken == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("chronology.xls", b"x"), "must be a CSV or an Excel workbook (.xlsx)"),
        (SimpleUploadedFile("chronology.pdf", b"%PDF-1.4"), "must be a CSV or an Excel workbook (.xlsx)"),
        (SimpleUploadedFile("chronology.xlsx", b"Date,Event\n"), "is not an Excel workbook"),
        (SimpleUploadedFile("chronology.csv", b"Date" + b"x" * (2 * 1024 * 1024)), "2 MB or smaller"),
    ],
)
def test_the_wrong_type_or_a_file_too_big_is_refused(world, police_return, upload, message):
    with pytest.raises(ValidationError) as caught:
        chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert message in caught.value.messages[0]


def test_missing_columns_are_named(world, police_return):
    upload = csv_file([["3/1/2025", "Seen"]], headings=["Date", "Event"])
    with pytest.raises(ValidationError) as caught:
        chronology_import(actor=world["auditor"].user, return_record=police_return, uploaded_file=upload)
    assert caught.value.messages == ["The file must have a column headed ‘Impact on the child’"]
