"""Who is e-mailed about the action plan and who holds an immediate
concern's action follow one rule, ``Membership.objects.able_to_act``: each
test fails before the rule was written once.

- an immediate concern's action is not given to the lead of a partnership
  switched off;
- the QA officers' weekly digest goes to nobody whose account is switched
  off, nor to the QA officers of a partnership switched off."""

from __future__ import annotations

import pytest

from maca.accounts.models import User
from maca.actions import reminders
from maca.actions.models import Action, ActionReminder, ReminderKind
from maca.actions.tests.test_owners_and_resending import MONDAY, _concern, _overdue
from maca.notifications.models import SentEmail
from maca.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _digests_to(address: str):
    return SentEmail.objects.filter(subject__contains="Action plan this week", to__contains=address)


def test_a_concern_in_a_switched_off_partnership_is_not_given_to_the_agencys_lead(world):
    def switch_off():
        Partnership.objects.filter(pk=world.partnership.pk).update(is_active=False)

    action = Action.objects.get(concern=_concern(world, world.police, meanwhile=switch_off))
    assert action.owner == world["qa"].user  # whoever raised the concern holds it


def test_the_digest_goes_to_no_qa_officer_whose_account_is_switched_off(world):
    _overdue(world)
    User.objects.filter(pk=world["qa"].user.pk).update(is_active=False)
    assert reminders.scheduled_reminders(MONDAY) == "1 action reminder sent; 1 weekly digest had nobody to e-mail"
    assert ActionReminder.objects.get(kind=ReminderKind.DIGEST).recipients == []
    assert not _digests_to("quinn@testshire.example").exists()


def test_the_digest_goes_to_no_qa_officer_of_a_switched_off_partnership(world):
    _overdue(world)
    Partnership.objects.filter(pk=world.partnership.pk).update(is_active=False)
    reminders.reminders_send_due(today=MONDAY)
    assert ActionReminder.objects.get(kind=ReminderKind.DIGEST).recipients == []
    assert not _digests_to("quinn@testshire.example").exists()
