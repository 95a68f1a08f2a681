"""Found walking the partnership's agencies as its admin: retiring an agency
ends the access of the people in it."""

import re

from django.test import Client
from django.urls import reverse

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.audit_trail.models import AuditEvent


def _words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_deactivating_an_agency_says_who_loses_access_and_signs_its_people_out(world, client_for):
    admin = client_for(world["admin"])
    lead = client_for(world["lead"])
    assert lead.get(reverse("home:index")).status_code == 200
    edit_url = reverse("partnerships:edit", args=[world.police.pk])
    page = _words(admin.get(edit_url))
    assert "2 people in it will lose their access" in page

    response = admin.post(
        reverse("partnerships:set_status", args=[world.police.pk]), {"version": world.police.version}, follow=True
    )
    assert "Testshire Police has been deactivated. 2 people in it no longer have access." in _words(response)

    # The lead's open session ends on their next click.
    response = lead.get(reverse("home:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    membership = Membership.objects.get(pk=world["lead"].membership.pk)
    assert not membership.is_active
    assert membership.deactivation_reason == "Testshire Police was deactivated"
    assert AuditEvent.objects.filter(action="membership.deactivated", object_id=str(membership.pk)).exists()

    # The admin sees them as deactivated, with the reason.
    page = _words(admin.get(reverse("accounts:member", args=[membership.pk])))
    assert "Deactivated: Testshire Police was deactivated" in page


def test_an_invitation_to_a_retired_agency_is_withdrawn_and_its_link_says_so(world, client_for):
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.auditor@testshire.example",
        full_name="New Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    client_for(world["admin"]).post(
        reverse("partnerships:set_status", args=[world.police.pk]), {"version": world.police.version}
    )
    assert Invitation.objects.get(pk=invitation.pk).status == "revoked"
    response = Client().get(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "This invitation has been withdrawn" in _words(response)


def test_a_membership_left_active_in_a_retired_agency_grants_nothing(world, client_for):
    """Rows made before the rule (the agency switched off by hand, say)."""
    from maca.partnerships.models import Agency

    lead = client_for(world["lead"])
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    response = lead.get(reverse("home:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_an_invitation_whose_agency_was_retired_meanwhile_does_not_fail(world):
    from maca.partnerships.models import Agency

    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="late.auditor@testshire.example",
        full_name="Late Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    path = reverse("accounts:accept_invitation", args=[token])
    client = Client()
    for response in (
        client.get(path),
        client.post(
            path,
            {"full_name": "Late Auditor", "password1": "a-long-new-password-1", "password2": "a-long-new-password-1"},
        ),
    ):
        assert response.status_code == 410
        assert "This invitation can no longer be used" in _words(response)
    assert not Membership.objects.filter(user__email="late.auditor@testshire.example").exists()


def test_a_qa_officer_whose_older_record_names_the_agency_keeps_access(world, client_for):
    """Only agency roles act for their agency: a QA officer or admin whose
    membership, from before agencies were refused for other roles, names the
    agency is neither counted, nor signed out, by its deactivation."""
    qa = world["qa"].membership
    Membership.objects.filter(pk=qa.pk).update(agency=world.police)
    assert qa.role == Role.QA_OFFICER
    admin = client_for(world["admin"])
    page = _words(admin.get(reverse("partnerships:edit", args=[world.police.pk])))
    assert "2 people in it will lose their access" in page
    admin.post(reverse("partnerships:set_status", args=[world.police.pk]), {"version": world.police.version})
    assert Membership.objects.get(pk=qa.pk).is_active
    assert client_for(world["qa"]).get(reverse("home:index")).status_code == 200
