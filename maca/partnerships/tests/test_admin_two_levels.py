"""Agencies are two levels deep at most (``services._check_parent``), in the
platform operators' admin too: an agency is not put under a sub-unit, and an
agency with sub-units is not put under another, when it is added or changed.
The form says why beside the field; a change the form could not see (a
sub-unit added meanwhile), refused by the service as it saves, is said on
the page with nothing saved, not a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from maca.accounts.tests.factories import UserFactory, give_authenticator, sign_in_with_second_factor
from maca.partnerships import services
from maca.partnerships.models import Agency, AgencyKind
from maca.tests.page import words_shown

UNDER_A_SUB_UNIT = "Mill Lane Surgery is itself part of another agency: choose an agency that is not"
HAS_SUB_UNITS = "has sub-units of its own, so it cannot be part of another agency"


@pytest.fixture
def operator(world):
    user = UserFactory(
        email="olu.operator@platform.example", full_name="Olu Operator", is_staff=True, is_superuser=True
    )
    give_authenticator(user)
    return user


@pytest.fixture
def operator_client(operator):
    return sign_in_with_second_factor(Client(), operator)


def _change_form(agency, **changes) -> dict:
    data = {
        "name": agency.name,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "is_active": "on" if agency.is_active else "",
        "loaded_version": agency.version,
    }
    data.update(changes)
    return data


def _parent_shown(operator_client, agency) -> str:
    """The agency's "Parent" as its change page shows it, opened again ("" for none)."""
    page = operator_client.get(reverse("admin:partnerships_agency_change", args=[agency.pk])).content.decode()
    select = page.split('name="parent"', 1)[1].split("</select>", 1)[0]
    chosen = [option for option in select.split("<option")[1:] if " selected" in option.split(">", 1)[0]]
    if not chosen or 'value=""' in chosen[0].split(">", 1)[0]:
        return ""
    return words_shown(chosen[0].split(">", 1)[1])


def test_the_admin_adds_no_agency_under_a_sub_unit(world, operator_client):
    response = operator_client.post(
        reverse("admin:partnerships_agency_add"),
        {
            "partnership": world.partnership.pk,
            "name": "Harbour Street Surgery Branch",
            "kind": AgencyKind.GP_PRACTICE,
            "parent": world.gp_practice.pk,
        },
    )
    assert response.status_code == 200
    assert UNDER_A_SUB_UNIT in words_shown(response.content.decode())
    assert not Agency.objects.filter(name="Harbour Street Surgery Branch").exists()


@pytest.mark.parametrize(
    ("moved", "under", "said"),
    [
        ("police", "gp_practice", UNDER_A_SUB_UNIT),
        ("health", "police", f"Testshire Care Board {HAS_SUB_UNITS}"),
    ],
    ids=["under a sub-unit", "an agency with sub-units under another"],
)
def test_the_admin_moves_no_agency_to_a_third_level(world, operator_client, moved, under, said):
    agency, parent = getattr(world, moved), getattr(world, under)
    url = reverse("admin:partnerships_agency_change", args=[agency.pk])
    response = operator_client.post(url, _change_form(agency, parent=parent.pk))
    assert response.status_code == 200
    assert said in words_shown(response.content.decode())
    assert _parent_shown(operator_client, agency) == ""
    assert Agency.objects.get(pk=agency.pk).parent_id is None


def test_the_change_page_shows_the_agency_above_a_sub_unit_and_offers_the_agencies(world, operator_client):
    """The page reads the agencies it offers as it renders, after the view
    returns: on PostgreSQL, row-level security hid them all (an empty list,
    the sub-unit's parent not shown) until the platform admin rendered its
    pages across partnerships too (``accounts.admin_site``)."""
    assert _parent_shown(operator_client, world.gp_practice).startswith("Testshire Care Board")
    page = operator_client.get(reverse("admin:partnerships_agency_change", args=[world.police.pk])).content.decode()
    offered = words_shown(page.split('name="parent"', 1)[1].split("</select>", 1)[0])
    assert "Testshire Care Board" in offered and "Mill Lane Surgery" in offered


def test_a_sub_unit_added_while_the_form_was_checked_is_said_on_the_page_with_nothing_saved(
    world, operator_client, monkeypatch
):
    """The police are moved under the care board: the form finds no sub-unit
    of theirs, then one is added before the save. The service refuses the
    move as it saves; before, the refusal was a server error."""
    check_agency = services.check_agency

    def checked_then_a_sub_unit_added(**kwargs):
        check_agency(**kwargs)
        services.agency_create(
            actor=None,
            partnership=world.partnership,
            name="Harbour Street Custody Suite",
            kind=AgencyKind.POLICE,
            parent=world.police,
        )

    monkeypatch.setattr(services, "check_agency", checked_then_a_sub_unit_added)
    url = reverse("admin:partnerships_agency_change", args=[world.police.pk])
    response = operator_client.post(url, _change_form(world.police, parent=world.health.pk), follow=True)
    monkeypatch.undo()
    assert response.status_code == 200
    assert f"Nothing was saved: Testshire Police {HAS_SUB_UNITS}." in words_shown(response.content.decode())
    assert _parent_shown(operator_client, world.police) == ""
    assert Agency.objects.get(pk=world.police.pk).parent_id is None


def test_the_admin_adds_no_gp_practice_without_its_practice_group(world, operator_client):
    response = operator_client.post(
        reverse("admin:partnerships_agency_add"),
        {
            "partnership": world.partnership.pk,
            "name": "Riverside Surgery",
            "kind": AgencyKind.GP_PRACTICE,
            "parent": "",
        },
    )
    assert response.status_code == 200
    assert services.GP_PRACTICE_NEEDS_A_GROUP in words_shown(response.content.decode())
    assert not Agency.objects.filter(name="Riverside Surgery").exists()
