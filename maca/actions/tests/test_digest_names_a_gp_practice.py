"""The QA officers' weekly digest names each action's agency as the pages
do, and reads cleanly when that name has brackets of its own.

Found on a walk of the e-mails with the demo data: an urgent action of a GP
practice was listed "A7 Act on … (Abbey Lane Surgery (Wyvernshire Integrated
Care Board)), due 8 December 2026", the practice's own brackets inside the
line's, so the line ended "Board))". The agency now follows a dash, as the home
page follows an action's title with its RAG."""

from __future__ import annotations

import datetime as dt

from maca.actions import reminders
from maca.actions.services import sign_off_request
from maca.actions.tests.builders import raise_action
from maca.actions.tests.test_gp_practice_named import GP, practice_auditor  # noqa: F401 - the fixture
from maca.notifications.models import SentEmail

MONDAY = dt.date(2026, 12, 7)


def _digest_line(reference: str) -> str:
    digest = SentEmail.objects.get(subject__contains="Action plan this week")
    return next(line for line in digest.body.splitlines() if line.startswith(f"- {reference} "))


def test_an_overdue_action_of_a_gp_practice(world, practice_auditor):  # noqa: F811
    late = raise_action(
        world,
        agency=world.gp_practice,
        owner=practice_auditor.user,
        title="Missed baby checks followed up",
        today=MONDAY - dt.timedelta(days=30),
        due_on=MONDAY - dt.timedelta(days=2),
    )
    reminders.reminders_send_due(today=MONDAY)
    line = _digest_line(late.reference)
    assert "))" not in line
    assert line.startswith(f"- {late.reference} Missed baby checks followed up – {GP}, due 5 December 2026: ")


def test_an_action_waiting_for_sign_off(world, practice_auditor):  # noqa: F811
    action = raise_action(
        world, agency=world.gp_practice, owner=practice_auditor.user, title="Recall list kept", today=MONDAY
    )
    sign_off_request(actor=practice_auditor.user, action=action, note="Done.", expected_version=action.version)
    reminders.reminders_send_due(today=MONDAY)
    line = _digest_line(action.reference)
    assert "))" not in line
    assert line.startswith(f"- {action.reference} Recall list kept – {GP}: ")
