"""A line break pasted from Word arrives as a vertical tab, which the section
form accepts and keeps. The briefing's Word file cannot hold it (XML has no
such character): the file still downloads, with the words either side."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from maca.publications.tests.builders import audit_with_findings, six_step_for

pytestmark = pytest.mark.django_db


def test_a_section_with_a_pasted_line_break_is_in_the_briefing_in_word(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    qa = client_for(world["qa"])
    saved = qa.post(
        reverse("publications:section_edit", args=[publication.pk, "process"]),
        {"version": version.version, "heading": "2. How\x0b we audited", "text": "Agencies audited\x0btheir records."},
    )
    assert saved.status_code == 302

    download = qa.get(reverse("publications:download", args=[publication.pk, 1, "docx"]))

    assert download.status_code == 200
    paragraphs = [p.text for p in Document(io.BytesIO(download.content)).paragraphs]
    assert "2. How we audited" in paragraphs
    assert "Agencies auditedtheir records." in paragraphs
