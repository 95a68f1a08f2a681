"""Submitting (or approving, sending back, publishing) a version someone
changed since the page was opened: the first press is refused and the page
says who changed what; it now shows the version as it is, so pressing again,
knowing, goes through."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications.models import Status
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db


def test_a_version_changed_since_the_submit_page_opened_can_be_submitted_by_pressing_again(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("publications:submit", args=[publication.pk])
    opened = Page(qa.get(url).content.decode()).value("version")
    edited = admin.post(
        reverse("publications:section_edit", args=[publication.pk, "process"]),
        {"version": version.version, "heading": "2. How we audited", "text": "Edited meanwhile."},
    )
    assert edited.status_code == 302

    refused = qa.post(url, {"version": opened}).content.decode()

    words = words_shown(refused)
    assert f"{world['admin'].user.full_name} changed the section ‘2. How we audited’" in words
    assert "so it has not been submitted" in words
    version.refresh_from_db()
    assert version.status == Status.DRAFT
    shown_now = Page(refused).value("version")
    assert shown_now == str(version.version) != opened

    pressed_again = qa.post(url, {"version": shown_now})

    assert pressed_again.status_code == 302
    detail = words_shown(qa.get(pressed_again["Location"]).content.decode())
    assert "The publication has been submitted for approval." in detail
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
