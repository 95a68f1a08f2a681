"""The draw page of a cancelled audit says it was cancelled, not that agencies
will audit its sample (QA walk)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_a_cancelled_audits_draw_page_says_it_was_cancelled(world, audit, client_for):
    audit_move(
        actor=world["qa"].user, audit=audit, to_stage=Stage.CANCELLED, reason="Merged", expected_version=audit.version
    )
    page = words_shown(client_for(world["qa"]).get(reverse("selection:draw", args=[audit.pk])).content.decode())
    assert "This audit was cancelled: no sample can be drawn for it now." in page
    assert "Once agencies are auditing" not in page
