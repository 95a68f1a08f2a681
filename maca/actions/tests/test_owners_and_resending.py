"""What a person sees after the review of raising, owners and reminders, each
test failing before its correction:

- the raise form sent again after the browser's Back button with anything
  changed (what must happen, the measure, the priority, the themes) raises
  that action, and sent again unchanged raises nothing more;
- only an active lead or auditor of an active agency owns an action, however
  the service is called, and the form says so in its error summary when
  someone's access ends while the page is open;
- an immediate concern's action is not given to the lead of a retired agency;
- a reminder goes to nobody whose agency or partnership was retired, each
  owner is looked up once however many of their actions are reminded about,
  and the daily job's outcome says how many reached nobody."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maca.accounts import services as accounts
from maca.actions import reminders, selectors, services
from maca.actions.models import Action, ActionReminder, ReminderKind
from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.actions.tests.test_corrections import error_links, hidden_version, html
from maca.actions.tests.test_walked_again import _raise_form, _submission
from maca.findings.models import ImmediateConcern, Theme
from maca.notifications.models import SentEmail
from maca.partnerships.models import Agency, Partnership
from maca.tests.test_words_on_pages import words_of

MONDAY = dt.date(2026, 12, 7)
TUESDAY = MONDAY + dt.timedelta(days=1)


def _overdue(world, **fields):
    return raise_action(world, today=MONDAY - dt.timedelta(days=40), due_on=MONDAY - dt.timedelta(days=2), **fields)


def _retire_without_ending_access(agency):
    """An agency retired while its people's memberships stay active (as
    records from before deactivating an agency ended them, or the admin
    site): their roles grant nothing (``User.active_memberships``)."""
    Agency.objects.filter(pk=agency.pk).update(is_active=False)
    agency.refresh_from_db()


def _end_access(world, key):
    membership = world[key].membership
    accounts.membership_deactivate(
        actor=world["admin"].user, membership=membership, reason="Left", expected_version=membership.version
    )


# 1. The raise form sent again --------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Every agency uses the checklist at every strategy meeting."},
        {"measure": "A sample of twenty discussions uses it."},
        {"priority": "low"},
        {"themes": "think_family"},
    ],
    ids=["what must happen", "measure", "priority", "themes"],
)
def test_the_same_page_sent_again_with_anything_changed_raises_that_action_once(world, client_for, change):
    qa = client_for(world["qa"])
    form = _raise_form(world, _submission(html(qa.get(reverse("actions:raise")))))
    first = qa.post(reverse("actions:raise"), form, follow=True)
    (raised,) = Action.objects.filter(partnership=world.partnership)
    assert f"Action {raised.reference} has been raised." in words_of(html(first))
    if "themes" in change:
        change = {"themes": [Theme.objects.get(partnership=world.partnership, key=change["themes"]).pk]}
    changed = {**form, **change}
    response = qa.post(reverse("actions:raise"), changed, follow=True)
    second = Action.objects.filter(partnership=world.partnership).exclude(pk=raised.pk).get()
    words = words_of(html(response))
    assert f"Action {second.reference} has been raised." in words
    assert "raised once, not twice" not in words
    # What was changed is kept on the second action; the first is as it was raised.
    if "themes" in change:
        assert [t.pk for t in second.themes.all()] == change["themes"] and not raised.themes.exists()
    else:
        ((field, value),) = change.items()
        assert getattr(second, field) == value and getattr(raised, field) == form[field]
    # Pressing its button again raises it once.
    again = qa.post(reverse("actions:raise"), changed, follow=True)
    assert f"Action {second.reference} has been raised. It was raised once, not twice." in words_of(html(again))
    assert Action.objects.filter(partnership=world.partnership).count() == 2


def test_the_same_page_sent_again_unchanged_raises_nothing_more(world, client_for):
    qa = client_for(world["qa"])
    form = _raise_form(world, _submission(html(qa.get(reverse("actions:raise")))))
    for _ in range(3):
        qa.post(reverse("actions:raise"), form)
    assert Action.objects.filter(partnership=world.partnership).count() == 1


# 2. Owners only from active agencies, however the service is called -------------------------------


def test_the_service_refuses_an_owner_agency_that_is_no_longer_active(world):
    _retire_without_ending_access(world.police)
    with pytest.raises(ValidationError) as refused:
        raise_action(world, agency=world.police, owner=world["lead"].user)
    assert refused.value.message_dict == {
        "owner_agency": ["Testshire Police is no longer an active agency: select another agency"]
    }
    assert not Action.objects.filter(partnership=world.partnership).exists()


@pytest.mark.parametrize(
    "owner, agency, ended",
    [
        ("health_lead", "police", None),  # someone of another agency
        ("lead", "police", "lead"),  # someone whose access ended
        ("qa", "police", None),  # not an agency's lead or auditor
    ],
)
def test_the_service_refuses_an_owner_who_is_not_an_active_lead_or_auditor_of_the_agency(world, owner, agency, ended):
    if ended:
        _end_access(world, ended)
    person = world[owner].user
    with pytest.raises(ValidationError) as refused:
        raise_action(world, agency=getattr(world, agency), owner=person)
    assert refused.value.message_dict == {
        "owner": [f"{person.full_name} is not an active lead or auditor of Testshire Police: select someone who is"]
    }
    assert not Action.objects.filter(partnership=world.partnership).exists()


def test_an_owner_whose_account_is_switched_off_is_refused_and_not_offered(world):
    user = world["auditor"].user
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    assert user.pk not in {m.user_id for m in selectors.owner_choices(world.partnership.pk)}
    with pytest.raises(ValidationError) as refused:
        raise_action(world, owner=user)
    assert list(refused.value.message_dict) == ["owner"]


def test_handing_an_action_over_refuses_an_owner_of_a_retired_agency(world):
    action = raise_action(world, agency=world.police, owner=world["lead"].user)
    _retire_without_ending_access(world.health)
    with pytest.raises(ValidationError) as refused:
        services.action_change_owner(
            actor=world["qa"].user,
            action=action,
            owner_agency=world.health,
            owner=world["health_lead"].user,
            reason="Better placed.",
            expected_version=action.version,
        )
    assert refused.value.message_dict == {
        "owner_agency": ["Testshire Care Board is no longer an active agency: select another agency"]
    }
    assert Action.objects.get(pk=action.pk).owner == world["lead"].user


def test_the_raise_form_says_when_the_owners_access_ended_while_the_page_was_open(world, client_for, monkeypatch):
    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:raise")))
    # The list of owners the page was drawn with, read a moment before the lead's access ends.
    drawn_with = selectors.owner_choices(world.partnership.pk)
    _end_access(world, "lead")
    monkeypatch.setattr(selectors, "owner_choices", lambda partnership_id: drawn_with)
    response = qa.post(reverse("actions:raise"), _raise_form(world, _submission(page)))
    assert response.status_code == 200
    assert error_links(html(response)) == {
        "Lena Lead is not an active lead or auditor of Testshire Police: select someone who is": "#id_owner"
    }
    assert not Action.objects.filter(partnership=world.partnership).exists()


def test_the_owner_form_says_when_the_new_owners_access_ended_while_the_page_was_open(world, client_for, monkeypatch):
    action = raise_action(world)
    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:change_owner", args=[action.pk])))
    drawn_with = selectors.owner_choices(world.partnership.pk)
    _end_access(world, "auditor")
    monkeypatch.setattr(selectors, "owner_choices", lambda partnership_id: drawn_with)
    response = qa.post(
        reverse("actions:change_owner", args=[action.pk]),
        {"owner": world["auditor"].user.pk, "reason": "Moving on.", "version": hidden_version(page)},
    )
    assert error_links(html(response)) == {
        "Aiden Auditor is not an active lead or auditor of Testshire Police: select someone who is": "#id_owner"
    }
    assert Action.objects.get(pk=action.pk).owner == world["lead"].user


# An immediate concern's owner -----------------------------------------------------------------------


def _concern(world, agency, *, retired=None, meanwhile=None):
    """A concern raised in an audit made first; ``retired``: an agency retired,
    or ``meanwhile``: anything else done, once the audit is made (an audit
    has a lead who can act)."""
    audit, _finding, _recs, _theme = audit_with_recommendations(world)
    if retired is not None:
        _retire_without_ending_access(retired)
    if meanwhile is not None:
        meanwhile()
    return ImmediateConcern.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=audit.audit_cases.order_by("number").first(),
        agency=agency,
        what_was_found="Something only the concern page shows.",
        raised_by=world["qa"].user,
    )


def test_a_concern_for_a_retired_agency_is_not_given_to_its_lead(world):
    action = Action.objects.get(concern=_concern(world, world.police, retired=world.police))
    assert action.owner == world["qa"].user  # whoever raised the concern holds it


def test_a_gp_practices_concern_is_not_given_to_the_lead_of_a_retired_agency_above_it(world):
    action = Action.objects.get(concern=_concern(world, world.gp_practice, retired=world.health))
    assert action.owner == world["qa"].user


def test_a_gp_practices_concern_still_goes_to_the_lead_of_the_agency_above_it(world):
    action = Action.objects.get(concern=_concern(world, world.gp_practice))
    assert action.owner == world["health_lead"].user and action.owner_agency == world.gp_practice


# 3. Reminders reach only an owner who can sign in ---------------------------------------------------


def test_an_owner_whose_agency_was_retired_gets_no_reminder(world, client_for):
    action = _overdue(world)
    _retire_without_ending_access(world.police)
    reminders.reminders_send_due(today=TUESDAY)
    assert ActionReminder.objects.get(action=action, kind=ReminderKind.OVERDUE).recipients == []
    assert not SentEmail.objects.filter(to__contains="lena@testshire.example").exists()


def test_an_owner_whose_partnership_was_retired_gets_no_reminder(world):
    action = _overdue(world)
    Partnership.objects.filter(pk=world.partnership.pk).update(is_active=False)
    reminders.reminders_send_due(today=TUESDAY)
    assert ActionReminder.objects.get(action=action, kind=ReminderKind.OVERDUE).recipients == []
    assert not SentEmail.objects.filter(to__contains="lena@testshire.example").exists()


def test_each_owner_is_looked_up_once_however_many_of_their_actions_are_reminded_about(world):
    for _ in range(12):
        _overdue(world)
    actions = list(Action.objects.select_related("owner", "partnership").order_by("pk"))
    known = {}
    with CaptureQueriesContext(connection) as first:
        assert reminders.owner_can_open(actions[0], known=known)
    with CaptureQueriesContext(connection) as rest:
        assert all(reminders.owner_can_open(action, known=known) for action in actions[1:])
    assert len(first.captured_queries) >= 1
    assert len(rest.captured_queries) == 0


# 4. The daily job's outcome -------------------------------------------------------------------------


def test_the_daily_jobs_outcome_says_how_many_reminders_reached_nobody(world):
    _overdue(world, owner=world["lead"].user)
    _overdue(world, owner=world["auditor"].user)
    _end_access(world, "auditor")
    assert reminders.scheduled_reminders(TUESDAY) == "1 action reminder sent; 1 action had nobody to e-mail"


def test_the_daily_jobs_outcome_counts_a_digest_with_no_qa_officer_apart(world):
    _overdue(world)
    _overdue(world)
    _end_access(world, "qa")
    assert reminders.scheduled_reminders(MONDAY) == "2 action reminders sent; 1 weekly digest had nobody to e-mail"
