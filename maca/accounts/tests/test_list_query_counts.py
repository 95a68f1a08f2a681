"""The people list and the page to switch partnership read the same number
of queries however many invitations and partnerships they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.accounts.tests.factories import MembershipFactory
from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory, PartnershipFactory
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _shown(client, url, params=None):
    return words_shown(client.get(url, params).content.decode())


def test_the_people_list_does_not_get_slower_with_more_invitations(world, client_for):
    invited = []

    def add(n):
        for i in range(n):
            invited.append(f"Invited Person {len(invited) + 1}")
            invitation_create(
                actor=world["admin"].user,
                partnership=world.partnership,
                email=f"invited{len(invited)}@testshire.example",
                full_name=invited[-1],
                role=Role.AGENCY_AUDITOR,
                agency=world.gp_practice if i % 2 else world.police,
            )

    client = client_for(world["admin"])
    for status in ("active", "all"):
        assert_queries_do_not_grow(
            lambda status=status: client.get(reverse("accounts:members"), {"status": status}), add
        )
    assert invited[-1] in _shown(client, reverse("accounts:members"), {"status": "all"})


def test_switching_partnership_does_not_get_slower_with_more_partnerships(world, client_for):
    lead = world["lead"]
    names = []

    def add(n):
        for _ in range(n):
            partnership = PartnershipFactory()
            care_board = AgencyFactory(partnership=partnership, kind=AgencyKind.INTEGRATED_CARE_BOARD)
            practice = AgencyFactory(partnership=partnership, kind=AgencyKind.GP_PRACTICE, parent=care_board)
            MembershipFactory(user=lead.user, partnership=partnership, role=Role.AGENCY_LEAD, agency=practice)
            names.append(partnership.name)

    client = client_for(lead)
    url = reverse("accounts:switch_partnership")
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert names[-1] in _shown(client, url)
