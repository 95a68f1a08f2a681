"""A case whose grade the meeting has not agreed reads the same on the
meeting's list of cases as on the case's own page and its discussion form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.presenters import NOT_AGREED
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def test_not_agreed_yet_on_the_meeting_the_case_and_the_discussion(audit, case, qa):
    assert NOT_AGREED == "Not agreed yet"
    cases = read_tables(qa.get(reverse("findings:meeting", args=[audit.pk])).content.decode())["Cases"]
    assert cases.cell(f"Case {case.number}", "Agreed grade") == "Not agreed yet"
    case_page = words_shown(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    assert "Overall grade agreed Not agreed yet" in case_page
    discussion = words_shown(qa.get(reverse("findings:discussion", args=[audit.pk, case.pk])).content.decode())
    assert "Not agreed yet" in discussion
