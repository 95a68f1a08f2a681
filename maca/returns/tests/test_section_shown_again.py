"""A section page shown again with answers to correct keeps the version of the
return the person started from: someone else's save in the meantime then meets
the usual "combine your changes" page at the next save (or autosave), instead
of being overwritten without a word."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from maca.accounts.tests.factories import sign_in_with_second_factor
from maca.returns.tests.builders import police_return, save
from maca.returns.tests.test_session_ended import end_every_session
from maca.tests.page import Page, words_shown

LEADS_WORDS = "Seen alone at school by the officer in the case."
AUDITORS_WORDS = "Not recorded anywhere in the police file."


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


def section_url(ret) -> str:
    return reverse("returns:section", args=[ret.pk, 2])


def opened_by_auditor(world, ret, client_for):
    """The auditor opens "The child's voice"; the page's form as drawn."""
    client = client_for(world["auditor"])
    page = Page(client.get(section_url(ret)).content.decode())
    drawn = {name: page.value(name) for name in ("version", "_section", "_editor")}
    return client, {name: value for name, value in drawn.items() if value is not None}


def voice_shown_to_lead(world, ret, client_for) -> str:
    return Page(client_for(world["lead"]).get(section_url(ret)).content.decode()).value("voice")


def test_a_section_shown_again_with_a_mistake_then_saved_offers_to_combine_with_the_answer_saved_meanwhile(
    world, ret, client_for
):
    auditor, form = opened_by_auditor(world, ret, client_for)
    save(ret, world["lead"], {"voice": LEADS_WORDS})  # while the auditor's page is open

    first = auditor.post(section_url(ret), {**form, "voice": AUDITORS_WORDS, "visits": "-1"})
    assert first.status_code == 200
    assert "must be 0 or more" in words_shown(first.content.decode())
    shown = Page(first.content.decode())
    assert shown.value("version") == form["version"]  # the version the auditor started from

    # Corrected and saved from the page as shown: both answers, to choose between.
    second = auditor.post(
        section_url(ret), {**form, "version": shown.value("version"), "voice": AUDITORS_WORDS, "visits": "1"}
    )
    words = words_shown(second.content.decode())
    assert second.status_code == 200
    assert "Combine your changes with theirs" in words
    assert f"Keep their answer: {LEADS_WORDS}" in words and f"Use your answer: {AUDITORS_WORDS}" in words
    assert voice_shown_to_lead(world, ret, client_for) == LEADS_WORDS


def test_autosave_from_a_section_shown_again_with_a_mistake_does_not_overwrite_the_answer_saved_meanwhile(
    world, ret, client_for
):
    auditor, form = opened_by_auditor(world, ret, client_for)
    save(ret, world["lead"], {"voice": LEADS_WORDS})
    first = auditor.post(section_url(ret), {**form, "voice": AUDITORS_WORDS, "visits": "-1"})
    shown = Page(first.content.decode())

    autosaved = auditor.post(
        reverse("returns:autosave", args=[ret.pk]),
        {**form, "version": shown.value("version"), "voice": AUDITORS_WORDS, "visits": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "Not saved: someone else has changed this return" in html.unescape(autosaved.content.decode())
    assert voice_shown_to_lead(world, ret, client_for) == LEADS_WORDS


def test_answers_kept_across_sign_in_shown_again_with_a_mistake_keep_the_version_the_auditor_started_from(
    world, ret, client_for
):
    auditor, form = opened_by_auditor(world, ret, client_for)
    end_every_session()
    auditor.post(section_url(ret), {**form, "voice": AUDITORS_WORDS, "visits": "-1"})  # kept until sign-in
    save(ret, world["lead"], {"voice": LEADS_WORDS})

    sign_in_with_second_factor(auditor, world["auditor"].user)
    kept = auditor.get(section_url(ret))
    assert kept.status_code == 200
    assert "Correct the answers shown below and save again" in words_shown(kept.content.decode())
    shown = Page(kept.content.decode())
    assert shown.value("version") == form["version"]

    second = auditor.post(
        section_url(ret), {**form, "version": shown.value("version"), "voice": AUDITORS_WORDS, "visits": "1"}
    )
    assert "Combine your changes with theirs" in words_shown(second.content.decode())
    assert voice_shown_to_lead(world, ret, client_for) == LEADS_WORDS
