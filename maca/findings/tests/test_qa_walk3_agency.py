"""An agency lead's walk (third walk): the e-mail telling them of an
immediate concern is written as maca's pages are."""

from __future__ import annotations

import pytest

from maca.findings import services
from maca.notifications.models import SentEmail

pytestmark = pytest.mark.django_db


def test_the_concern_e_mail_writes_the_apostrophe_as_the_pages_do(world, case):
    services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A child left alone."
    )
    body = SentEmail.objects.get(kind="immediate_concern").body
    assert "For the child’s privacy this e-mail does not say what was found." in body
    assert "'" not in body
