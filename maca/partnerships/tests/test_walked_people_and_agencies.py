"""Found walking the partnership's agencies as its admin: retiring an agency
ends the access of the people in it."""

import re

from django.test import Client
from django.urls import reverse

from maca.accounts.models import Invitation, Membership
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.audit_trail.models import AuditEvent
from maca.partnerships.models import Agency


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
    assert "Testshire Police is no longer taking part. 2 people in it no longer have access." in _words(response)

    # The lead's open session ends on their next click.
    response = lead.get(reverse("home:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    membership = Membership.objects.get(pk=world["lead"].membership.pk)
    assert not membership.is_active
    assert membership.deactivation_reason == "Testshire Police stopped taking part"
    assert AuditEvent.objects.filter(action="membership.deactivated", object_id=str(membership.pk)).exists()

    # The admin sees them without access, with the reason.
    page = _words(admin.get(reverse("accounts:member", args=[membership.pk])))
    assert "Access removed: Testshire Police stopped taking part" in page


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


def _invite(world, email: str, role: str, agency=None) -> tuple[Invitation, str]:
    return invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=email,
        full_name="Invited Person",
        role=role,
        agency=agency,
    )


def test_a_qa_officers_invitation_that_names_the_agency_survives_its_deactivation(world, client_for):
    """As with memberships: only an invitation to an agency role acts for the
    agency, so only such an invitation is counted and withdrawn."""
    to_police, _ = _invite(world, "new.auditor@testshire.example", Role.AGENCY_AUDITOR, world.police)
    to_qa, qa_token = _invite(world, "new.qa@testshire.example", Role.QA_OFFICER)
    # An older invitation, from before agencies were refused for other roles.
    Invitation.objects.filter(pk=to_qa.pk).update(agency=world.police)
    admin = client_for(world["admin"])
    page = _words(admin.get(reverse("partnerships:edit", args=[world.police.pk])))
    assert "2 people in it will lose their access and 1 invitation to it will be withdrawn." in page

    response = admin.post(
        reverse("partnerships:set_status", args=[world.police.pk]), {"version": world.police.version}, follow=True
    )
    assert (
        "Testshire Police is no longer taking part. 2 people in it no longer have access and "
        "1 invitation to it was withdrawn." in _words(response)
    )
    assert Invitation.objects.get(pk=to_police.pk).status == "revoked"
    assert Invitation.objects.get(pk=to_qa.pk).status == "pending"
    assert not AuditEvent.objects.filter(action="invitation.revoked", object_id=str(to_qa.pk)).exists()
    people = _words(admin.get(reverse("accounts:members")))
    assert "new.qa@testshire.example" in people and "new.auditor@testshire.example" not in people
    assert Client().get(reverse("accounts:accept_invitation", args=[qa_token])).status_code == 200


def test_the_message_after_a_deactivation_says_what_it_did_not_what_was_there(world, client_for):
    """An agency switched off by hand (by an older release) still shows its
    people; deactivating it again from a page opened before changes nothing,
    and the message does not claim that it ended anyone's access."""
    from maca.partnerships.models import Agency

    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    response = client_for(world["admin"]).post(
        reverse("partnerships:set_status", args=[world.police.pk]), {"version": world.police.version}, follow=True
    )
    words = _words(response)
    assert "Testshire Police is no longer taking part." in words
    assert "no longer have access" not in words and "withdrawn" not in words


def test_deactivating_an_agency_answers_what_it_ended(world):
    from maca.partnerships.services import agency_set_active

    _invite(world, "new.auditor@testshire.example", Role.AGENCY_AUDITOR, world.police)
    police, ended = agency_set_active(
        actor=world["admin"].user, agency=world.police, active=False, expected_version=world.police.version
    )
    assert not police.is_active and ended == {"people": 2, "invitations": 1}
    police, ended = agency_set_active(
        actor=world["admin"].user, agency=police, active=True, expected_version=police.version
    )
    assert police.is_active and ended == {"people": 0, "invitations": 0}


def test_an_agency_no_longer_taking_part_is_called_so_everywhere_the_admin_looks(world, client_for):
    """Found on a QA walk: the people pages say "Access removed", but the
    agency pages said "Deactivated" (list, page, button, message, reason)."""
    admin = client_for(world["admin"])
    edit_url = reverse("partnerships:edit", args=[world.police.pk])
    before = _words(admin.get(edit_url))
    assert "Stop this agency taking part" in before and "Mark as no longer taking part" in before
    after = _words(
        admin.post(
            reverse("partnerships:set_status", args=[world.police.pk]), {"version": world.police.version}, follow=True
        )
    )
    assert "Testshire Police is no longer taking part." in after
    assert "This agency is no longer taking part." in after and "Mark as taking part again" in after
    listed = _words(admin.get(reverse("partnerships:agencies")))
    assert "Testshire Police Police – No longer taking part" in listed
    person = _words(admin.get(reverse("accounts:member", args=[world["lead"].membership.pk])))
    assert "Access removed: Testshire Police stopped taking part" in person
    for page in (before, after, listed, person):
        assert "eactivat" not in page.lower()

    back = _words(
        admin.post(
            reverse("partnerships:set_status", args=[world.police.pk]),
            {"version": Agency.objects.get(pk=world.police.pk).version, "active": "on"},
            follow=True,
        )
    )
    assert "Testshire Police is taking part again." in back and "eactivat" not in back.lower()
