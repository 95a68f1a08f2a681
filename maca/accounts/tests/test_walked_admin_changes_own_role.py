"""Found walking people's administration: an admin who gave themselves
another role (with a second admin left, so it is allowed) was sent to the
people page, which they can no longer open: "Sam Okafor’s access has been
updated" above "You cannot use this page"."""

from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory
from maca.tests.page import words_shown


def _as_it_is(membership, **changes) -> dict:
    return {
        "role": membership.role,
        "agency": membership.agency_id or "",
        "job_title": membership.job_title,
        "version": membership.version,
        **changes,
    }


def test_an_admin_who_gives_themselves_another_role_lands_on_a_page_they_can_open(world, client_for):
    MembershipFactory(partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN)  # not the last admin
    own = world["admin"].membership
    response = client_for(world["admin"]).post(
        reverse("accounts:member", args=[own.pk]), _as_it_is(own, role=Role.QA_OFFICER), follow=True
    )
    shown = words_shown(response.content.decode())
    assert response.status_code == 200
    assert "You cannot use this page" not in shown
    assert "Your role is now QA officer. You can no longer manage people" in shown
    assert response.redirect_chain[-1][0] == reverse("home:index")
    own.refresh_from_db()
    assert own.role == Role.QA_OFFICER


def test_an_admin_who_changes_their_own_job_title_stays_on_the_people_page(world, client_for):
    own = world["admin"].membership
    response = client_for(world["admin"]).post(
        reverse("accounts:member", args=[own.pk]), _as_it_is(own, job_title="Business manager"), follow=True
    )
    shown = words_shown(response.content.decode())
    assert response.redirect_chain[-1][0] == reverse("accounts:members")
    assert "access has been updated" in shown
