"""Found on a walk of the demo: a cancelled audit's move, plan and scrutineers
pages, opened from their addresses, offered forms whose every save is refused
(the move page offered "Cancel the audit" again), and its scrutineers page said
nobody in the partnership was a scrutineer when one was."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import membership_create
from maca.accounts.tests.factories import UserFactory
from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cancelled(world):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk")
    return audit_move(
        actor=world["qa"].user,
        audit=audit,
        to_stage=Stage.CANCELLED,
        reason="Merged into another audit.",
        expected_version=audit.version,
    ).audit


def _words(client, name: str, audit) -> str:
    """The page's main part (the header has a form of its own, to sign out)."""
    response = client.get(reverse(name, args=[audit.pk]))
    assert response.status_code == 200
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    return " ".join(html.unescape(main).split())


@pytest.mark.parametrize("name", ["programme:audit_move", "programme:audit_edit"])
def test_a_cancelled_audits_move_and_plan_pages_say_so_and_offer_no_form(world, client_for, cancelled, name):
    words = _words(client_for(world["qa"]), name, cancelled)
    assert "This audit was cancelled: its plan and its stage can no longer be changed." in words
    assert "Cancel the audit" not in words and 'type="submit"' not in words
    assert f'href="{reverse("programme:audit", args=[cancelled.pk])}"' in words


def test_a_cancelled_audit_without_scrutineers_does_not_say_nobody_has_the_role(world, client_for, cancelled):
    scrutineer = UserFactory(full_name="Robin Ashdown")
    membership_create(actor=None, partnership=world.partnership, user=scrutineer, role=Role.INDEPENDENT_SCRUTINEER)
    words = _words(client_for(world["qa"]), "programme:audit_scrutineers", cancelled)
    assert "Nobody in the partnership has the independent scrutineer role" not in words
    assert "This audit was cancelled and has no independent scrutineers: nobody new can be added." in words


def test_creating_a_programme_that_exists_names_its_year(world, client_for):
    """Found on the same walk: "There is already a programme for this year" did not say which year."""
    from maca.programme.tests.factories import ProgrammeFactory

    ProgrammeFactory(partnership=world.partnership, year=2026)
    response = client_for(world["qa"]).post(reverse("programme:programme_new"), {"year": "2026"})
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
    assert "There is a problem There is already a programme for 2026–27" in words


def test_cancelling_an_audit_says_it_has_been_cancelled(world, client_for):
    """Found on the same walk: cancelling said "is now at the stage ‘Cancelled’"."""
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user, title="Babies at risk")
    response = client_for(world["qa"]).post(
        reverse("programme:audit_move", args=[audit.pk]),
        {"to_stage": Stage.CANCELLED, "reason": "Merged into another audit.", "version": audit.version},
        follow=True,
    )
    words = " ".join(html.unescape(response.content.decode()).split())
    assert "‘Babies at risk’ has been cancelled." in words and "at the stage ‘Cancelled’" not in words


def test_a_refused_move_is_linked_from_the_error_summary_to_the_choice_of_stage(world, client_for):
    """Found on the same walk: "Select at least one case." stood in the error summary linking nowhere."""
    audit = AuditFactory(partnership=world.partnership, lead=None, title="Babies at risk")
    response = client_for(world["qa"]).post(
        reverse("programme:audit_move", args=[audit.pk]),
        {"to_stage": Stage.SELECTING, "reason": "Agreed", "version": audit.version},
    )
    body = html.unescape(response.content.decode())
    summary = re.search(r'<div class="govuk-error-summary.*?</div>\s*</div>', body, re.S).group(0)
    assert re.search(r'<a href="#id_to_stage">\s*Choose an audit lead.\s*</a>', summary)
    assert 'id="id_to_stage"' in body
