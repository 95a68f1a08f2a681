"""An action's owner is checked in the transaction that saves them, under
locks (``services._check_owner``): an agency's deactivation or the end of
someone's access that commits between the form's checks and the save is
seen, and the page says so, with nothing saved. Before, the check ran ahead
of the transaction, and such an action was given to someone who could no
longer sign in."""

from __future__ import annotations

import re

from django.db import transaction
from django.urls import reverse

from maca.accounts import services as accounts
from maca.accounts.tests.locks import first, locks_and_writes
from maca.actions import services
from maca.actions.models import Action
from maca.actions.tests.builders import raise_action
from maca.actions.tests.test_corrections import error_links, hidden_version, html
from maca.actions.tests.test_walked_again import _raise_form, _submission
from maca.partnerships import services as partnerships
from maca.partnerships.models import Agency
from maca.tests.page import words_shown


class _Meanwhile:
    """The actions services' ``transaction``: the first transaction they open
    begins just after ``change`` was committed by someone else, once the
    page's form had checked the owner."""

    def __init__(self, change):
        self.change = change

    def atomic(self, *args, **kwargs):
        if self.change is not None:
            change, self.change = self.change, None
            change()
        return transaction.atomic(*args, **kwargs)


def _deactivate(world, agency):
    fresh = Agency.objects.get(pk=agency.pk)
    partnerships.agency_set_active(
        actor=world["admin"].user, agency=fresh, active=False, expected_version=fresh.version
    )


def _end_access(world, key):
    membership = type(world[key].membership).objects.get(pk=world[key].membership.pk)
    accounts.membership_deactivate(
        actor=world["admin"].user, membership=membership, reason="Left", expected_version=membership.version
    )


def test_an_agency_deactivated_as_the_action_is_raised_is_refused_on_the_page(world, client_for, monkeypatch):
    qa = client_for(world["qa"])
    page = html(qa.get(reverse("actions:raise")))
    monkeypatch.setattr(services, "transaction", _Meanwhile(lambda: _deactivate(world, world.police)))
    response = qa.post(reverse("actions:raise"), _raise_form(world, _submission(page)))
    assert response.status_code == 200
    assert error_links(html(response)) == {
        "Testshire Police is no longer an active agency: select another agency": "#id_owner_agency"
    }
    monkeypatch.undo()
    plan = words_shown(html(qa.get(reverse("actions:plan"))))
    assert "Shared checklist" not in plan
    assert not Action.objects.filter(partnership=world.partnership).exists()


def test_an_owner_whose_access_ends_as_the_action_is_handed_over_is_refused_on_the_page(world, client_for, monkeypatch):
    action = raise_action(world)
    qa = client_for(world["qa"])
    url = reverse("actions:change_owner", args=[action.pk])
    page = html(qa.get(url))
    monkeypatch.setattr(services, "transaction", _Meanwhile(lambda: _end_access(world, "auditor")))
    response = qa.post(
        url, {"owner": world["auditor"].user.pk, "reason": "Moving on.", "version": hidden_version(page)}
    )
    assert response.status_code == 200
    assert error_links(html(response)) == {
        "Aiden Auditor is not an active lead or auditor of Testshire Police: select someone who is": "#id_owner"
    }
    monkeypatch.undo()
    shown = words_shown(html(qa.get(reverse("actions:detail", args=[action.pk]))))
    assert re.search(r"Named owner Lena Lead\b", shown)


def _raised(world):
    return raise_action(world, agency=world.police, owner=world["lead"].user)


def test_the_owner_is_checked_under_the_locks_a_deactivation_takes_in_the_same_order(world):
    """The agency's row, then the owner's membership, as
    ``partnerships.services.agency_set_active`` and then
    ``accounts.services.agency_access_end`` take them, before anything is
    written; and, raising, before the partnership's row that numbers the
    actions (a deactivation writes to the partnership's log after locking
    the agency)."""
    with locks_and_writes() as steps:
        _raised(world)
    assert (
        first(steps, "lock partnerships.Agency")
        < first(steps, "lock accounts.Membership")
        < first(steps, "lock partnerships.Partnership")
        < first(steps, "insert actions.Action")
    )
    action = raise_action(world)
    with locks_and_writes() as steps:
        services.action_change_owner(
            actor=world["qa"].user,
            action=action,
            owner_agency=world.police,
            owner=world["auditor"].user,
            reason="Moving on.",
            expected_version=action.version,
        )
    assert (
        first(steps, "lock actions.Action")
        < first(steps, "lock partnerships.Agency")
        < first(steps, "lock accounts.Membership")
        < first(steps, "insert actions.ActionEvent")
    )


def test_the_deactivation_locks_in_that_order_too(world):
    """The order the owner's check follows, read from the deactivation
    itself, so that a change to either is seen here."""
    with locks_and_writes() as steps:
        _deactivate(world, world.police)
    assert first(steps, "lock partnerships.Agency") < first(steps, "lock accounts.Membership")
    assert "lock partnerships.Partnership" not in steps
