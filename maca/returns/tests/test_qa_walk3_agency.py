"""An agency lead's walk through their returns (third walk): what the pages
say where the lead sees only their own agency's part, and after combining
the changes of two pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.returns.tests.builders import autosave, police_return, reopened, save
from maca.returns.tests.chronology_factories import make_chronology_audit, make_entry
from maca.tests.page import Page
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


# Combining the changes of two pages ----------------------------------------------------------


def _combine(client, response, choices: dict):
    page = Page(response.content.decode())
    data = {name: page.value(name) for name in ("mine", "base_version", "version", "section") if page.value(name)}
    url = reverse("returns:merge", args=[response.context["return_record"].pk])
    return client.post(url, {**data, **choices}, follow=True)


def _save_and_continue(client, ret, version, answers: dict):
    return client.post(reverse("returns:section", args=[ret.pk, 1]), {"version": version, **answers})


def test_combining_two_of_ones_own_pages_does_not_speak_of_someone_else(world, client_for):
    ret = police_return(world, two_sections=True)
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    autosave(auditor, ret, opened_at, 1, {"info_grade": "good"})  # the other tab, saved first
    page = _save_and_continue(auditor, ret, opened_at, {"info_grade": "inadequate"})
    assert "You changed this return on another page" in words_of(page.content.decode())

    text = words_of(_combine(auditor, page, {"choice-info_grade": "mine"}).content.decode())
    assert "The changes from both pages have been saved together." in text
    assert "theirs" not in text


def test_combining_with_someone_elses_save_still_says_theirs(world, client_for):
    ret = police_return(world, two_sections=True)
    auditor = client_for(world["auditor"])
    opened_at = reopened(auditor, ret, 1).value("version")
    save(ret, world["lead"], {"info_grade": "good"})
    page = _save_and_continue(auditor, ret, opened_at, {"info_grade": "inadequate"})

    text = words_of(_combine(auditor, page, {"choice-info_grade": "mine"}).content.decode())
    assert "Your changes and theirs have been saved together." in text
