"""An agency lead's walk through their returns (third walk): what the pages
say where the lead sees only their own agency's part, and after combining
the changes of two pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.returns.tests.chronology_factories import make_chronology_audit, make_entry
from maca.tests.test_words_on_pages import words_of


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


def integrated_url(made):
    return reverse("chronology:integrated", args=[made.audit.pk, made.audit_case.pk])


def test_an_agency_seeing_only_its_own_entries_is_not_told_no_agency_has_any(world, client_for, made):
    # Only the care board has written its chronology; the police lead cannot
    # see it before the meeting, so the page speaks of the police's own.
    make_entry(made.return_of(world.health), date=dt.date(2025, 3, 1), event="Seen by the health visitor")
    text = words_of(client_for(world["lead"]).get(integrated_url(made)).content.decode())
    assert "You can see your own agency’s entries only" in text
    assert "No agency has recorded an entry" not in text
    assert "Your agency has not recorded an entry in its chronology of this case yet." in text


def test_the_qa_officer_is_still_told_when_no_agency_has_an_entry(world, client_for, made):
    text = words_of(client_for(world["qa"]).get(integrated_url(made)).content.decode())
    assert "No agency has recorded an entry in its chronology of this case yet." in text

