"""The progress page sent twice (its button pressed twice, or the browser
sending it again after a slow response) posts one update with one copy of its
evidence, and says so; two pages, even with the same words, are two updates,
as two people posting at once both succeed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.actions.models import ActionEvent, EventKind, Evidence
from maca.actions.tests.builders import raise_action
from maca.tests.page import Page
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOTE = "Drafted the checklist."


def _html(response) -> str:
    return response.content.decode()


def _hidden(page: str) -> dict:
    """The hidden fields the page drew, sent back as the browser would."""
    return {e["name"]: e.get("value", "") for e in Page(page).inputs() if e.get("type") == "hidden"}


def _send(client, url, hidden: dict, note: str = NOTE, **kwargs):
    upload = SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf")
    return client.post(url, {**hidden, "note": note, "files": [upload]}, **kwargs)


def _progress_rows(client, action) -> list[list[str]]:
    page = _html(client.get(reverse("actions:detail", args=[action.pk])))
    return [row for row in read_tables(page)["History"].rows if NOTE in row[3]]


def test_one_progress_page_sent_twice_posts_one_update_with_one_file(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    page = _html(lead.get(url))
    assert 'data-prevent-double-click="true"' in page
    hidden = _hidden(page)
    assert hidden.get("submission")

    first = _send(lead, url, hidden)
    again = _send(lead, url, hidden, follow=True)

    assert first.url == reverse("actions:detail", args=[action.pk])
    assert again.redirect_chain[-1][0] == reverse("actions:detail", args=[action.pk])
    assert "Your progress update has been added. It was added once, not twice." in words_of(_html(again))
    rows = _progress_rows(lead, action)
    assert len(rows) == 1
    assert rows[0][4].count("minutes.pdf") == 1
    assert ActionEvent.objects.filter(action=action, kind=EventKind.PROGRESS).count() == 1
    assert Evidence.objects.count() == 1


def test_two_progress_pages_post_two_updates(world, client_for):
    """Two people with the page open at once (or one person opening it twice) both post."""
    action = raise_action(world)
    lead, auditor = client_for(world["lead"]), client_for(world["auditor"])
    url = reverse("actions:progress", args=[action.pk])
    lead_page, auditor_page = _hidden(_html(lead.get(url))), _hidden(_html(auditor.get(url)))
    assert lead_page["submission"] != auditor_page["submission"]

    assert _send(lead, url, lead_page).status_code == 302
    assert _send(auditor, url, auditor_page).status_code == 302
    assert _send(lead, url, _hidden(_html(lead.get(url)))).status_code == 302

    rows = _progress_rows(lead, action)
    assert [row[1] for row in rows] == ["Lena Lead", "Aiden Auditor", "Lena Lead"]
    assert Evidence.objects.count() == 3


def test_the_same_page_sent_with_a_changed_note_is_another_update(world, client_for):
    """Back to the page with the browser's Back button, the note changed: a new update."""
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    hidden = _hidden(_html(lead.get(url)))
    _send(lead, url, hidden)
    _send(lead, url, hidden, note=f"{NOTE} Shared with every team.")
    assert len(_progress_rows(lead, action)) == 2


def test_a_page_shown_again_with_an_error_still_posts_once(world, client_for):
    action = raise_action(world)
    lead = client_for(world["lead"])
    url = reverse("actions:progress", args=[action.pk])
    hidden = _hidden(_html(lead.get(url)))
    page = _html(lead.post(url, {**hidden, "note": ""}))
    assert "Enter what has happened since the last update" in words_of(page)
    assert _hidden(page)["submission"] == hidden["submission"]
    _send(lead, url, hidden)
    _send(lead, url, hidden)
    assert len(_progress_rows(lead, action)) == 1
    assert Evidence.objects.count() == 1
