"""Access given through an agency while the agency is being deactivated.

A deactivation locks the agency, then ends the access of its people and
withdraws its invitations (``partnerships.services.agency_set_active``,
``services.agency_access_end``). A change that gives someone access through
the agency (accepting an invitation to it, moving someone to it, giving them
access again) locks the agency first too (``services._lock_agency``): either
the deactivation commits first and the change is refused, or it waits for
the change and ends the access it gave. The People page never shows an
active person at a deactivated agency (docs/roles.md). Before, accepting an
invitation read the agency without a lock, and a deactivation at the same
moment swept the agency's people before the new one existed."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from maca.accounts import operator_services, services
from maca.accounts.models import Invitation, Membership, User
from maca.accounts.roles import AGENCY_ROLES, Role
from maca.accounts.tests.factories import UserFactory
from maca.accounts.tests.locks import first, locks_and_writes
from maca.partnerships import services as partnerships
from maca.partnerships.models import Agency
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

NEW_PERSON = {"full_name": "Nell Newcomer", "password1": "a-long-new-password-1", "password2": "a-long-new-password-1"}


def _invite(world, agency, role=Role.AGENCY_AUDITOR):
    return services.invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="nell@testshire.example",
        full_name="Nell Newcomer",
        role=role,
        agency=agency,
    )


def _deactivate(world, agency):
    fresh = Agency.objects.get(pk=agency.pk)
    return partnerships.agency_set_active(
        actor=world["admin"].user, agency=fresh, active=False, expected_version=fresh.version
    )


def _people(world, client_for, status="all"):
    page = client_for(world["admin"]).get(reverse("accounts:members"), {"status": status}).content.decode()
    return read_tables(page)["Everyone who has had access" if status == "all" else "People with access"]


class _Meanwhile:
    """The accounts services' ``transaction``: the first transaction they open
    begins just after ``change`` was committed by someone else, once the page
    had found the invitation still waiting."""

    def __init__(self, change):
        self.change = change

    def atomic(self, *args, **kwargs):
        if self.change is not None:
            change, self.change = self.change, None
            change()
        return transaction.atomic(*args, **kwargs)


# Accepting an invitation ----------------------------------------------------------------------------


def test_accepting_locks_the_agency_first_as_its_deactivation_does(world):
    invitation, _token = _invite(world, world.police)
    invitation = Invitation.objects.select_related("partnership", "agency__parent").get(pk=invitation.pk)
    with locks_and_writes() as steps:
        services.invitation_accept(invitation=invitation, full_name="Nell Newcomer", password="a-long-new-password-1")
    assert (
        first(steps, "lock partnerships.Agency")
        < first(steps, "lock accounts.Invitation")
        < first(steps, "insert accounts.Membership")
    )
    # The deactivation's own order, read from it, so that a change to either is seen here.
    with locks_and_writes() as steps:
        _deactivate(world, world.police)
    assert (
        first(steps, "lock partnerships.Agency")
        < first(steps, "lock accounts.Membership")
        < first(steps, "lock accounts.Invitation")
    )


def test_an_invitation_whose_agency_is_deactivated_as_it_is_accepted_is_refused_and_says_why(
    world, client_for, monkeypatch
):
    _invitation, token = _invite(world, world.police)
    path = reverse("accounts:accept_invitation", args=[token])
    assert "Create your maca account" in Client().get(path).content.decode()
    monkeypatch.setattr(services, "transaction", _Meanwhile(lambda: _deactivate(world, world.police)))
    response = Client().post(path, NEW_PERSON)
    monkeypatch.undo()
    assert response.status_code == 410
    shown = words_shown(response.content.decode())
    # Deactivating the agency withdrew the invitation to it.
    assert "This invitation has been withdrawn" in shown
    assert not User.objects.filter(email="nell@testshire.example").exists()
    assert "Nell Newcomer" not in [row[0] for row in _people(world, client_for).rows]


def test_an_invitation_to_an_agency_retired_by_hand_is_refused_and_says_why(world):
    """An agency switched off without withdrawing its invitations (before the
    rule, or by hand): the invitation says its agency no longer takes part."""
    _invitation, token = _invite(world, world.police)
    path = reverse("accounts:accept_invitation", args=[token])
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    response = Client().post(path, NEW_PERSON)
    assert response.status_code == 410
    shown = words_shown(response.content.decode())
    assert "This invitation can no longer be used" in shown
    assert "The agency it was for is no longer taking part in the partnership’s audits." in shown
    assert not Membership.objects.filter(user__email="nell@testshire.example").exists()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_accepted_while_its_agency_is_deactivated_leaves_nobody_active_there(
    world, client_for, monkeypatch
):
    """Two requests at once, each on its own connection: the invitation is
    being accepted (the new person's account is being made) when the agency's
    deactivation starts. Needs PostgreSQL's row locks."""
    if connection.vendor != "postgresql":
        pytest.skip("Two requests writing at the same moment need PostgreSQL's row locks")
    invitation, _token = _invite(world, world.police)
    making_the_account, go_on = threading.Event(), threading.Event()
    make_user = User.objects.create_user

    def make_user_when_told(**fields):
        making_the_account.set()
        go_on.wait(20)
        return make_user(**fields)

    monkeypatch.setattr(User.objects, "create_user", make_user_when_told)
    failures: list[BaseException] = []

    def run(work):
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)
        finally:
            connection.close()

    accepting = threading.Thread(
        target=run,
        args=(
            lambda: services.invitation_accept(
                invitation=Invitation.objects.get(pk=invitation.pk),
                full_name="Nell Newcomer",
                password="a-long-new-password-1",
            ),
        ),
    )
    deactivating = threading.Thread(target=run, args=(lambda: _deactivate(world, world.police),))
    accepting.start()
    assert making_the_account.wait(20)
    deactivating.start()
    time.sleep(1)  # the deactivation is under way: waiting for a lock, or past the agency's people
    go_on.set()
    accepting.join(30)
    deactivating.join(30)
    assert not failures
    assert not Membership.objects.filter(agency=world.police, role__in=AGENCY_ROLES, is_active=True).exists()
    assert _people(world, client_for).cell("Nell Newcomer", "Status") == "Access removed"
    assert "Nell Newcomer" not in [row[0] for row in _people(world, client_for, "active").rows]


