"""Answers that cannot be kept are refused with a message, and nothing is saved:
a number answer past the largest a count may be (on the section page), and a
text answer holding a NUL character sent back by the merge page (which
PostgreSQL's jsonb cannot store: run this file on PostgreSQL too)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from maca.returns.models import Return, ReturnRevision
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import Page, words_shown
from maca.tools.answers import LARGEST_NUMBER

SEEN_ALONE = "How many times was the child seen alone?"
WORRIED = "What are we worried about?"


def _police_return(audit, world) -> Return:
    return Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()


@pytest.fixture
def two_sections(world):
    """A return whose second section asks "How many times was the child seen alone?"."""
    audit = audit_with_returns(world, agencies=[world.police], two_sections=True)
    return _police_return(audit, world)


def _error_summary(page: str) -> str:
    start = page.index('class="govuk-error-summary"')
    return words_shown(page[start : page.index("</div>", page.index("govuk-error-summary__body", start))])


def test_a_number_answer_of_twenty_digits_is_refused_naming_the_question(world, two_sections, client_for):
    ret = two_sections
    client = client_for(world["auditor"])
    section = reverse("returns:section", args=[ret.pk, 2])
    response = client.post(
        section, {"version": ret.version, "voice": "Seen alone at school.", "visits": "99999999999999999999"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="govuk-error-summary"') == 1
    assert f"‘{SEEN_ALONE}’ must be 100,000 or fewer" in _error_summary(page)
    # What was typed is shown back in its box, to correct.
    assert Page(page).value("visits") == "99999999999999999999"

    # Nothing saved: re-opened, the section holds no answers.
    ret.refresh_from_db()
    assert ret.answers == {}
    shown = Page(client.get(section).content.decode())
    assert shown.value("visits") == "" and shown.value("voice") == ""


def test_the_largest_number_is_taken_and_one_more_is_not(world, two_sections, client_for):
    ret = two_sections
    client = client_for(world["auditor"])
    section = reverse("returns:section", args=[ret.pk, 2])
    refused = client.post(section, {"version": ret.version, "visits": str(LARGEST_NUMBER + 1)})
    assert f"‘{SEEN_ALONE}’ must be 100,000 or fewer" in _error_summary(refused.content.decode())
    ret.refresh_from_db()
    assert "visits" not in ret.answers

    client.post(section, {"version": ret.version, "visits": str(LARGEST_NUMBER)})
    ret.refresh_from_db()
    assert ret.answers == {"visits": LARGEST_NUMBER}
    assert Page(client.get(section).content.decode()).value("visits") == "100000"


def test_a_nul_in_a_text_answer_sent_through_the_merge_page_is_refused_and_nothing_saved(world, client_for):
    audit = audit_with_returns(world)
    ret = _police_return(audit, world)
    version = ret.version
    client = client_for(world["auditor"])
    client.raise_request_exception = False  # a server error is a failure of this test, not an exception in it
    response = client.post(
        reverse("returns:merge", args=[ret.pk]),
        {"mine": json.dumps({"worried": "Mother\x00 said"}), "base_version": version, "version": version},
        follow=True,
    )

    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert f"The answer to ‘{WORRIED}’ is not one this question accepts." in words
    assert "Your changes and theirs have been saved together" not in words

    ret.refresh_from_db()
    assert ret.answers == {} and ret.version == version
    assert not ReturnRevision.objects.filter(return_record=ret).exists()
    section = Page(client.get(reverse("returns:section", args=[ret.pk, 1])).content.decode())
    assert section.value("worried") == ""


def test_a_number_past_the_largest_sent_through_the_merge_page_is_refused_naming_the_question(
    world, two_sections, client_for
):
    ret = two_sections
    version = ret.version
    client = client_for(world["auditor"])
    response = client.post(
        reverse("returns:merge", args=[ret.pk]),
        {"mine": json.dumps({"visits": 10**20}), "base_version": version, "version": version},
        follow=True,
    )
    assert f"‘{SEEN_ALONE}’ must be 100,000 or fewer" in words_shown(response.content.decode())
    ret.refresh_from_db()
    assert ret.answers == {} and ret.version == version
