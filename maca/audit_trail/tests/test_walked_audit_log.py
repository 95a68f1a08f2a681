"""Found reading the audit log as a partnership admin after importing case
lists: what an event recorded, and the names of actions, in plain words."""

from __future__ import annotations

import re

from django.urls import reverse

from maca.audit_trail.services import record


def text_of(page) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())


def test_an_events_details_spell_nhs_and_file_formats_in_capitals(world, client_for):
    event = record(
        actor=world["qa"].user,
        action="case_import.uploaded",
        partnership=world.partnership,
        changes={"format": "csv", "columns": {"nhs_number": "NHS No", "child_reference": "Child ref"}},
    )
    page = text_of(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])))
    assert "NHS number: NHS No" in page and "Nhs number" not in page
    assert "Format CSV" in page and "Format csv" not in page


def test_action_names_use_curly_apostrophes(world, client_for):
    record(actor=world["qa"].user, action="finding.themes_confirmed", partnership=world.partnership)
    record(actor=world["qa"].user, action="action.owner_changed", partnership=world.partnership)
    page = text_of(client_for(world["admin"]).get(reverse("audit_trail:events")))
    assert "Finding’s themes confirmed" in page and "Action’s owner changed" in page
    assert "Finding's" not in page and "Action's" not in page


def test_a_filter_from_an_old_link_is_refused_in_plain_words(world, client_for):
    # A person no longer in the list (a link kept from before): Django's own
    # "Select a valid choice. 99999 is not one of the available choices." was shown.
    client = client_for(world["admin"])
    page = client.get(reverse("audit_trail:events"), {"actor": "99999", "action": "no.such", "object_id": "9" * 65})
    words = text_of(page)
    assert "There is a problem" in words
    assert "Select a person from the list" in words
    assert "Select an action from the list" in words
    assert "The record number must be 64 characters or fewer" in words
    assert "valid choice" not in words and "Ensure this value" not in words


def test_dates_the_wrong_way_round_are_explained_with_curly_quotes(world, client_for):
    page = client_for(world["admin"]).get(
        reverse("audit_trail:events"),
        {
            "date_from-day": "2",
            "date_from-month": "12",
            "date_from-year": "2026",
            "date_to-day": "1",
            "date_to-month": "11",
            "date_to-year": "2026",
        },
    )
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in text_of(page)
