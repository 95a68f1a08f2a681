"""The agencies page's hint (QA walk): it said the boxes were "Ticked from the
case list", which after the officer's own changes they were not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.selection.models import AuditCase
from maca.selection.tests.test_redraws_and_the_pool import draw_on_the_page
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_the_hint_says_the_case_list_ticked_the_boxes_only_when_the_case_was_selected(
    world, audit, police_pool, client_for
):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit)
    audit_case = AuditCase.objects.current().filter(audit=audit).first()
    url = reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])
    response = qa.post(url, {"agencies": [world.health.pk], "shown": str(world.police.pk)})
    assert response.status_code == 302  # saved: the police off, health on

    shown = words_shown(qa.get(url).content.decode())
    assert "Ticked from the case list" not in shown
    assert "When the case was selected, the agencies the case list says know the family were ticked." in shown
