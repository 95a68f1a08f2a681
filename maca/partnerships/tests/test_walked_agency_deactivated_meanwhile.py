"""Found walking agencies with two admins: one deactivated an agency while
the other was changing its name. The second admin's page said someone else
had changed the agency and showed "The agency as it is now", but that summary
had no status, so it read exactly as before: nothing seemed to have changed."""

from django.urls import reverse

from maca.partnerships.models import AgencyKind
from maca.partnerships.services import agency_set_active
from maca.tests.page import words_shown


def _rename(client, agency, version):
    return client.post(
        reverse("partnerships:edit", args=[agency.pk]),
        {"name": "Testshire Police Service", "kind": AgencyKind.POLICE, "parent": "", "version": version},
    )


def test_a_rename_refused_after_the_agency_stopped_taking_part_shows_it_has(world, client_for):
    police = world.police
    opened = police.version
    agency_set_active(actor=world["qa"].user, agency=police, active=False, expected_version=opened)
    shown = words_shown(_rename(client_for(world["admin"]), police, opened).content.decode())
    assert "Someone else changed this agency" in shown
    assert "The agency as it is now Name Testshire Police Kind Police Part of – Status No longer taking part" in shown
    police.refresh_from_db()
    assert police.name == "Testshire Police"


def test_the_summary_says_active_for_an_agency_still_taking_part(world, client_for):
    police = world.police
    opened = police.version
    agency_set_active(actor=world["qa"].user, agency=police, active=False, expected_version=opened)
    police.refresh_from_db()
    agency_set_active(actor=world["qa"].user, agency=police, active=True, expected_version=police.version)
    shown = words_shown(_rename(client_for(world["admin"]), police, opened).content.decode())
    assert "Status Active" in shown


def test_an_agency_with_only_an_invitation_speaks_of_the_invitation_not_of_access(world, client_for):
    """Found on the same walk: a new GP practice with one invitation waiting
    said "Reactivating the agency does not give their access back", of nobody."""
    from maca.accounts.roles import Role
    from maca.accounts.services import invitation_create

    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.gp.auditor@testshire.example",
        full_name="New Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.gp_practice,
    )
    page = words_shown(
        client_for(world["admin"]).get(reverse("partnerships:edit", args=[world.gp_practice.pk])).content.decode()
    )
    assert (
        "1 invitation to it will be withdrawn. Marking it as taking part again does not send the invitations again."
        in page
    )
    assert "give their access back" not in page


def test_an_agency_with_people_and_an_invitation_names_both(world, client_for):
    from maca.accounts.roles import Role
    from maca.accounts.services import invitation_create

    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.police.auditor@testshire.example",
        full_name="New Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    page = words_shown(
        client_for(world["admin"]).get(reverse("partnerships:edit", args=[world.police.pk])).content.decode()
    )
    assert (
        "2 people in it will lose their access and 1 invitation to it will be withdrawn. "
        "Marking it as taking part again does not give their access back or send the invitations again." in page
    )


def test_an_agency_with_sub_units_taking_part_says_so_before_offering_to_stop_it_taking_part(world, client_for):
    """Found on the same walk: the care board's page said "1 person in it will
    lose their access" and offered "Deactivate agency", only to refuse it
    after the click because its GP practices were still active."""
    board = world.gp_practice.parent
    page = words_shown(client_for(world["admin"]).get(reverse("partnerships:edit", args=[board.pk])).content.decode())
    assert f"{board.name} has 1 sub-unit still taking part. Mark it as no longer taking part first." in page
    assert "Mark as no longer taking part" not in page


def test_a_sub_unit_whose_agency_stopped_taking_part_says_so_before_offering_to_take_part_again(world, client_for):
    practice, board = world.gp_practice, world.gp_practice.parent
    agency_set_active(actor=world["admin"].user, agency=practice, active=False, expected_version=practice.version)
    board.refresh_from_db()
    agency_set_active(actor=world["admin"].user, agency=board, active=False, expected_version=board.version)
    page = words_shown(
        client_for(world["admin"]).get(reverse("partnerships:edit", args=[practice.pk])).content.decode()
    )
    assert f"{board.name} is no longer taking part. Mark {board.name} as taking part again first." in page
    assert "Mark as taking part again" not in page
