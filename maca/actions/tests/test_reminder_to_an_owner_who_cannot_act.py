"""An urgent action whose agency had no lead who could act when the concern
was raised is held by the QA officer who raised it. Its reminders do not
tell them to post progress, which they cannot: they say why they hold it and
ask them to give it to someone at the agency. An agency lead who owns an
action is still told to post progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.actions import reminders
from maca.actions.models import Action
from maca.actions.tests.test_owners_and_resending import _concern
from maca.notifications.models import SentEmail

pytestmark = pytest.mark.django_db

CANNOT = "You cannot post progress on it yourself: give it to someone at the agency who can (Change the owner)"


def _overdue_mail(action):
    reminders.reminders_send_due(today=action.due_on + dt.timedelta(days=1))
    return SentEmail.objects.get(subject__contains=f"Action {action.reference} is overdue")


def test_a_qa_officer_holding_an_urgent_action_is_asked_to_give_it_to_the_agency(world, client_for):
    action = Action.objects.get(concern=_concern(world, world.police, retired=world.police))
    assert action.owner == world["qa"].user
    qa = client_for(world["qa"])
    assert qa.get(reverse("actions:progress", args=[action.pk])).status_code == 403
    assert qa.get(reverse("actions:change_owner", args=[action.pk])).status_code == 200

    mail = _overdue_mail(action)

    assert world["qa"].user.email in mail.to
    assert f"You hold this action because {world.police.name} had no lead who could act on it" in mail.body
    assert CANNOT in mail.body
    assert "Post progress" not in mail.body


def test_an_agency_lead_who_owns_an_action_is_told_to_post_progress(world):
    action = Action.objects.get(concern=_concern(world, world.police))
    assert action.owner == world["lead"].user

    mail = _overdue_mail(action)

    assert "Post progress, with any evidence, or mark it as completed" in mail.body
    assert CANNOT not in mail.body


def _notice(page: str) -> str:
    import re

    from maca.tests.page import words_shown

    banner = re.search(r'<div class="govuk-notification-banner".*?</div>\s*</div>', page, re.S)
    return words_shown(banner.group(0)) if banner else ""


def test_the_action_page_tells_the_qa_officer_holding_it_to_give_it_to_the_agency(world, client_for):
    """The action's page says what the reminder says, with the way to do it:
    the link to the step that changes the owner."""
    import re

    action = Action.objects.get(concern=_concern(world, world.police, retired=world.police))
    page = client_for(world["qa"]).get(reverse("actions:detail", args=[action.pk])).content.decode()

    notice = _notice(page)
    assert f"You hold this action because {world.police.name} had no lead who could act on it" in notice
    assert "You cannot post progress on it yourself: give it to someone at the agency who can." in notice
    change_owner = reverse("actions:change_owner", args=[action.pk])
    assert re.search(rf'<a class="govuk-notification-banner__link" href="{change_owner}">Change the owner</a>', page)
    assert "Post progress" not in page


def test_the_notice_is_for_the_holder_only_and_only_while_the_action_is_open(world, client_for):
    from maca.actions import services
    from maca.actions.tests.builders import raise_action

    held = Action.objects.get(concern=_concern(world, world.police, retired=world.police))
    owned = raise_action(world, agency=world.health, owner=world["health_lead"].user)
    # Another QA officer reads the action; the lead who owns an action can post progress.
    assert _notice(client_for(world["admin"]).get(reverse("actions:detail", args=[held.pk])).content.decode()) == ""
    lead = client_for(world["health_lead"]).get(reverse("actions:detail", args=[owned.pk])).content.decode()
    assert _notice(lead) == "" and "Post progress" in lead
    services.action_cancel(actor=world["qa"].user, action=held, reason="Overtaken.", expected_version=held.version)
    assert _notice(client_for(world["qa"]).get(reverse("actions:detail", args=[held.pk])).content.decode()) == ""
