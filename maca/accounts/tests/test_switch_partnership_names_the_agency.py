"""Found in a QA walk: the page to switch partnership showed each role without
its agency (an agency lead of the police in one partnership and of a GP
practice in another read the same), the role set out of line beside the
button. It is now a table, a row a partnership, with the role, the agency (a
GP practice with the agency above it, as every page names it) and the button
in the row, read in the same number of queries however many partnerships."""

from __future__ import annotations

from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory
from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.tests.tables import read_tables


def test_each_partnership_reads_with_its_role_and_agency_in_one_row(world, client_for):
    lead = world["lead"]  # agency lead of Testshire Police
    board = AgencyFactory(
        partnership=world.other_partnership, name="Otherby Care Board", kind=AgencyKind.INTEGRATED_CARE_BOARD
    )
    practice = AgencyFactory(
        partnership=world.other_partnership, name="Brook Street Surgery", kind=AgencyKind.GP_PRACTICE, parent=board
    )
    MembershipFactory(user=lead.user, partnership=world.other_partnership, role=Role.AGENCY_LEAD, agency=practice)

    page = client_for(lead).get(reverse("accounts:switch_partnership")).content.decode()
    (table,) = read_tables(page).values()
    assert table.head == ["Partnership", "Role", "Agency", "Actions"]
    assert table.rows == [
        ["Testshire Safeguarding Children Partnership", "Agency lead", "Testshire Police", "Current"],
        [
            "Otherby Safeguarding Children Partnership",
            "Agency lead",
            "Brook Street Surgery (Otherby Care Board)",
            "Work in Otherby Safeguarding Children Partnership",
        ],
    ]


def test_a_role_without_an_agency_says_so_plainly(world, client_for):
    admin = world["admin"]
    MembershipFactory(user=admin.user, partnership=world.other_partnership, role=Role.BOARD_MEMBER, agency=None)
    page = client_for(admin).get(reverse("accounts:switch_partnership")).content.decode()
    (table,) = read_tables(page).values()
    assert table.rows[1][:3] == ["Otherby Safeguarding Children Partnership", "Board member", "–"]
