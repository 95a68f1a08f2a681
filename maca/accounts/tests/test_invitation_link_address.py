"""Found walking the people pages on a development server on another port
(8133): the invitation e-mail's link pointed at 127.0.0.1:8000, where nothing
answered. The e-mail is written away from any request (``emails``), so its
link follows ``MACA_BASE_URL``, and the documentation says to set it."""

from __future__ import annotations

from pathlib import Path

from django.test import Client, override_settings
from django.urls import reverse

from maca.accounts.emails import build_invitation_email
from maca.accounts.roles import Role
from maca.accounts.services import invitation_create

ROOT = Path(__file__).resolve().parents[3]


def test_the_invitation_link_is_at_the_address_people_use_and_opens_the_invitation(world):
    invitation, token = invitation_create(
        actor=world["admin"].user,
        partnership=world.partnership,
        email="new.auditor@testshire.example",
        full_name="New Auditor",
        role=Role.AGENCY_AUDITOR,
        agency=world.police,
    )
    with override_settings(MACA_BASE_URL="http://127.0.0.1:8133"):
        body = build_invitation_email(invitation.pk).body
    path = reverse("accounts:accept_invitation", args=[token])
    assert f"http://127.0.0.1:8133{path}" in body
    assert "8000" not in body
    assert Client().get(path).status_code == 200


def test_the_docs_say_to_set_the_address_when_serving_on_another_port():
    for doc in ("README.md", "docs/deployment.md"):
        [row] = [line for line in (ROOT / doc).read_text().splitlines() if line.startswith("| `MACA_BASE_URL`")]
        assert "another port included" in row and "MACA_BASE_URL=http://127.0.0.1:8133" in row, doc
