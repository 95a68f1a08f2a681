"""The QA officer who flags a concern from a case lands on the concern's
page: it leads back to that case at the meeting, for whoever may open the
meeting; the agency's lead, who may not, is not offered the link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.findings import services

pytestmark = pytest.mark.django_db


def _links(html: str) -> dict[str, str]:
    return {
        " ".join(re.sub(r"<[^>]+>", " ", text).split()): href
        for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def test_the_concern_page_links_to_its_case_at_the_meeting(world, audit, client_for):
    audit_case = audit.audit_cases.get(number=2)
    concern = services.concern_raise(
        actor=world["qa"].user, audit_case=audit_case, agency=world.police, what_was_found="Young children left alone."
    )
    url = reverse("findings:concern", args=[concern.pk])
    links = _links(client_for(world["qa"]).get(url).content.decode())
    assert links.get("Go to case 2 at the meeting") == reverse("findings:case", args=[audit.pk, audit_case.pk])
    response = client_for(world["lead"]).get(url)
    assert response.status_code == 200
    assert "Go to case 2 at the meeting" not in _links(response.content.decode())
