"""A finding's themes page says 'Change its themes' once they are confirmed,
and every back link from a finding's pages says where it goes."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from maca.findings.services import finding_confirm_tags, finding_create
from maca.findings.tests import matrix_fixtures

pytestmark = pytest.mark.django_db


def _page(client, name, audit, finding):
    response = client.get(reverse(name, args=[audit.pk, finding.pk]))
    assert response.status_code == 200
    doc = lxml.html.fromstring(response.content.decode())
    back = doc.xpath('//a[contains(@class, "govuk-back-link")]')[0]
    return (
        doc.findtext(".//h1").strip(),
        doc.findtext(".//title").strip(),
        back.text_content().strip(),
        back.get("href"),
    )


def test_the_heading_says_change_once_the_themes_are_confirmed(world, client_for):
    built = matrix_fixtures.build(world)
    audit, finding = built["meeting_audit"], built["finding"]
    client = client_for(world["qa"])

    heading, title, _, _ = _page(client, "findings:finding", audit, finding)
    assert heading == "Confirm its themes" and title.startswith("Confirm its themes – ")

    finding.refresh_from_db()
    finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity=finding.polarity,
        theme_keys=[],
        expected_version=finding.version,
    )
    heading, title, _, _ = _page(client, "findings:finding", audit, finding)
    assert heading == "Change its themes" and title.startswith("Change its themes – ")


def test_back_links_name_the_page_they_go_to(world, client_for):
    built = matrix_fixtures.build(world)
    audit, case, on_case = built["meeting_audit"], built["meeting_case"], built["finding"]
    across = finding_create(
        actor=world["qa"].user, audit=audit, audit_case=None, text="Fathers were not invited to the reviews."
    )
    client = client_for(world["qa"])

    assert _page(client, "findings:finding", audit, on_case)[2:] == (
        "Back to the case",
        reverse("findings:case", args=[audit.pk, case.pk]),
    )
    assert _page(client, "findings:finding", audit, across)[2:] == (
        "Back to the meeting",
        reverse("findings:meeting", args=[audit.pk]),
    )
    for name in ("findings:finding_edit", "findings:finding_remove"):
        assert _page(client, name, audit, on_case)[2:] == (
            "Back to the finding",
            reverse("findings:finding", args=[audit.pk, on_case.pk]),
        )
