"""Found reading the audit log as a partnership admin after inviting people:
the sentence an invitation's events make, and the words of what they recorded."""

from __future__ import annotations

import html
import re

from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.services import invitation_create, invitation_revoke
from maca.audit_trail.models import AuditEvent


def text_of(page) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())


def test_an_invitation_sent_and_withdrawn_read_as_sentences(world, client_for):
    admin = world["admin"]
    invitation, _token = invitation_create(
        actor=admin.user,
        partnership=world.partnership,
        email="sentence.reader@testshire.example",
        full_name="Sentence Reader",
        role=Role.BOARD_MEMBER,
    )
    invitation_revoke(actor=admin.user, invitation=invitation)
    page = text_of(client_for(admin).get(reverse("audit_trail:events")))
    name = admin.user.full_name
    target = f"the invitation for sentence.reader@testshire.example to {world.partnership.name}"
    assert f"{name} sent {target}" in page
    assert f"{name} withdrew {target}" in page
    assert "sent invitation for" not in page and "withdrew invitation for" not in page


def test_an_invitations_details_spell_e_mail_as_every_page_does(world, client_for):
    invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="spelling@testshire.example",
        full_name="Spelling Checker",
        role=Role.BOARD_MEMBER,
    )
    event = AuditEvent.objects.get(action="invitation.created")
    page = text_of(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])))
    assert "E-mail spelling@testshire.example" in page
    assert "Email spelling@testshire.example" not in page
