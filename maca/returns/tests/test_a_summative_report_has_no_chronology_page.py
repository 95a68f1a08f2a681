"""A deep dive's summative report asks for no chronology (ADR 0016): no link
leads to a chronology page of one, and its address typed in gives "Page not
found", as would a return the person may not see. Nothing can be added to
it, by the form or a spreadsheet. A report with entries written before it
asked for none still shows them, to change or remove."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.returns.chronology_services import chronology_entry_add
from maca.returns.models import ChronologyEntry, Impact, Return
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown


def _report(world) -> Return:
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    return Return.objects.get(audit=audit, agency=world.police, audit_case=None)


ENTRY = {
    "date-day": "4",
    "date-month": "3",
    "date-year": "2025",
    "event": "Seen at the walk-in centre",
    "source": "Urgent care record",
    "impact": "negative",
}


@pytest.mark.parametrize("persona", ["qa", "admin", "lead", "auditor"])
def test_a_summative_reports_chronology_address_is_not_found(world, client_for, persona):
    report = _report(world)
    client = client_for(world[persona])
    assert client.get(reverse("returns:detail", args=[report.pk])).status_code == 200
    response = client.get(reverse("chronology:return", args=[report.pk]))
    assert response.status_code == 404
    assert "Page not found" in words_shown(response.content.decode())


def test_nothing_can_be_added_to_a_summative_reports_chronology(world, client_for):
    report = _report(world)
    auditor = client_for(world["auditor"])
    assert auditor.get(reverse("chronology:add", args=[report.pk])).status_code == 404
    assert auditor.post(reverse("chronology:add", args=[report.pk]), ENTRY).status_code == 404
    assert auditor.post(reverse("chronology:upload", args=[report.pk]), {}).status_code == 404
    with pytest.raises(ValidationError, match="A summative report has no chronology"):
        chronology_entry_add(
            actor=world["auditor"].user,
            return_record=report,
            date=dt.date(2025, 3, 4),
            end_date=None,
            event="Seen at the walk-in centre",
            source="",
            impact=Impact.NEGATIVE,
            action_taken="",
        )
    assert not ChronologyEntry.objects.filter(return_record=report).exists()


def test_entries_written_before_are_shown_to_change_or_remove_not_added_to(world, client_for):
    report = _report(world)
    # Written before a summative report asked for none: made as it was then.
    ChronologyEntry.objects.create(
        partnership_id=report.partnership_id,
        return_record=report,
        agency_id=report.agency_id,
        date=dt.date(2025, 3, 4),
        event="An entry written before",
        impact=Impact.NEUTRAL,
    )
    auditor = client_for(world["auditor"])
    detail = words_shown(auditor.get(reverse("returns:detail", args=[report.pk])).content.decode())
    assert "Chronology" in detail
    words = words_shown(auditor.get(reverse("chronology:return", args=[report.pk])).content.decode())
    assert "An entry written before" in words
    assert "You can change or remove them, but not add to them" in words
    assert "Add an entry" not in words and "Add entries from a spreadsheet" not in words
    assert auditor.post(reverse("chronology:add", args=[report.pk]), ENTRY).status_code == 404


def test_a_case_returns_chronology_is_still_found(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = Return.objects.get(audit=audit, agency=world.police)
    words = words_shown(client_for(world["auditor"]).get(reverse("chronology:return", args=[ret.pk])).content.decode())
    assert "Add an entry" in words
