"""An immediate concern's "act by" day is the next working day: not a weekend,
nor a bank holiday of England and Wales (``core.working_days``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.actions.models import Action
from maca.findings import services
from maca.findings.tests.builders import audit_at_meeting
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _words(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return words_shown(response.content.decode())


@pytest.mark.parametrize(
    ("raised", "due"),
    [
        (dt.date(2026, 12, 24), dt.date(2026, 12, 29)),  # Christmas Eve: not Christmas Day, nor Boxing Day (Mon 28th)
        (dt.date(2027, 3, 25), dt.date(2027, 3, 30)),  # Thursday before Good Friday: after Easter Monday
        (dt.date(2026, 8, 28), dt.date(2026, 9, 1)),  # Friday before the August bank holiday: Tuesday
        (dt.date(2026, 12, 4), dt.date(2026, 12, 7)),  # an ordinary Friday: Monday
    ],
)
def test_an_immediate_concern_is_due_the_next_working_day_not_a_bank_holiday(raised, due):
    assert services.concern_respond_by(raised) == due


def test_a_concern_raised_on_christmas_eve_is_to_be_acted_on_after_the_bank_holidays(world, client_for, monkeypatch):
    """The QA officer raises a concern on Thursday 24 December 2026. The form,
    the saved concern and its urgent action all say Tuesday 29 December:
    Christmas Day is a Friday, Boxing Day's substitute Monday 28th."""
    christmas_eve = dt.date(2026, 12, 24)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: christmas_eve)
    audit = audit_at_meeting(world)
    audit_case = audit.audit_cases.get(number=1)
    qa = client_for(world["qa"])
    url = reverse("findings:concern_new", args=[audit.pk, audit_case.pk])

    assert "asked to act by 29 December 2026, the next working day" in _words(qa, url)
    response = qa.post(url, {"agency": str(world.police.pk), "what_was_found": "Bruising seen, not referred."})
    assert response.status_code == 302
    assert "Act by 29 December 2026" in _words(qa, response["Location"])
    assert Action.objects.get(concern__audit_case=audit_case).due_on == dt.date(2026, 12, 29)


def test_the_agency_leads_home_page_says_by_when_to_act_on_a_concern(world, client_for, monkeypatch):
    """The home page's panel of concerns said when each was raised, not by when
    the agency must act on it."""
    christmas_eve = dt.date(2026, 12, 24)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: christmas_eve)
    audit = audit_at_meeting(world)
    audit_case = audit.audit_cases.get(number=1)
    client_for(world["qa"]).post(
        reverse("findings:concern_new", args=[audit.pk, audit_case.pk]),
        {"agency": str(world.police.pk), "what_was_found": "Bruising seen, not referred."},
    )
    home = _words(client_for(world["lead"]), reverse("home:index"))
    assert f"Case 1 of {audit.title} – Testshire Police, raised " in home
    assert ", act by 29 December 2026" in home
