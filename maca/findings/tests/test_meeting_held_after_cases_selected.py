"""The meeting discusses the cases selected: the day it was held is not
before the day the cases were selected by, as planning keeps the planned
meeting (QA walk: a meeting recorded as held on 1 May 2026 for an audit whose
cases were selected by 28 September 2026 was saved, and the audit's page and
its briefings said so)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maca.findings import services
from maca.findings.models import Meeting
from maca.findings.tests.test_pages import page_of, text_of
from maca.programme.models import Audit
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

SELECTED_BY = dt.date(2026, 9, 28)
BEFORE = (
    "The date of the meeting must be on or after the day cases were selected by, 28 September 2026 "
    "(if they were selected earlier, change ‘Cases selected by’ in the audit’s plan first)"
)


@pytest.fixture(autouse=True)
def _selected_by_28_september(audit, monkeypatch):
    """The audit of the walk: 2026–27, cases selected by 28 September 2026;
    today is after it, whatever the calendar says."""
    assert audit.programme.year == 2026
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2026, 12, 8))
    Audit.objects.filter(pk=audit.pk).update(planned_selection_date=SELECTED_BY)
    audit.refresh_from_db()


def _post(qa, audit, day: dt.date):
    url = reverse("findings:meeting_edit", args=[audit.pk])
    shown = page_of(qa, url)
    data = {
        "version": shown.value("version"),
        "held_on-day": str(day.day),
        "held_on-month": str(day.month),
        "held_on-year": str(day.year),
        "returns_quality": "On time.",
    }
    return qa.post(url, data)


def test_a_meeting_held_before_the_cases_were_selected_is_refused_saying_the_day(audit, qa):
    page = text_of(_post(qa, audit, dt.date(2026, 5, 1)))
    summary = page[page.index("govuk-error-summary") :]
    assert f'<a href="#id_held_on-day">{BEFORE}</a>' in summary  # the summary links to the date
    assert "Error:</span> " + BEFORE in page
    assert not Meeting.objects.filter(audit=audit).exists()
    audit_page = words_of(text_of(qa.get(reverse("programme:audit", args=[audit.pk]))))
    assert "Meeting held 1 May 2026" not in audit_page
    assert "On time." not in text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))


def test_a_meeting_held_on_the_day_the_cases_were_selected_by_is_saved_and_shown(audit, qa):
    assert _post(qa, audit, SELECTED_BY).status_code == 302
    audit_page = words_of(text_of(qa.get(reverse("programme:audit", args=[audit.pk]))))
    assert "Meeting held 28 September 2026" in audit_page


def test_the_service_refuses_it_too_and_keeps_the_date_saved_before(world, audit):
    saved = services.meeting_save(
        actor=world["qa"].user,
        audit=audit,
        held_on=dt.date(2026, 11, 5),
        returns_quality="",
        attendance_judgement="",
        notes="",
        expected_version=None,
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_save(
            actor=world["qa"].user,
            audit=audit,
            held_on=dt.date(2026, 9, 27),
            returns_quality="",
            attendance_judgement="",
            notes="",
            expected_version=saved.version,
        )
    assert refused.value.message_dict == {"held_on": [BEFORE]}
    assert Meeting.objects.get(audit=audit).held_on == dt.date(2026, 11, 5)


def test_a_meeting_saved_before_the_rule_keeps_its_day_and_its_notes_can_still_be_saved(audit, qa):
    """A day saved before the rule (or before the plan's 'Cases selected by'
    moved past it) is checked only when it is changed: the notes and
    judgements can still be saved without touching it."""
    Meeting.objects.create(audit=audit, partnership=audit.partnership, held_on=dt.date(2026, 5, 1))

    assert _post(qa, audit, dt.date(2026, 5, 1)).status_code == 302

    meeting = Meeting.objects.get(audit=audit)
    assert meeting.held_on == dt.date(2026, 5, 1) and meeting.returns_quality == "On time."
    assert "On time." in text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    page = text_of(_post(qa, audit, dt.date(2026, 5, 2)))  # changed: checked, and refused
    assert "Error:</span> " + BEFORE in page
    assert Meeting.objects.get(audit=audit).held_on == dt.date(2026, 5, 1)
