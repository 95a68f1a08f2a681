"""Found walking people's administration and sign-in as each role: the words
people read, and an invitation for an existing login that can no longer be used."""

import html
import re

from django.test import Client
from django.urls import reverse

from maca.accounts.models import Membership
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.accounts.tests.factories import PASSWORD, UserFactory


def _words(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_waiting_invitations_say_when_the_link_expires_as_a_full_date(world, client_for):
    invitation, _token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="date.reader@testshire.example",
        full_name="Date Reader",
        role=Role.BOARD_MEMBER,
    )
    page = _words(client_for(world["admin"]).get(reverse("accounts:members")))
    assert f"{invitation.expires_at:%-d %B %Y}" in page


def test_a_weak_password_on_accepting_is_refused_in_maca_words(world):
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="weak.password@testshire.example",
        full_name="Weak Password",
        role=Role.BOARD_MEMBER,
    )
    response = Client().post(
        reverse("accounts:accept_invitation", args=[token]),
        {"full_name": "Weak Password", "password1": "password", "password2": "password"},
    )
    page = _words(response)
    assert "There is a problem" in page
    assert "Your password must be at least 12 characters" in page
    assert "Your password is too common" in page
    assert "This password is too short" not in page


def test_signing_in_shows_no_allauth_banner(world):
    client = Client()
    client.post(reverse("account_login"), {"login": world["board"].user.email, "password": PASSWORD})
    page = _words(client.get(reverse("home:index")))
    assert "Successfully signed in" not in page


def test_the_invitation_and_access_pages_use_curly_apostrophes(world, client_for):
    admin = client_for(world["admin"])
    invite = _words(admin.get(reverse("accounts:invite")))
    assert "Co-ordinates one agency’s audits" in invite
    remove = _words(admin.get(reverse("accounts:deactivate_member", args=[world["board"].membership.pk])))
    assert f"Remove {world['board'].user.full_name}’s access" in remove
    main = remove.split("Skip to main content", 1)[-1]
    assert re.findall(r"\w'\w", main) == []


def test_someone_with_a_login_accepting_for_a_retired_agency_is_told_not_a_server_error(world, client_for):
    from maca.partnerships.models import Agency

    person = UserFactory(email="elsewhere@testshire.example", full_name="Else Where")
    from maca.accounts.tests.factories import MembershipFactory

    MembershipFactory(user=person, partnership=world.other_partnership, role=Role.BOARD_MEMBER)
    _invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=person.email,
        full_name=person.full_name,
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    Agency.objects.filter(pk=world.police.pk).update(is_active=False)
    client = Client()
    client.force_login(person)
    response = client.post(reverse("accounts:accept_invitation", args=[token]))
    assert response.status_code == 410
    assert "This invitation can no longer be used" in _words(response)
    assert not Membership.objects.filter(user=person, partnership=world.partnership).exists()


def test_the_password_reset_pages_speak_in_maca_words(db):
    client = Client()
    page = _words(client.get(reverse("account_reset_password")))
    assert "Reset your password" in page
    assert "Password Reset" not in page and "we'll" not in page
    response = client.post(reverse("account_reset_password"), {"email": "nobody@testshire.example"}, follow=True)
    assert "Check your e-mail" in _words(response)


def test_a_gp_practice_reads_the_same_on_the_invitation_form_and_the_people_page(world, client_for):
    gp = "Mill Lane Surgery (Testshire Care Board)"
    admin = client_for(world["admin"])
    form = _words(admin.get(reverse("accounts:invite")))
    assert gp in form and "Testshire Care Board – Mill Lane Surgery" not in form
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="practice.auditor@testshire.example",
        full_name="Practice Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.gp_practice,
    )
    people = _words(admin.get(reverse("accounts:members")))
    assert f"Practice Auditor practice.auditor@testshire.example Agency auditor {gp}" in people
