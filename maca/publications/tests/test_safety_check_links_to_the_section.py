"""What the safety check found with nothing to put in its place (an address)
is fixed by editing its section: "Edit the section" links to that section's
page, where the words are, instead of leaving the reader to find it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications import services
from maca.publications.models import Status
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_an_address_found_links_to_the_section_to_edit(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get(status=Status.DRAFT)
    section = "4. Findings identified per case"
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section,
        text="The family had moved to 14 Mill Lane before the visit.",
        expected_version=version.version,
    )
    page = client_for(world["qa"]).get(reverse("publications:check", args=[publication.pk])).content.decode()
    assert "14 Mill Lane" in words_of(page)
    edit = reverse("publications:section_edit", args=[publication.pk, "findings"])
    assert f'<a class="govuk-link" href="{edit}">Edit the section' in page
    assert "to remove it, or keep it with a reason." in words_of(page)
