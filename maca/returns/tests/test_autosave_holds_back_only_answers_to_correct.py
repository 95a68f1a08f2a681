"""One answer that needs correcting (a number typed as a word) no longer stops
the autosave of the rest of its section (QA walk): the other answers are
saved, and the status line names the answer held back and why. The page's
script keeps what was typed in the tab and asks before a link leaves it
(``returns/autosave.js``, proved by the returns browser journey)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import autosave, police_return, reopened
from maca.tests.page import words_shown

VISITS = "How many times was the child seen alone?"
VOICE = "Made-up answer: she drew her family and talked about school."


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


def test_the_other_answers_of_the_section_are_saved_and_the_bad_one_named(world, ret, client_for):
    client = client_for(world["auditor"])

    said, version = autosave(client, ret, ret.version, 2, {"visits": "lots", "voice": VOICE})

    assert said.startswith("Your other answers were saved at ")
    assert f"but not this: ‘{VISITS}’ must be a whole number, like 3." in said
    ret.refresh_from_db()
    assert ret.answers == {"voice": VOICE}
    assert version == str(ret.version)
    # The lead, on the return, sees the answer saved.
    shown = words_shown(client_for(world["lead"]).get(reverse("returns:detail", args=[ret.pk])).content.decode())
    assert VOICE in shown
    # Reopened, the section shows it too.
    assert reopened(client, ret, 2).value("voice") == VOICE


def test_only_the_bad_answer_changed_saves_nothing_and_says_which(world, ret, client_for):
    client = client_for(world["auditor"])
    _said, version = autosave(client, ret, ret.version, 2, {"visits": "lots", "voice": VOICE})

    said, again = autosave(client, ret, version, 2, {"visits": "many", "voice": VOICE})

    assert said.startswith(f"Not saved: ‘{VISITS}’ must be a whole number, like 3.")
    assert again == version
    assert Return.objects.get(pk=ret.pk).answers == {"voice": VOICE}


def test_a_corrected_answer_is_then_saved(world, ret, client_for):
    client = client_for(world["auditor"])
    _said, version = autosave(client, ret, ret.version, 2, {"visits": "lots", "voice": VOICE})

    said, _version = autosave(client, ret, version, 2, {"visits": "3", "voice": VOICE})

    assert said.startswith("Draft saved at ")
    assert Return.objects.get(pk=ret.pk).answers == {"voice": VOICE, "visits": 3}


def test_save_and_continue_still_shows_the_error_under_the_box(world, ret, client_for):
    client = client_for(world["auditor"])
    response = client.post(
        reverse("returns:section", args=[ret.pk, 2]), {"version": ret.version, "visits": "lots", "voice": VOICE}
    )
    shown = words_shown(response.content.decode())
    assert "There is a problem" in shown
    assert f"‘{VISITS}’ must be a whole number, like 3" in shown


def test_a_return_sent_in_meanwhile_saves_nothing_and_says_so_not_held_back(world, ret, client_for, monkeypatch):
    """Submitted between the page's check and its save: nothing was saved, so
    the page's script is told "no" (it keeps every answer in the tab as
    unsaved), with the reason, not that the other answers were saved."""
    from django.core.exceptions import ValidationError

    from maca.returns import services
    from maca.returns.models import ReturnStatus

    def sent_in_meanwhile(**kwargs):
        Return.objects.filter(pk=ret.pk).update(status=ReturnStatus.SUBMITTED)
        raise ValidationError("This return cannot be changed now.")

    monkeypatch.setattr(services, "return_save_section", sent_in_meanwhile)
    client = client_for(world["auditor"])
    response = client.post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": ret.version, "_section": 2, "visits": "lots", "voice": VOICE},
        HTTP_HX_REQUEST="true",
    )
    said = words_shown(response.content.decode())
    assert response["X-Draft-Saved"] == "no"
    assert said.startswith("Not saved: this return cannot be changed because ")
    assert said != "Not saved: this return cannot be changed now."
    assert "need correcting" not in said and "were saved" not in said
    assert Return.objects.get(pk=ret.pk).answers == {}


def test_a_save_refused_for_another_reason_says_that_reason(world, ret, client_for, monkeypatch):
    """A refusal that is neither the return sent in nor an answer held back
    (a deep dive's case taken off the agency meanwhile, say) is said in its
    own words, not as 'cannot be changed now' (review of 4e0bb36)."""
    from django.core.exceptions import ValidationError

    from maca.returns import services

    def refused(**kwargs):
        raise ValidationError("The number of cases audited can be no more than 2.")

    monkeypatch.setattr(services, "return_save_section", refused)
    response = client_for(world["auditor"]).post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": ret.version, "_section": 2, "visits": "3", "voice": VOICE},
        HTTP_HX_REQUEST="true",
    )
    assert response["X-Draft-Saved"] == "no"
    assert words_shown(response.content.decode()) == "Not saved: the number of cases audited can be no more than 2."
    assert Return.objects.get(pk=ret.pk).answers == {}
