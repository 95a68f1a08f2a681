"""The meeting's date: a day before the audit's years is refused with the
range a person can still enter, which ends today while the years run on past
it (a day still to come is refused too), as the import of a past audit says.
A case with no strength or finding says "None agreed yet." only while the
meeting is still recorded."""

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


@pytest.mark.parametrize(("stage", "said"), [("meeting", "None agreed yet."), ("closed", "None was agreed.")])
def test_a_case_with_no_strength_or_finding_says_none_yet_only_while_the_meeting_is_recorded(
    audit, case, qa, stage, said
):
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    page = words_of(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    assert f"Strengths {said}" in page
    assert f"Findings: what needs to improve {said}" in page
