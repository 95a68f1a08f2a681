"""An invitation to a GP practice, and a person's own account page, name the
practice with the agency at the top of its tree, "Mill Lane Surgery
(Testshire Care Board)", as every list of agencies does
(``partnerships.presenters.agency_name``), its parent read with it."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import invitation_create
from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.notifications.models import SentEmail
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

GP = "Mill Lane Surgery (Testshire Care Board)"


def _invite(world, email: str):
    return invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email=email,
        full_name="Pat Practice",
        role=Role.AGENCY_AUDITOR,
        agency=world.gp_practice,
    )


def test_an_invitation_to_a_gp_practice_names_it_with_its_agency_in_the_e_mail_and_on_the_page(world):
    _invitation, token = _invite(world, "pat@testshire.example")
    email = SentEmail.objects.get(kind="invitation", to="pat@testshire.example")
    assert f"Your role: Agency auditor, {GP}" in email.body
    path = reverse("accounts:accept_invitation", args=[token])
    with CaptureQueriesContext(connection) as captured:
        page = words_shown(Client().get(path).content.decode())
    assert f"You have been invited as Agency auditor for {GP}." in page
    # The practice's parent comes with the invitation, not in a query of its own.
    assert not [q for q in captured.captured_queries if q["sql"].startswith('SELECT "partnerships_agency"')]


def test_someone_with_an_account_invited_to_a_gp_practice_reads_it_with_its_agency(world, client_for):
    _invitation, token = _invite(world, world["outsider"].user.email)
    page = client_for(world["outsider"]).get(reverse("accounts:accept_invitation", args=[token]))
    assert f"You have been invited as Agency auditor for {GP}." in words_shown(page.content.decode())


def test_a_gp_practices_auditor_reads_it_with_its_agency_on_their_account_page(world, client_for):
    user = UserFactory(email="pat@testshire.example", full_name="Pat Practice")
    practice = MembershipFactory(
        user=user, partnership=world.partnership, role=Role.AGENCY_AUDITOR, agency=world.gp_practice
    )
    page = client_for(practice).get(reverse("accounts:account")).content.decode()
    (table,) = [t for t in read_tables(page).values() if t.head == ["Partnership", "Role", "Agency"]]
    assert table.rows == [["Testshire Safeguarding Children Partnership", "Agency auditor", GP]]
