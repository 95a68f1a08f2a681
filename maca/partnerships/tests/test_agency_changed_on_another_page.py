"""An admin who changed an agency in another tab is told it was them, not
"someone else" (as the audit's and the priority's pages say it)."""

from django.urls import reverse

from maca.partnerships.models import AgencyKind
from maca.partnerships.services import agency_update
from maca.tests.page import words_shown


def test_an_admin_who_renamed_the_agency_in_another_tab_is_told_it_was_them(world, client_for):
    police = world.police
    admin = world["admin"]
    agency_update(
        actor=admin.user,
        agency=police,
        name="Testshire Constabulary",
        kind=police.kind,
        parent=None,
        expected_version=police.version,
    )
    response = client_for(admin).post(
        reverse("partnerships:edit", args=[police.pk]),
        {"name": "Testshire Police Service", "kind": AgencyKind.POLICE, "parent": "", "version": 1},
    )
    shown = words_shown(response.content.decode())
    assert "You changed this agency on another page" in shown
    assert "Someone else" not in shown
    police.refresh_from_db()
    assert police.name == "Testshire Constabulary"


def test_another_admins_rename_is_still_someone_elses(world, client_for):
    police = world.police
    agency_update(
        actor=None,
        agency=police,
        name="Testshire Constabulary",
        kind=police.kind,
        parent=None,
        expected_version=police.version,
    )
    response = client_for(world["admin"]).post(
        reverse("partnerships:edit", args=[police.pk]),
        {"name": "Testshire Police Service", "kind": AgencyKind.POLICE, "parent": "", "version": 1},
    )
    assert "Someone else changed this agency" in words_shown(response.content.decode())


def test_deactivating_from_a_page_older_than_your_own_rename_says_it_was_you(world, client_for):
    police = world.police
    admin = world["admin"]
    agency_update(
        actor=admin.user,
        agency=police,
        name="Testshire Constabulary",
        kind=police.kind,
        parent=None,
        expected_version=police.version,
    )
    client = client_for(admin)
    response = client.post(reverse("partnerships:set_status", args=[police.pk]), {"version": 1}, follow=True)
    shown = words_shown(response.content.decode())
    assert "You changed this agency on another page" in shown
    assert "Someone else" not in shown
    police.refresh_from_db()
    assert police.is_active
