"""The meeting's date: a day before the audit's years is refused with the
range a person can still enter, which ends today while the years run on past
it (a day still to come is refused too), as the import of a past audit says.
A case with no strength or finding says "None agreed yet.", and a meeting
with no attendance "No attendance recorded yet.", until nothing more will be
recorded (past writing up, or cancelled): then "None was agreed." and "No
attendance was recorded." (not before the meeting, as it said); the board's
"What the audit found" and an agency's feedback page likewise say no
finding "was confirmed", not "yet"; and that page says a cancelled audit's
findings are not shown, not that they will appear once it reaches its
meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Meeting
from maca.programme.models import Audit
from maca.tests.page import Page
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _post_date(qa, audit, day: dt.date) -> str:
    url = reverse("findings:meeting_edit", args=[audit.pk])
    shown = Page(qa.get(url).content.decode())
    data = {
        "version": shown.value("version"),
        "held_on-day": str(day.day),
        "held_on-month": str(day.month),
        "held_on-year": str(day.year),
    }
    return words_of(qa.post(url, data).content.decode())


@pytest.mark.parametrize(
    ("today", "said"),
    [
        (dt.date(2026, 12, 7), "between 1 April 2026 and today"),
        # Once the audit's years are over, their last day is the end.
        (dt.date(2028, 5, 2), "between 1 April 2026 and 31 March 2028"),
    ],
)
def test_a_date_before_the_audits_years_is_refused_with_the_dates_that_can_be_entered(
    audit, qa, monkeypatch, today, said
):
    assert audit.programme.year == 2026
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    page = _post_date(qa, audit, dt.date(2025, 3, 1))
    assert f"There is a problem The date of the meeting must be {said}" in page
    assert not Meeting.objects.filter(audit=audit, held_on=dt.date(2025, 3, 1)).exists()


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        ("auditing", "None agreed yet."),
        ("meeting", "None agreed yet."),
        ("closed", "None was agreed."),
        ("cancelled", "None was agreed."),
    ],
)
def test_a_case_with_no_strength_or_finding_says_none_yet_only_while_the_meeting_is_recorded(
    audit, case, qa, stage, said
):
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    page = words_of(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    assert f"Strengths {said}" in page
    assert f"Findings: what needs to improve {said}" in page


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        # Before its meeting: attendance is still to come.
        ("auditing", "No attendance recorded yet."),
        ("meeting", "No attendance recorded yet."),
        ("closed", "No attendance was recorded."),
        ("cancelled", "No attendance was recorded."),
    ],
)
def test_a_meeting_without_attendance_says_yet_until_nothing_more_will_be_recorded(audit, qa, stage, said):
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    page = words_of(qa.get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    assert f"Who came {said}" in page


@pytest.mark.parametrize(
    ("stage", "said"),
    [
        ("meeting", "have been confirmed yet."),
        ("writing_up", "have been confirmed yet."),
        ("closed", "were confirmed."),
    ],
)
def test_no_confirmed_finding_is_said_without_yet_once_nothing_more_will_be_confirmed(
    world, audit, case, client_for, stage, said
):
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    board = words_of(
        client_for(world["board"]).get(reverse("findings:audit_findings", args=[audit.pk])).content.decode()
    )
    assert f"Cases are shown by number only. No findings {said}" in board
    assignment = world.police.assignments.get(audit_case=case)
    lead = client_for(world["lead"])
    feedback = words_of(lead.get(reverse("findings:feedback_new", args=[assignment.pk])).content.decode())
    assert f"No findings about your agency’s work on this case {said}" in feedback


def test_a_cancelled_audits_findings_page_says_it_was_cancelled_not_that_they_will_appear(world, audit, client_for):
    board = client_for(world["board"])
    url = reverse("findings:audit_findings", args=[audit.pk])
    Audit.objects.filter(pk=audit.pk).update(stage="auditing")
    assert "Findings appear here once the audit has reached its meeting." in words_of(board.get(url).content.decode())

    Audit.objects.filter(pk=audit.pk).update(stage="cancelled")
    page = words_of(board.get(url).content.decode())
    assert "This audit was cancelled, so its findings are not shown." in page
    assert "once the audit has reached its meeting" not in page
