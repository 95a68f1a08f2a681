"""The QA officers' weekly digest as they and the partnership admin read it.

Found on a walk of the e-mails: the digest linked each action waiting for
sign-off to its page but listed the overdue ones with no link, so the QA
officer had to find each in the plan; and the E-mails page called the digest
"Action reminder", the kind of an owner's reminder, so the two could not be
told apart in the list.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from maca.actions import reminders
from maca.actions.tests.builders import raise_action
from maca.notifications.models import SentEmail
from maca.tests.tables import read_tables

MONDAY = dt.date(2026, 12, 7)


def test_the_digest_links_each_overdue_action_to_its_page(world):
    late = raise_action(world, today=MONDAY - dt.timedelta(days=30), due_on=MONDAY - dt.timedelta(days=2))
    reminders.reminders_send_due(today=MONDAY)
    digest = SentEmail.objects.get(subject__contains="Action plan this week")
    line = next(line for line in digest.body.splitlines() if line.startswith(f"- {late.reference} "))
    link = f"{settings.MACA_BASE_URL}{reverse('actions:detail', args=[late.pk])}?partnership=testshire"
    assert line.endswith(f"due 5 December 2026: {link}")


def test_the_e_mails_page_tells_the_digest_from_an_owners_reminder(world, client_for):
    raise_action(world, today=MONDAY - dt.timedelta(days=30), due_on=MONDAY - dt.timedelta(days=2))
    reminders.reminders_send_due(today=MONDAY)
    page = client_for(world["admin"]).get(reverse("notifications:emails")).content.decode()
    kinds = {row[2]: row[3] for row in read_tables(page)["E-mails sent"].rows}
    assert kinds == {
        "Testshire SCP: Action plan this week: 0 to sign off, 1 overdue": "Action plan digest",
        "Testshire SCP: Action A1 is overdue by 2 days": "Action reminder",
    }
