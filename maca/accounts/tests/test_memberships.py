"""Changing someone's role, removing and restoring access, switching partnership."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.accounts.services import membership_deactivate, membership_update
from maca.accounts.tests.factories import MembershipFactory
from maca.audit_trail.models import AuditEvent
from maca.tests.querycount import assert_queries_do_not_grow


def test_an_admin_changes_a_role_and_the_change_is_logged(world, client_for):
    board = world["board"].membership
    response = client_for(world["admin"]).post(
        reverse("accounts:member", args=[board.pk]),
        {"role": Role.AGENCY_LEAD, "agency": world.police.pk, "job_title": "Inspector", "version": board.version},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.role, board.agency, board.version) == (Role.AGENCY_LEAD, world.police, 2)
    event = AuditEvent.objects.get(action="membership.updated")
    assert event.changes["role"] == [Role.BOARD_MEMBER, Role.AGENCY_LEAD]
    assert event.actor == world["admin"].user


def test_two_admins_editing_the_same_person_never_overwrite_each_other(world, client_for):
    board = world["board"].membership
    stale_version = board.version
    other_admin = MembershipFactory(
        partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN, user__email="second.admin@testshire.example"
    )
    membership_update(
        actor=other_admin.user,
        membership=board,
        role=Role.QA_OFFICER,
        agency=None,
        job_title="First edit",
        expected_version=stale_version,
    )
    response = client_for(world["admin"]).post(
        reverse("accounts:member", args=[board.pk]),
        {"role": Role.INDEPENDENT_SCRUTINEER, "agency": "", "job_title": "Second edit", "version": stale_version},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this person" in body
    board.refresh_from_db()
    assert board.role == Role.QA_OFFICER and board.job_title == "First edit"
    # The second admin's typing is kept on the page, ready to save knowingly.
    assert "Second edit" in body
    assert f'value="{board.version}"' in body


def test_the_last_partnership_admin_cannot_be_removed_or_demoted(world):
    admin = world["admin"].membership
    other_admin = MembershipFactory(
        partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN, user__email="second.admin@testshire.example"
    )
    membership_deactivate(
        actor=admin.user, membership=other_admin, reason="Moved on", expected_version=other_admin.version
    )
    with pytest.raises(ValidationError, match="at least one partnership admin"):
        membership_update(
            actor=admin.user,
            membership=admin,
            role=Role.QA_OFFICER,
            agency=None,
            job_title="",
            expected_version=admin.version,
        )


def test_an_admin_cannot_remove_their_own_access(world):
    admin = world["admin"].membership
    with pytest.raises(ValidationError, match="your own access"):
        membership_deactivate(actor=admin.user, membership=admin, reason="x", expected_version=admin.version)


def test_removing_and_restoring_access_keeps_everything(world, client_for):
    client = client_for(world["admin"])
    board = world["board"].membership
    response = client.post(
        reverse("accounts:deactivate_member", args=[board.pk]), {"reason": "Term ended", "version": board.version}
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert not board.is_active and board.deactivation_reason == "Term ended"
    assert Membership.objects.filter(pk=board.pk).exists()  # never deleted
    client.post(reverse("accounts:reactivate_member", args=[board.pk]), {"version": board.version})
    board.refresh_from_db()
    assert board.is_active
    actions = list(AuditEvent.objects.filter(object_id=str(board.pk)).values_list("action", flat=True))
    assert {"membership.deactivated", "membership.reactivated"} <= set(actions)


def test_removing_access_without_a_reason_is_refused(world, client_for):
    board = world["board"].membership
    response = client_for(world["admin"]).post(
        reverse("accounts:deactivate_member", args=[board.pk]), {"reason": "", "version": board.version}
    )
    assert "Enter the reason for removing access" in response.content.decode()
    board.refresh_from_db()
    assert board.is_active


def test_an_admin_cannot_reach_another_partnerships_people(world, client_for):
    theirs = world["outsider"].membership
    client = client_for(world["admin"])
    assert client.get(reverse("accounts:member", args=[theirs.pk])).status_code == 404
    assert world["outsider"].user.email not in client.get(reverse("accounts:members")).content.decode()


def test_the_people_list_does_not_get_slower_with_more_people(world, client_for):
    client = client_for(world["admin"])

    def add(n):
        for _ in range(n):
            MembershipFactory(partnership=world.partnership, role=Role.AGENCY_AUDITOR, agency=world.police)

    assert_queries_do_not_grow(lambda: client.get(reverse("accounts:members")), add)


def test_switching_partnership_changes_what_is_shown(world, client_for):
    otto = world["outsider"]
    MembershipFactory(user=otto.user, partnership=world.partnership, role=Role.BOARD_MEMBER)
    client = client_for(otto)
    assert "Otherby" in client.get("/").content.decode()
    response = client.post(reverse("accounts:switch_partnership"), {"partnership": world.partnership.pk})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Testshire Safeguarding Children Partnership" in home
    assert AuditEvent.objects.filter(action="session.partnership_switched", actor=otto.user).exists()


def test_nobody_can_switch_into_a_partnership_they_do_not_belong_to(world, client_for):
    client = client_for(world["outsider"])
    client.post(reverse("accounts:switch_partnership"), {"partnership": world.partnership.pk})
    assert "Otherby" in client.get("/").content.decode()


# Only agency leads and auditors belong to an agency -------------------------------------------

NO_AGENCY = "Leave the agency empty: only agency leads and auditors belong to an agency"


@pytest.mark.parametrize("role", [Role.INDEPENDENT_SCRUTINEER, Role.BOARD_MEMBER, Role.QA_OFFICER])
def test_an_agency_is_refused_for_a_role_that_does_not_belong_to_one(world, client_for, role):
    from maca.tests.page import Page, words_shown

    client = client_for(world["admin"])
    response = client.post(
        reverse("accounts:invite"),
        {
            "full_name": "Ravi Reader",
            "email": "ravi@testshire.example",
            "role": role,
            "agency": world.police.pk,
            "job_title": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    shown = words_shown(body)
    assert "There is a problem" in shown and shown.count(NO_AGENCY) == 2  # the summary and the field
    assert 'href="#id_agency"' in body  # the summary links to the agency field
    assert Page(body).selected("agency") == {str(world.police.pk)}  # what was chosen stays, to change
    listing = words_shown(client.get(reverse("accounts:members")).content.decode())
    assert "Ravi Reader" not in listing and "ravi@testshire.example" not in listing

    # Without the agency, the invitation goes out.
    response = client.post(
        reverse("accounts:invite"),
        {"full_name": "Ravi Reader", "email": "ravi@testshire.example", "role": role, "agency": "", "job_title": ""},
    )
    assert response.status_code == 302
    listing = words_shown(client.get(reverse("accounts:members")).content.decode())
    assert "ravi@testshire.example" in listing


def test_changing_someone_to_a_role_without_an_agency_refuses_the_agency(world, client_for):
    from maca.tests.page import Page, words_shown

    lead = world["lead"].membership
    client = client_for(world["admin"])
    url = reverse("accounts:member", args=[lead.pk])
    response = client.post(
        url,
        {"role": Role.INDEPENDENT_SCRUTINEER, "agency": world.police.pk, "job_title": "", "version": lead.version},
    )
    assert response.status_code == 200
    assert NO_AGENCY in words_shown(response.content.decode())
    again = Page(client.get(url).content.decode())  # nothing saved: the page shows them as they were
    assert again.checked("role") == {Role.AGENCY_LEAD} and again.selected("agency") == {str(world.police.pk)}
    lead.refresh_from_db()
    assert (lead.role, lead.agency) == (Role.AGENCY_LEAD, world.police)
    with pytest.raises(ValidationError, match="Leave the agency empty"):
        membership_update(
            actor=world["admin"].user,
            membership=lead,
            role=Role.BOARD_MEMBER,
            agency=world.police,
            job_title="",
            expected_version=lead.version,
        )

    response = client.post(
        url, {"role": Role.INDEPENDENT_SCRUTINEER, "agency": "", "job_title": "", "version": lead.version}
    )
    assert response.status_code == 302
    again = Page(client.get(url).content.decode())
    assert again.checked("role") == {Role.INDEPENDENT_SCRUTINEER} and again.selected("agency") == {""}


def test_giving_access_again_through_an_agency_switched_off_says_what_can_be_done(world, client_for):
    """The agency switched off ended its people's access; giving one of them
    access again says what the admin can do instead, with nothing changed."""
    from maca.partnerships.models import Agency
    from maca.partnerships.services import agency_set_active

    police = Agency.objects.get(pk=world.police.pk)
    agency_set_active(actor=world["admin"].user, agency=police, active=False, expected_version=police.version)
    membership = Membership.objects.get(pk=world["auditor"].membership.pk)
    response = client_for(world["admin"]).post(
        reverse("accounts:reactivate_member", args=[membership.pk]), {"version": membership.version}, follow=True
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert (
        "Testshire Police is no longer taking part, so this person’s access through it cannot be given again. "
        "Mark Testshire Police as taking part again on the agencies page first, "
        "or invite the person to another agency."
    ) in page
    assert not Membership.objects.get(pk=membership.pk).is_active


def test_someone_whose_account_an_operator_switched_off_is_not_called_active(world, client_for):
    """Their access to the partnership stands, but they cannot sign in: the
    people page and their own page say so, in the same words."""
    from maca.accounts.models import User
    from maca.tests.page import words_shown

    board = world["board"].membership
    User.objects.filter(pk=board.user_id).update(is_active=False)  # as the operator's page does
    client = client_for(world["admin"])
    people = words_shown(client.get(reverse("accounts:members")).content.decode())
    assert f"{board.user.full_name} {board.user.email} Board member – Cannot sign in" in people
    page = words_shown(client.get(reverse("accounts:member", args=[board.pk])).content.decode())
    assert "Cannot sign in: a platform operator has switched off this person’s account" in page
