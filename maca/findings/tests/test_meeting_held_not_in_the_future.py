"""The meeting record says when the meeting was held: a day still to come is
neither offered (the planned date, before it comes) nor saved, on the page or
through the service."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maca.findings import services
from maca.findings.models import Meeting
from maca.findings.tests.test_pages import page_of, text_of
from maca.programme.models import Audit

pytestmark = pytest.mark.django_db

NOT_YET = "The date the meeting was held must be today or in the past"


@pytest.fixture(autouse=True)
def _today_in_the_audits_years(audit, monkeypatch):
    """Today is a day the audit's meeting may be held on (its programme is
    2026–27: April 2026 to March 2028), whatever the calendar says, so that
    only "today or in the past" refuses a day (docs/architecture.md, "Running
    the tests on a later date")."""
    assert audit.programme.year == 2026
    today = dt.date(2027, 2, 10)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)


def _planned_for(audit, day: dt.date) -> None:
    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=day)
    audit.refresh_from_db()


def _date_fields(day: dt.date) -> dict:
    return {"held_on-day": str(day.day), "held_on-month": str(day.month), "held_on-year": str(day.year)}


def test_a_planned_date_still_to_come_is_not_offered_as_the_day_the_meeting_was_held(audit, qa):
    _planned_for(audit, timezone.localdate() + dt.timedelta(days=10))
    shown = page_of(qa, reverse("findings:meeting_edit", args=[audit.pk]))
    assert [shown.value(f"held_on-{part}") for part in ("day", "month", "year")] == ["", "", ""]


def test_a_planned_date_that_has_come_is_offered(audit, qa):
    today = timezone.localdate()
    _planned_for(audit, today)
    shown = page_of(qa, reverse("findings:meeting_edit", args=[audit.pk]))
    assert shown.value("held_on-day") == str(today.day) and shown.value("held_on-year") == str(today.year)


def test_saving_the_planned_date_before_it_comes_is_refused_on_the_date(audit, qa):
    planned = timezone.localdate() + dt.timedelta(days=10)
    _planned_for(audit, planned)
    url = reverse("findings:meeting_edit", args=[audit.pk])
    shown = page_of(qa, url)
    data = {"version": shown.value("version"), **_date_fields(planned), "returns_quality": "On time."}
    page = text_of(qa.post(url, data))
    assert f'<a href="#id_held_on-day">{NOT_YET}</a>' in page  # the summary links to the date
    assert re.search(r'id="id_held_on-error" class="govuk-error-message">\s*<span[^>]*>Error:</span> ' + NOT_YET, page)
    again = text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert f"{planned:%-d %B %Y}" not in again and "On time." not in again


def test_the_service_refuses_a_meeting_held_in_the_future_and_keeps_today(world, audit):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.meeting_save(
            actor=world["qa"].user,
            audit=audit,
            held_on=tomorrow,
            returns_quality="",
            attendance_judgement="",
            notes="",
            expected_version=None,
        )
    assert refused.value.message_dict == {"held_on": [NOT_YET]}
    assert not Meeting.objects.filter(audit=audit).exists()
    saved = services.meeting_save(
        actor=world["qa"].user,
        audit=audit,
        held_on=timezone.localdate(),
        returns_quality="",
        attendance_judgement="",
        notes="",
        expected_version=None,
    )
    assert saved.held_on == timezone.localdate()


def test_the_audit_page_shows_the_day_the_meeting_was_held_once_it_is_recorded(world, audit, qa):
    """The audit's page kept showing the planned day after the meeting was
    recorded as held on another."""
    _planned_for(audit, timezone.localdate())
    held = timezone.localdate() - dt.timedelta(days=1)
    from maca.tests.test_words_on_pages import words_of

    before = words_of(text_of(qa.get(reverse("programme:audit", args=[audit.pk]))))
    assert f"Meeting {timezone.localdate():%-d %B %Y}" in before
    services.meeting_save(
        actor=world["qa"].user,
        audit=audit,
        held_on=held,
        returns_quality="",
        attendance_judgement="",
        notes="",
        expected_version=None,
    )
    after = words_of(text_of(qa.get(reverse("programme:audit", args=[audit.pk]))))
    assert f"Meeting held {held:%-d %B %Y}" in after
    assert f"Meeting {timezone.localdate():%-d %B %Y}" not in after
