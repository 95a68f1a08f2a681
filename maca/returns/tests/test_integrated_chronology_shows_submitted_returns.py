"""A case's integrated (multi-agency) chronology shows the entries of its
returns that are in (submitted or accepted), as the meeting discusses them
and the response figures count them; one rule (``Return.objects.responded``)
for its table, its timeline and its counts. It used to show drafts' entries,
which may still change, while counting them nowhere else; a withdrawn
return's were dropped without a word. Now the page says how many returns'
entries it leaves out, and why."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from maca.returns.models import ReturnStatus
from maca.returns.tests.chronology_factories import (
    add_agency,
    make_chronology_audit,
    make_entry,
    more_agencies,
    move_return,
    submit,
)
from maca.tests.page import words_shown

DRAFT_NOTE = "Entries from 1 return still in draft are not shown: they are shown once it is submitted."
WITHDRAWN_NOTE = "Entries from 1 return withdrawn are not shown: it is no longer asked for."
SENT_BACK_NOTE = (
    "Entries from 1 return sent back to its agency for changes are not shown: "
    "they are shown once it is submitted again."
)


def _words(client, made) -> str:
    url = reverse("chronology:integrated", args=[made.audit.pk, made.audit_case.pk])
    return words_shown(client.get(url).content.decode())


def test_only_submitted_returns_entries_are_shown_and_counted_and_the_rest_are_told(world, client_for):
    (youth,) = more_agencies(world, 1, prefix="Youth service")
    made = make_chronology_audit(world)
    withdrawn = add_agency(made, youth)
    police, health = made.return_of(world.police), made.return_of(world.health)
    make_entry(police, date=dt.date(2025, 1, 3), event="Police attended a domestic incident")
    make_entry(police, date=dt.date(2025, 2, 3), event="Police visit after a call")
    make_entry(health, date=dt.date(2025, 3, 1), event="Draft health visitor entry")
    make_entry(withdrawn, date=dt.date(2025, 4, 1), event="Withdrawn youth service entry")
    move_return(police, world, to=ReturnStatus.SUBMITTED)
    move_return(withdrawn, world, to=ReturnStatus.WITHDRAWN)

    words = _words(client_for(world["qa"]), made)
    assert "Police attended a domestic incident" in words
    assert "Draft health visitor entry" not in words and "Withdrawn youth service entry" not in words
    assert "2 entries from 1 agency, in date order. It shows the entries of submitted returns only." in words
    assert DRAFT_NOTE in words and WITHDRAWN_NOTE in words
    assert "Testshire Care Board" not in words.split("Events in date order")[1]

    submit(health)
    words = _words(client_for(world["qa"]), made)
    assert "Draft health visitor entry" in words
    assert "3 entries from 2 agencies" in words
    assert DRAFT_NOTE not in words and WITHDRAWN_NOTE in words


def test_a_return_sent_back_is_told_and_nothing_submitted_says_so(world, client_for):
    from maca.returns.services import return_review

    made = make_chronology_audit(world, agencies=[world.police])
    police = made.return_of(world.police)
    make_entry(police, date=dt.date(2025, 1, 3), event="Police attended a domestic incident")
    words = _words(client_for(world["qa"]), made)
    assert DRAFT_NOTE in words
    assert "No submitted return has an entry in its chronology of this case yet." in words
    assert "Police attended a domestic incident" not in words

    submitted = move_return(police, world, to=ReturnStatus.SUBMITTED)
    qa = world["qa"]
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=submitted,
        accept=False,
        comment="Add the school's referral",
        expected_version=submitted.version,
    )
    words = _words(client_for(world["qa"]), made)
    assert SENT_BACK_NOTE in words and DRAFT_NOTE not in words


def test_an_agency_sees_what_of_its_own_is_left_out_and_nothing_of_others(world, client_for):
    made = make_chronology_audit(world)
    police, health = made.return_of(world.police), made.return_of(world.health)
    make_entry(police, date=dt.date(2025, 1, 3), event="Police attended a domestic incident")
    make_entry(health, date=dt.date(2025, 3, 1), event="Draft health visitor entry")
    # Before the meeting the police see their own agency's only: their own draft is told, not the board's.
    words = _words(client_for(world["auditor"]), made)
    assert DRAFT_NOTE in words
    assert "You can see your own agency’s entries only." in words


def test_with_no_entry_to_show_the_page_counts_none_and_offers_nothing_to_highlight_or_print(world, client_for):
    """It used to open "0 entries from 0 agencies, in date order", say which gaps and
    clusters it highlights, and offer to change them and to print, with nothing below."""
    made = make_chronology_audit(world, agencies=[world.police])
    make_entry(made.return_of(world.police), date=dt.date(2025, 1, 3), event="Police attended a domestic incident")
    words = _words(client_for(world["qa"]), made)
    assert "0 entries" not in words and "0 agencies" not in words
    assert "It shows the entries of submitted returns only." in words
    assert DRAFT_NOTE in words
    assert "No submitted return has an entry in its chronology of this case yet." in words
    assert "Gaps of more than" not in words and "Show gaps longer than" not in words
    assert "Print this chronology" not in words

    submit(made.return_of(world.police))
    words = _words(client_for(world["qa"]), made)
    assert "1 entry from 1 agency, in date order. It shows the entries of submitted returns only." in words
    assert "Gaps of more than 90 days" in words and "Show gaps longer than" in words
    assert "Print this chronology" in words
