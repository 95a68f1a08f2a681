"""Agencies: adding, changing, the tree of sub-units, and deactivating."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.accounts.tests.locks import first, locks_and_writes
from maca.audit_trail.models import AuditEvent
from maca.partnerships.models import Agency, AgencyKind
from maca.partnerships.selectors import descendant_ids
from maca.partnerships.services import agency_create, agency_set_active, agency_update
from maca.partnerships.tests.factories import AgencyFactory
from maca.tests.page import Page, words_shown
from maca.tests.querycount import assert_queries_do_not_grow


def test_an_admin_adds_a_gp_practice_under_the_care_board(world, client_for):
    response = client_for(world["admin"]).post(
        reverse("partnerships:create"),
        {"name": "Riverside Surgery", "kind": AgencyKind.GP_PRACTICE, "parent": world.health.pk},
    )
    assert response.status_code == 302
    practice = Agency.objects.get(name="Riverside Surgery")
    assert practice.partnership == world.partnership and practice.parent == world.health
    assert AuditEvent.objects.filter(action="agency.created", object_id=str(practice.pk)).exists()


def test_a_missing_name_and_kind_are_each_reported(world, client_for):
    response = client_for(world["admin"]).post(reverse("partnerships:create"), {"name": "", "kind": ""})
    body = response.content.decode()
    assert "Enter the agency" in body and "Select the kind of agency" in body
    assert "There is a problem" in body


def test_agency_names_are_unique_within_a_partnership_only(world):
    with pytest.raises(ValidationError, match="already exists"):
        agency_create(actor=None, partnership=world.partnership, name="testshire police", kind=AgencyKind.POLICE)
    agency_create(actor=None, partnership=world.other_partnership, name="Testshire Police", kind=AgencyKind.POLICE)


def test_an_agency_cannot_sit_under_its_own_sub_unit(world):
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        agency_update(
            actor=None,
            agency=world.health,
            name=world.health.name,
            kind=world.health.kind,
            parent=world.gp_practice,
            expected_version=world.health.version,
        )


def test_agencies_are_two_levels_deep_at_most(world):
    """A sub-unit has no sub-units, and an agency with sub-units sits under no
    other: every list names a sub-unit with its agency from one join."""
    with pytest.raises(ValidationError, match="Mill Lane Surgery is itself part of another agency"):
        agency_create(
            actor=None, partnership=world.partnership, name="Branch", kind=AgencyKind.OTHER, parent=world.gp_practice
        )
    with pytest.raises(ValidationError, match="has sub-units of its own"):
        agency_update(
            actor=None,
            agency=world.health,
            name=world.health.name,
            kind=world.health.kind,
            parent=world.police,
            expected_version=world.health.version,
        )
    assert not Agency.objects.filter(name="Branch").exists()
    assert Agency.objects.get(pk=world.health.pk).parent_id is None


def test_the_two_level_rule_reads_the_parent_as_it_is_now_and_holds_it_locked(world):
    """A parent put under another agency after the form read it (the page's copy
    still says it is at the top) is refused; and it stays locked until the new
    agency is saved, so such a move waits rather than making a third level."""
    seen_at_the_top = Agency.objects.get(pk=world.police.pk)
    agency_update(
        actor=None,
        agency=world.police,
        name=world.police.name,
        kind=world.police.kind,
        parent=world.health,
        expected_version=world.police.version,
    )
    with pytest.raises(ValidationError, match="is itself part of another agency"):
        agency_create(
            actor=None, partnership=world.partnership, name="Branch", kind=AgencyKind.OTHER, parent=seen_at_the_top
        )
    assert not Agency.objects.filter(name="Branch").exists()
    with locks_and_writes() as steps:
        agency_create(
            actor=None, partnership=world.partnership, name="Branch", kind=AgencyKind.OTHER, parent=world.health
        )
    assert first(steps, "lock partnerships.Agency") < first(steps, "insert partnerships.Agency")


def test_the_form_offers_only_agencies_at_the_top_and_says_why_a_sub_unit_is_refused(world, client_for):
    client = client_for(world["admin"])
    page = client.get(reverse("partnerships:create")).content.decode()
    offered = {e.get("text", "").strip() for e in Page(page).all("option") if e.get("value") not in (None, "")}
    assert world.health.name in offered and world.police.name in offered
    assert world.gp_practice.name not in offered
    response = client.post(
        reverse("partnerships:create"),
        {"name": "Branch", "kind": AgencyKind.OTHER, "parent": world.gp_practice.pk},
    )
    assert "There is a problem" in words_shown(response.content.decode())
    assert not Agency.objects.filter(name="Branch").exists()


def test_an_agency_cannot_sit_under_another_partnerships_agency(world):
    with pytest.raises(ValidationError, match="of this partnership"):
        agency_create(
            actor=None, partnership=world.partnership, name="Stray", kind=AgencyKind.OTHER, parent=world.other_agency
        )


def test_sub_units_belong_to_their_parent(world):
    assert descendant_ids(world.partnership.pk, world.health.pk) == {world.health.pk, world.gp_practice.pk}


def test_an_agency_with_active_sub_units_is_not_deactivated(world):
    with pytest.raises(ValidationError, match="1 sub-unit still taking part"):
        agency_set_active(actor=None, agency=world.health, active=False, expected_version=world.health.version)
    agency_set_active(actor=None, agency=world.gp_practice, active=False, expected_version=world.gp_practice.version)
    world.health.refresh_from_db()
    agency_set_active(actor=None, agency=world.health, active=False, expected_version=world.health.version)
    assert Agency.objects.filter(pk=world.health.pk, is_active=False).exists()


def test_a_stale_edit_of_an_agency_is_refused_and_shows_the_current_details(world, client_for):
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
    body = response.content.decode()
    assert "Someone else changed this agency" in body
    assert "Testshire Constabulary" in body
    police.refresh_from_db()
    assert police.name == "Testshire Constabulary"


def test_the_agency_list_does_not_get_slower_with_more_agencies(world, client_for):
    client = client_for(world["admin"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("partnerships:agencies")),
        lambda n: [AgencyFactory(partnership=world.partnership, parent=world.health) for _ in range(n)],
    )


def test_another_partnerships_agency_is_not_found(world, client_for):
    response = client_for(world["admin"]).get(reverse("partnerships:edit", args=[world.other_agency.pk]))
    assert response.status_code == 404


def test_an_agency_placed_deeper_before_the_rule_keeps_its_place_when_edited(world, client_for):
    """Trees made before the two-level rule are not moved by an edit: the
    agency's own parent stays on offer and chosen, and saving keeps it."""
    # As the data of a partnership could stand before the rule (written directly, not through the service).
    branch = Agency.objects.create(
        partnership=world.partnership, name="Branch Surgery", kind=AgencyKind.OTHER, parent=world.gp_practice
    )
    client = client_for(world["admin"])
    url = reverse("partnerships:edit", args=[branch.pk])
    assert Page(client.get(url).content.decode()).selected("parent") == {str(world.gp_practice.pk)}
    response = client.post(
        url,
        {"name": "Branch Lane Surgery", "kind": branch.kind, "parent": world.gp_practice.pk, "version": branch.version},
    )
    assert response.status_code == 302
    branch.refresh_from_db()
    assert (branch.name, branch.parent_id) == ("Branch Lane Surgery", world.gp_practice.pk)
    # The practice above it, with a sub-unit and a parent of its own, can be renamed too.
    agency_update(
        actor=None,
        agency=world.gp_practice,
        name="Mill Lane Medical Centre",
        kind=world.gp_practice.kind,
        parent=world.health,
        expected_version=world.gp_practice.version,
    )
    assert Agency.objects.get(pk=world.gp_practice.pk).name == "Mill Lane Medical Centre"


