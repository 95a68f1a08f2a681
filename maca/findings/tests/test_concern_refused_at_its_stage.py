"""Flagging an immediate concern at a stage it cannot be raised at says why,
as the meeting's other pages do, not that the QA officer's role lacks this
part of maca (QA walk: at 'Actions' the page answered "Your role does not
include this part of maca")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import ImmediateConcern
from maca.programme.models import Audit, Stage
from maca.returns.tests.builders import audit_with_returns, move
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _url(audit) -> str:
    return reverse("findings:concern_new", args=[audit.pk, audit.audit_cases.order_by("number").first().pk])


def test_at_actions_the_flag_page_says_concerns_can_no_longer_be_raised(world, audit, client_for):
    move(audit, Stage.WRITING_UP, world["qa"].user)
    move(audit, Stage.ACTIONS, world["qa"].user)
    qa = client_for(world["qa"])
    response = qa.get(_url(audit))
    body = response.content.decode()
    shown = words_shown(body)
    assert response.status_code == 403
    assert "Immediate concerns can no longer be raised" in shown
    assert (
        "This audit has moved past writing up (it is at the stage ‘Actions’), so immediate concerns "
        "can no longer be raised from it."
    ) in shown
    assert "Your role does not include" not in shown and "check your role" not in shown
    assert f'href="{reverse("findings:meeting", args=[audit.pk])}"' in body


def test_sent_after_the_audit_moved_on_nothing_is_raised_and_what_was_typed_is_shown(world, audit, client_for):
    qa = client_for(world["qa"])
    url = _url(audit)
    assert qa.get(url).status_code == 200  # the page opened at 'Meeting'
    move(audit, Stage.WRITING_UP, world["qa"].user)
    move(audit, Stage.ACTIONS, world["qa"].user)
    response = qa.post(url, {"agency": str(world.police.pk), "what_was_found": "A child left alone at night."})
    shown = words_shown(response.content.decode())
    assert response.status_code == 403
    assert "Immediate concerns can no longer be raised" in shown
    assert "A child left alone at night." in shown
    assert not ImmediateConcern.objects.exists()


def test_a_cancelled_audit_says_it_was_cancelled(world, audit, client_for):
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.CANCELLED)
    shown = words_shown(client_for(world["qa"]).get(_url(audit)).content.decode())
    assert "This audit was cancelled, so immediate concerns can no longer be raised from it." in shown


def test_before_agencies_audit_the_page_says_when_concerns_can_be_raised(world, client_for):
    audit = audit_with_returns(world)
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.SELECTING)
    response = client_for(world["qa"]).get(_url(audit))
    shown = words_shown(response.content.decode())
    assert response.status_code == 403
    assert "Immediate concerns cannot be raised yet" in shown
    said = "Immediate concerns are raised from the stage ‘Agencies auditing’. This audit is at ‘Selecting cases’."
    assert said in shown


def test_someone_whose_role_does_not_raise_concerns_is_still_told_so(world, audit, client_for):
    refused = client_for(world["board"]).get(_url(audit))
    assert refused.status_code == 403
    assert "Your role does not include" in words_shown(refused.content.decode())
