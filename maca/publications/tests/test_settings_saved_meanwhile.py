"""Two admins on the publication settings at once: one makes board members
the approver while the other adds a logo. The second save does not put the
approver back: it is refused, and the page shows the settings as they are now,
says what happened and asks for the logo again; saving again keeps both."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory, give_authenticator
from maca.publications.models import PublicationSettings
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tests.personas import Persona

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), (29, 112, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()  # a whole PNG: the page refuses one that only starts like one


def _sent(fields) -> dict:
    """What pressing Save sends for the page's form as shown."""
    return {name: shown.chosen[0] for name, shown in fields.items() if shown.chosen and shown.kind != "file"}


@pytest.fixture
def second_admin(world):
    user = UserFactory(email="second-admin@testshire.example", full_name="Sam Second")
    give_authenticator(user)
    membership = MembershipFactory(user=user, partnership=world.partnership, role=Role.PARTNERSHIP_ADMIN)
    return Persona("admin2", user, membership)


def test_settings_saved_meanwhile_are_not_silently_overwritten(world, client_for, second_admin):
    a, b = client_for(world["admin"]), client_for(second_admin)
    url = reverse("publications:settings")
    opened_by_a = fields_shown(a.get(url).content.decode())
    assert opened_by_a["approver_role"].chosen == ["qa_officer"]
    opened_by_b = fields_shown(b.get(url).content.decode())
    assert b.post(url, {**_sent(opened_by_b), "approver_role": "board_member"}).status_code == 302

    refused = a.post(url, {**_sent(opened_by_a), "logo": SimpleUploadedFile("logo.png", PNG)})

    assert refused.status_code == 200
    page = refused.content.decode()
    words = words_shown(page)
    assert "Someone else changed the publication settings" in words
    assert "Your logo has not been saved: choose the file again." in words
    shown = fields_shown(page)
    assert shown["approver_role"].chosen == ["board_member"]  # what B chose, which A did not change
    saved = PublicationSettings.objects.get(partnership=world.partnership)
    assert (saved.approver_role, bytes(saved.logo_png)) == ("board_member", b"")

    again = a.post(url, {**_sent(shown), "logo": SimpleUploadedFile("logo.png", PNG)})

    assert again.status_code == 302
    saved.refresh_from_db()
    assert (saved.approver_role, bytes(saved.logo_png)) == ("board_member", PNG)
    reopened = a.get(url).content.decode()
    assert fields_shown(reopened)["approver_role"].chosen == ["board_member"]
    assert "The current logo" in words_shown(reopened)
