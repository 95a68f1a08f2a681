"""When an audit's returns deadline has passed: the day after it, never on it
(``Audit.returns_deadline_passed``), and what an agency lead is told once it has."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from maca.notifications.models import SentEmail
from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.tests.builders import move
from maca.selection.models import AuditCase
from maca.selection.services import assignments_set, nomination_create, nomination_decide
from maca.selection.tests.builders import make_case

pytestmark = pytest.mark.django_db


def test_the_returns_deadline_has_passed_once_its_day_is_over(world):
    today = timezone.localdate()
    audit = AuditFactory(
        partnership=world.partnership,
        planned_selection_date=today - dt.timedelta(days=30),
        return_deadline=today - dt.timedelta(days=1),
        planned_meeting_date=today + dt.timedelta(days=30),
    )
    assert audit.returns_deadline_passed()
    assert audit.returns_deadline_passed(on=audit.return_deadline + dt.timedelta(days=1))
    assert not audit.returns_deadline_passed(on=audit.return_deadline)  # due today: not passed yet
    assert not audit.returns_deadline_passed(on=audit.return_deadline - dt.timedelta(days=1))
    audit.return_deadline = None
    assert not audit.returns_deadline_passed(on=today)  # no deadline, none to pass


def test_a_lead_told_of_a_case_after_the_deadline_is_asked_for_it_as_soon_as_they_can(world):
    qa = world["qa"].user
    today = timezone.localdate()
    audit = AuditFactory(
        partnership=world.partnership,
        lead=qa,
        title="Babies at risk",
        planned_selection_date=today - dt.timedelta(days=30),
        return_deadline=today - dt.timedelta(days=1),
        planned_meeting_date=today + dt.timedelta(days=30),
    )
    move(audit, Stage.SELECTING, qa)
    case = make_case(world.partnership, agencies=[world.police])
    nomination = nomination_create(
        actor=qa, audit=audit, case_reference=case.reference, reason="Seen", can_see_pool=True
    )
    nomination_decide(actor=qa, nomination=nomination, accept=True)
    move(audit, Stage.AUDITING, qa)
    assert audit.returns_deadline_passed()

    audit_case = AuditCase.objects.current().get(audit=audit)
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.police, world.health])

    body = SentEmail.objects.filter(kind="assignment", to="hari@testshire.example").latest("pk").body
    assert (
        f"The deadline for the audit’s returns was {audit.return_deadline:%-d %B %Y}: please complete and submit "
        "your agency’s audits as soon as you can, or tell the QA officer when you will." in body
    )
    assert "Please complete and submit your agency’s audits by" not in body
