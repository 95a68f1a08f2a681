"""The meeting's page of a case opens the case's multi-agency chronology, whose
back link returns to the case at the meeting: found on a walk, the QA officer
at the meeting had to go round by the audit's cases to read the chronology."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from maca.tests.page import words_shown


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', page)
    return html.unescape(match.group(1)), match.group(2)


def test_the_case_at_the_meeting_links_to_its_chronology_and_back(world, audit, case, qa):
    case_url = reverse("findings:case", args=[audit.pk, case.pk])
    page = qa.get(case_url).content.decode()
    link = re.search(r'<a class="govuk-link" href="([^"]+)">Multi-agency chronology of case (\d+)</a>', page)
    assert link and link.group(2) == str(case.number)
    chronology = qa.get(html.unescape(link.group(1)))
    assert chronology.status_code == 200
    shown = chronology.content.decode()
    assert _back_link(shown) == (case_url, "Back to the case at the meeting")
    assert f"Multi-agency chronology of case {case.number}" in words_shown(shown)


def test_the_link_is_offered_to_each_role_exactly_when_the_chronology_opens_for_them(world, audit, case, client_for):
    chronology_url = reverse("chronology:integrated", args=[audit.pk, case.pk])
    read = 0
    for role in ("qa", "admin", "board", "scrutineer", "lead", "auditor"):
        client = client_for(world[role])
        page = client.get(reverse("findings:case", args=[audit.pk, case.pk]))
        if page.status_code != 200:
            continue
        read += 1
        offered = "Multi-agency chronology of case" in page.content.decode()
        assert offered == (client.get(chronology_url).status_code == 200), role
    assert read >= 2
