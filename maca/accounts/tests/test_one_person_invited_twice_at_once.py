"""The same person invited twice at the same moment: a double-clicked "Send
invitation", or two admins.

"A new invitation replaces any earlier one still waiting" was read without
a lock when the role has no agency (nothing else to lock), so neither saw
the other: two invitations stayed waiting, and two e-mails with two working
links went out. Inviting now holds the partnership's row first."""

from __future__ import annotations

import pytest

from maca.accounts import services
from maca.accounts.models import Invitation
from maca.accounts.roles import Role
from maca.tests.races import meet_before, needs_row_locks, run_each

EMAIL = "new.person@testshire.example"


@pytest.mark.django_db(transaction=True)
def test_one_person_invited_twice_at_once_has_one_invitation_waiting(world, monkeypatch):
    needs_row_locks()
    monkeypatch.setattr(services, "_access_can_be_given_again", meet_before(services._access_can_be_given_again))

    def invite():
        return services.invitation_create(
            actor=world["admin"].user,
            partnership=world.partnership,
            email=EMAIL,
            full_name="New Person",
            role=Role.QA_OFFICER,
            agency=None,
        )

    outcomes = run_each([invite, invite])
    monkeypatch.undo()

    assert outcomes == [None, None], outcomes
    sent = Invitation.objects.filter(partnership=world.partnership, email=EMAIL)
    waiting = Invitation.objects.unanswered().filter(partnership=world.partnership, email=EMAIL)
    assert sent.count() == 2
    assert waiting.count() == 1, list(waiting.values_list("role", flat=True))
    # The earlier one was replaced: its link no longer works.
    assert sent.filter(revoked_at__isnull=False).count() == 1
