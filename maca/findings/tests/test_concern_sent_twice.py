"""The immediate concern form sent twice (its button pressed twice, or the
browser sending it again after a slow response) raises one concern, e-mails
the agency's leads once and raises one urgent action; the second send lands
on the concern the first raised, saying so. A new page is a new concern."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.actions.models import Action
from maca.findings.models import ImmediateConcern
from maca.findings.tests.builders import audit_at_meeting
from maca.notifications.models import OutgoingEmail
from maca.tests.page import Page
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

FOUND = "Bruising seen, not referred."


def _html(response) -> str:
    return response.content.decode()


def _form_of(page: str, **typed) -> dict:
    """The hidden fields the page drew, sent back as the browser would, with what the person typed."""
    data = {e["name"]: e.get("value", "") for e in Page(page).inputs() if e.get("type") == "hidden"}
    return {**data, **typed}


@pytest.fixture
def case_page(world):
    audit = audit_at_meeting(world)
    audit_case = audit.audit_cases.get(number=1)
    return audit_case, reverse("findings:concern_new", args=[audit.pk, audit_case.pk])


def test_the_concern_form_sent_twice_raises_one_concern_one_email_and_one_urgent_action(world, client_for, case_page):
    audit_case, url = case_page
    qa = client_for(world["qa"])
    page = _html(qa.get(url))
    assert 'data-prevent-double-click="true"' in page
    assert Page(page).value("submission")
    form = _form_of(page, agency=str(world.police.pk), what_was_found=FOUND)

    first = qa.post(url, form)
    again = qa.post(url, form, follow=True)

    concern = ImmediateConcern.objects.get(audit_case=audit_case)
    assert first.url == reverse("findings:concern", args=[concern.pk])
    assert again.redirect_chain[-1][0] == reverse("findings:concern", args=[concern.pk])
    words = words_of(_html(again))
    assert (
        "The concern has been raised and e-mailed to the agency lead who acts for Testshire Police. "
        "It was raised once, not twice." in words
    )
    assert OutgoingEmail.objects.filter(kind="immediate_concern").count() == 1
    assert Action.objects.filter(concern__audit_case=audit_case).count() == 1
    # The list of concerns shows the one raised.
    listing = read_tables(_html(qa.get(reverse("findings:concerns"))))["Immediate concerns"]
    assert len(listing.rows) == 1


def test_a_new_page_or_changed_words_raise_another_concern(world, client_for, case_page):
    audit_case, url = case_page
    qa = client_for(world["qa"])
    page = _html(qa.get(url))
    form = _form_of(page, agency=str(world.police.pk), what_was_found=FOUND)
    qa.post(url, form)
    # The same page, come back to with the browser's Back button and changed: another concern.
    qa.post(url, {**form, "what_was_found": "A second child seen alone at night."})
    # A new page is a new form: the same words raised from it are another concern.
    qa.post(url, _form_of(_html(qa.get(url)), agency=str(world.police.pk), what_was_found=FOUND))
    assert ImmediateConcern.objects.filter(audit_case=audit_case).count() == 3
    assert OutgoingEmail.objects.filter(kind="immediate_concern").count() == 3


def test_a_form_shown_again_with_an_error_still_raises_once(world, client_for, case_page):
    audit_case, url = case_page
    qa = client_for(world["qa"])
    form = _form_of(_html(qa.get(url)), agency=str(world.police.pk), what_was_found=FOUND)
    page = _html(qa.post(url, {**form, "what_was_found": ""}))
    assert "Enter what was found" in words_of(page)
    assert Page(page).value("submission") == form["submission"]
    qa.post(url, form)
    qa.post(url, form)
    assert ImmediateConcern.objects.filter(audit_case=audit_case).count() == 1
    assert OutgoingEmail.objects.filter(kind="immediate_concern").count() == 1