def test_a_sub_unit_of_an_agency_switched_off_keeps_its_place_when_renamed(world, client_for):
    """The practice's agency is switched off after it: its page still shows
    where it sits, named so, and saving a new name keeps it there."""
    admin = world["admin"].user
    gp, _ = agency_set_active(actor=admin, agency=world.gp_practice, active=False, expected_version=1)
    board = Agency.objects.get(pk=world.health.pk)
    agency_set_active(actor=admin, agency=board, active=False, expected_version=board.version)
    client = client_for(world["admin"])
    url = reverse("partnerships:edit", args=[gp.pk])
    page = Page(client.get(url).content.decode())
    assert page.selected("parent") == {str(board.pk)}
    assert f"{board.name} (no longer taking part)" in client.get(url).content.decode()
    response = client.post(
        url,
        {"name": "Mill Lane Surgery", "kind": gp.kind, "parent": str(board.pk), "version": gp.version},
    )
    assert response.status_code == 302
    saved = Agency.objects.get(pk=gp.pk)
    assert (saved.name, saved.parent_id) == ("Mill Lane Surgery", board.pk)
    assert Page(client.get(url).content.decode()).selected("parent") == {str(board.pk)}


def test_too_long_a_name_is_said_in_words_not_djangos(world, client_for):
    response = client_for(world["admin"]).post(
        reverse("partnerships:create"), {"name": "x" * 201, "kind": AgencyKind.OTHER}
    )
    shown = words_shown(response.content.decode())
    assert "must be 200 characters or fewer" in shown
    assert "Ensure this value" not in shown