# Moving someone to an agency, giving access again ------------------------------------------------------


def _moving(world):
    membership = world["qa"].membership
    return lambda: services.membership_update(
        actor=world["admin"].user,
        membership=membership,
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
        job_title="",
        expected_version=membership.version,
    )


def _moving_by_an_operator(world):
    membership = world["qa"].membership
    operator = UserFactory(email="olu@platform.example", is_staff=True, is_superuser=True)
    return lambda: operator_services.operator_membership_update(
        actor=operator,
        membership=membership,
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
        job_title="",
        is_active=True,
        deactivation_reason="",
        expected_version=membership.version,
    )


def _giving_access_again(world):
    membership = world["auditor"].membership
    services.membership_deactivate(
        actor=world["admin"].user, membership=membership, reason="Left", expected_version=membership.version
    )
    membership = Membership.objects.get(pk=membership.pk)
    return lambda: services.membership_reactivate(
        actor=world["admin"].user, membership=membership, expected_version=membership.version
    )


def _giving_access(world):
    user = UserFactory(email="nell@testshire.example")
    return lambda: services.membership_create(
        actor=None, user=user, partnership=world.partnership, role=Role.AGENCY_AUDITOR, agency=world.police
    )


def _inviting(world):
    return lambda: _invite(world, world.police)


@pytest.mark.parametrize(
    ("prepare", "written"),
    [
        (_moving, "lock accounts.Membership"),
        (_moving_by_an_operator, "lock accounts.Membership"),
        (_giving_access_again, "lock accounts.Membership"),
        (_giving_access, "insert accounts.Membership"),
        (_inviting, "insert accounts.Invitation"),
    ],
    ids=["moved to the agency", "moved by an operator", "given access again", "given access", "invited"],
)
def test_every_change_giving_access_through_an_agency_locks_the_agency_first(world, prepare, written):
    change = prepare(world)
    with locks_and_writes() as steps:
        change()
    assert first(steps, "lock partnerships.Agency") < first(steps, written)
