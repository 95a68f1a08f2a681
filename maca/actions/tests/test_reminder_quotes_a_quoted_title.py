"""An owner's reminder quotes the action's title, and an urgent action's title
quotes its audit's: found on a walk with the demo data, the overdue reminder of
an immediate concern's action read "Action A7, ‘Act on the immediate concern in
case 3 of ‘Fathers and male carers in child in need work’’, was due…", the two
closing quotes side by side. A quotation inside a quotation takes double
quotes; an apostrophe stays one."""

from __future__ import annotations

import datetime as dt

import pytest

from maca.actions import reminders
from maca.actions.presenters import in_quotes
from maca.actions.tests.builders import raise_action
from maca.notifications.models import SentEmail


@pytest.mark.parametrize(
    ("title", "quoted"),
    [
        ("Supervision every quarter", "‘Supervision every quarter’"),
        ("Children’s plans name the father", "‘Children’s plans name the father’"),
        (
            "Act on the immediate concern in case 3 of ‘Fathers and male carers’",
            "‘Act on the immediate concern in case 3 of “Fathers and male carers”’",
        ),
        ("Act on case 2 of ‘The agency’s referrals’ now", "‘Act on case 2 of “The agency’s referrals” now’"),
    ],
)
def test_a_title_is_quoted_once_with_any_quotation_inside_in_double_quotes(title, quoted):
    assert in_quotes(title) == quoted


@pytest.mark.parametrize("late", [True, False])
def test_an_owners_reminder_of_an_urgent_action_has_no_quotes_side_by_side(world, late):
    today = dt.date(2026, 12, 8)  # a Tuesday: no digest
    title = "Act on the immediate concern in case 3 of ‘Fathers and male carers in child in need work’"
    due_on = today - dt.timedelta(days=2) if late else today + dt.timedelta(days=reminders.DAYS_BEFORE)
    raise_action(world, today=today - dt.timedelta(days=30), due_on=due_on, title=title)
    assert len(reminders.reminders_send_due(today=today)) == 1
    [mail] = SentEmail.objects.all()
    assert "’’" not in mail.body
    assert "‘Act on the immediate concern in case 3 of “Fathers and male carers in child in need work”’" in mail.body
