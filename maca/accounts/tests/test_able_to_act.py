"""Who can act: ``Membership.objects.able_to_act()``, the one rule of whose
membership lets them sign in to a partnership, be reminded, be told or own
work. Each way a membership cannot act, the person's own list
(``User.active_memberships``) reading the same rule, and a caller outside
the apps that own the rule (selection's agency leads, told their cases)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.accounts.models import Membership, User
from maca.accounts.roles import Role
from maca.accounts.services import membership_deactivate
from maca.accounts.tests.factories import MembershipFactory
from maca.notifications.models import OutgoingEmail
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import Stage
from maca.returns.tests.builders import move
from maca.selection.tests.test_agencies_told_their_cases import _add_on_the_page, _audit_of

pytestmark = pytest.mark.django_db


def _able(world) -> set[str]:
    """The Testshire personas whose membership can act."""
    acting = set(Membership.objects.able_to_act().filter(partnership=world.partnership).values_list("pk", flat=True))
    return {key for key, persona in world.personas.items() if persona.membership.pk in acting}


TESTSHIRE = {"admin", "qa", "lead", "auditor", "health_lead", "board", "scrutineer"}


def test_every_membership_of_an_active_person_partnership_and_agency_can_act(world):
    assert _able(world) == TESTSHIRE
    assert Membership.objects.able_to_act().filter(partnership=world.other_partnership).get() == (
        world["outsider"].membership
    )


def test_an_ended_membership_cannot_act(world):
    ended = world["board"].membership
    membership_deactivate(actor=world["admin"].user, membership=ended, reason="Left", expected_version=ended.version)
    assert _able(world) == TESTSHIRE - {"board"}
    assert list(world["board"].user.active_memberships()) == []


def test_no_membership_of_a_switched_off_partnership_can_act(world):
    lena = world["lead"].user
    MembershipFactory(user=lena, partnership=world.other_partnership, role=Role.QA_OFFICER)
    # The person's own list (``User.active_memberships``): oldest first, each
    # membership's partnership and agency read with it.
    mine = list(lena.active_memberships())
    assert [m.partnership for m in mine] == [world.partnership, world.other_partnership]
    assert mine[0].agency == world.police
    Partnership.objects.filter(pk=world.partnership.pk).update(is_active=False)
    assert _able(world) == set()
    assert [m.partnership for m in lena.active_memberships()] == [world.other_partnership]
    # Another partnership's people are untouched.
    assert Membership.objects.able_to_act().filter(user=world["outsider"].user).exists()


def test_a_lead_or_auditor_of_a_deactivated_agency_cannot_act_even_if_their_membership_was_left_active(world):
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)  # as before deactivating ended access
    assert Membership.objects.get(pk=world["lead"].membership.pk).is_active
    assert _able(world) == TESTSHIRE - {"lead", "auditor"}
    assert list(world["auditor"].user.active_memberships()) == []


def test_a_role_that_does_not_act_for_an_agency_is_not_held_by_one_an_older_record_names(world):
    """Only leads and auditors act for their agency: a QA officer whose record
    still names a deactivated agency acts for the partnership all the same."""
    Membership.objects.filter(pk=world["qa"].membership.pk).update(agency=world.police)
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    assert "qa" in _able(world)
    assert [m.partnership for m in world["qa"].user.active_memberships()] == [world.partnership]


def test_nobody_whose_account_is_switched_off_can_act(world):
    User.objects.filter(pk=world["health_lead"].user.pk).update(is_active=False)
    assert _able(world) == TESTSHIRE - {"health_lead"}
    hari = User.objects.get(pk=world["health_lead"].user.pk)
    assert list(hari.active_memberships()) == []


# A caller: the leads selection tells of their cases ------------------------------------------------


def test_a_lead_whose_account_is_switched_off_is_not_told_of_a_case_added_to_their_agency(world, client_for):
    """Adding an agency to a case while agencies audit e-mails its leads and
    names them to the QA officer: a lead whose account is switched off is
    neither e-mailed nor named, and the page says nobody leads the agency."""
    audit, (only,) = _audit_of(world, cases=1, agencies=[world.health])
    move(audit, Stage.AUDITING, world["qa"].user)
    User.objects.filter(pk=world["lead"].user.pk).update(is_active=False)
    said = _add_on_the_page(client_for(world["qa"]), audit, only, [world.police])
    assert "Lena Lead" not in said
    assert "Nobody in maca leads Testshire Police, so no e-mail has gone to it: tell it yourself." in said
    assert not OutgoingEmail.objects.filter(kind="assignment", to="lena@testshire.example").exists()
    # Her colleague, whose account is on, still sees the case where the e-mail would have said.
    cases = client_for(world["auditor"]).get(reverse("selection:my_cases")).content.decode()
    assert only.case.reference in cases
