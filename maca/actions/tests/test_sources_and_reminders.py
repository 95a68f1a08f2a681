"""Actions raised from recommendations, findings and immediate concerns; the
links back; reminders to owners and the QA officer's digest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.actions import reminders, services
from maca.actions.models import Action, ActionReminder, Priority, ReminderKind, Source
from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.audit_trail.models import AuditEvent
from maca.core.working_days import next_working_day
from maca.findings.models import ImmediateConcern, Recommendation, RecommendationStatus
from maca.notifications.models import SentEmail
from maca.tests.tables import read_tables


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_the_qa_officer_raises_actions_from_an_audits_recommendations(world, client_for):
    audit, finding, (first, second), theme = audit_with_recommendations(world)
    qa = client_for(world["qa"])
    page = qa.get(reverse("actions:audit", args=[audit.pk])).content.decode()
    assert first.text in page and second.text in page
    due = dt.date.today() + dt.timedelta(days=90)
    response = qa.post(
        reverse("actions:raise_from_recommendation", args=[first.pk]),
        {
            "title": "See fathers",
            "text": "Every assessment records the father's view.",
            "measure": "An audit of 20 assessments in June finds it in 18.",
            "owner_agency": world.police.pk,
            "owner": world["auditor"].user.pk,
            "priority": "high",
            "themes": [theme.pk],
            "audit": audit.pk,
            **_date("due_on", due),
        },
    )
    assert response.status_code == 302, response.content.decode()
    action = Action.objects.get()
    assert action.source == Source.RECOMMENDATION and action.recommendation == first and action.audit == audit
    assert list(action.findings.all()) == [finding] and list(action.themes.all()) == [theme]
    page = qa.get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert first.text in page and finding.text in page and theme.name in page and audit.title in page
    # The audit lists it; the theme filter finds it.
    table = read_tables(qa.get(reverse("actions:audit", args=[audit.pk])).content.decode())["Actions from this audit"]
    assert table.rows[0][1] == "See fathers"
    table = read_tables(qa.get(reverse("actions:plan"), {"theme": theme.pk}).content.decode())["Actions"]
    assert [r[1] for r in table.rows] == ["See fathers"]


def test_only_confirmed_recommendations_raise_actions(world, client_for):
    _audit, _finding, (first, _second), _theme = audit_with_recommendations(world)
    Recommendation.objects.filter(pk=first.pk).update(status=RecommendationStatus.PROPOSED)
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        services.action_raise_from_recommendation(
            actor=world["qa"].user,
            recommendation=first,
            title="t",
            text="t",
            measure="m",
            owner_agency=world.police,
            owner=world["lead"].user,
            due_on=dt.date.today(),
        )
    assert client_for(world["qa"]).get(reverse("actions:raise_from_recommendation", args=[first.pk])).status_code == 404


def test_an_immediate_concern_becomes_an_urgent_action_due_next_working_day(world):
    audit, _finding, _recs, _theme = audit_with_recommendations(world)
    case = audit.audit_cases.order_by("number").first()
    concern = ImmediateConcern.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=case,
        agency=world.police,
        what_was_found="Something only the concern page shows.",
        raised_by=world["qa"].user,
    )
    action = Action.objects.get(concern=concern)
    assert action.priority == Priority.URGENT and action.source == Source.CONCERN
    assert action.owner == world["lead"].user and action.owner_agency == world.police
    assert action.due_on == services.urgent_due_on(action.raised_on)
    assert action.due_on == next_working_day(action.raised_on)  # weekends and bank holidays skipped
    assert "Something only" not in action.text
    assert action.title == f"Act on the immediate concern in case {case.number} of ‘{audit.title}’"
    # Friday's concern is due on Monday.
    assert services.urgent_due_on(dt.date(2026, 12, 4)) == dt.date(2026, 12, 7)


def test_reminders_before_and_after_the_due_date_and_the_digest(world, client_for):
    today = dt.date(2026, 12, 7)  # a Monday
    soon = raise_action(world, today=today - dt.timedelta(days=30), due_on=today + dt.timedelta(days=7))
    late = raise_action(world, today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=1))
    quiet = raise_action(world, today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=3))
    sent = reminders.reminders_send_due(today=today)
    kinds = {(r.kind, r.action_id) for r in sent}
    assert kinds == {
        (ReminderKind.DUE_SOON, soon.pk),
        (ReminderKind.OVERDUE, late.pk),
        (ReminderKind.OVERDUE, quiet.pk),
        (ReminderKind.DIGEST, None),
    }
    # Each once: running again the same day, or the next, sends nothing more.
    assert reminders.reminders_send_due(today=today) == []
    assert reminders.reminders_send_due(today=today + dt.timedelta(days=1)) == []
    assert ActionReminder.objects.count() == 4
    mails = SentEmail.objects.order_by("pk")
    subjects = [m.subject for m in mails]
    assert any(f"Action {late.reference} is overdue by 1 day" in s for s in subjects)
    owner_mail = next(m for m in mails if f"Action {late.reference} is overdue" in m.subject)
    assert "lena@testshire.example" in owner_mail.to
    digest = next(m for m in mails if "Action plan this week" in m.subject)
    assert "quinn@testshire.example" in digest.to and "2 actions overdue" in digest.body
    assert AuditEvent.objects.filter(action="action_reminder.overdue").count() == 2
    # The action's page lists what was sent, to whom.
    page = read_tables(client_for(world["qa"]).get(reverse("actions:detail", args=[late.pk])).content.decode())
    assert page["Reminders sent"].rows == [["7 December 2026", "Overdue", "lena@testshire.example"]]
    # A week later the overdue ones are reminded again.
    again = reminders.reminders_send_due(today=today + dt.timedelta(days=7))
    assert {(ReminderKind.OVERDUE, late.pk), (ReminderKind.OVERDUE, quiet.pk)} <= {(r.kind, r.action_id) for r in again}


def test_the_background_task_sends_the_days_reminders(world):
    from maca.actions.tasks import send_action_reminders

    today = dt.date(2026, 12, 8)  # a Tuesday: no digest
    raise_action(world, today=today - dt.timedelta(days=30), due_on=today - dt.timedelta(days=1))
    assert send_action_reminders.call(today=today.isoformat()) == 1
    assert send_action_reminders.call(today=today.isoformat()) == 0


def test_evidence_is_re_encrypted_when_keys_rotate(world):
    from maca.core import sealed

    assert "actions.Evidence.content" in {column.label for column in sealed.registered()}
