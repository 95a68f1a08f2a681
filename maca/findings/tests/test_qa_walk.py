"""What a QA walk of the meeting pages found: each page says what is true and
shows typed text as it was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Finding
from maca.programme.models import Stage
from maca.returns.tests.builders import move
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

TWO_PARAGRAPHS = "Fathers were not seen at home.\n\nNobody asked <b>why</b>."


@pytest.mark.parametrize("name", ["findings:meeting_edit", "findings:attendance"])
def test_a_closed_audits_meeting_says_it_can_no_longer_be_changed(world, audit, client_for, name):
    move(audit, Stage.WRITING_UP, world["qa"].user)
    move(audit, Stage.ACTIONS, world["qa"].user)
    type(audit).objects.filter(pk=audit.pk).update(stage=Stage.CLOSED)  # as an audit closed after its actions
    qa = client_for(world["qa"])
    response = qa.get(reverse(name, args=[audit.pk]))
    body = response.content.decode()
    shown = words_shown(body)
    assert response.status_code == 403
    assert "The meeting record can no longer be changed" in shown
    assert "moved past writing up (it is at the stage ‘Closed’)" in shown
    assert "Your role does not include" not in shown and "check your role" not in shown
    assert "You can still read it." in shown
    assert f'href="{reverse("findings:meeting", args=[audit.pk])}"' in body
    # The meeting page itself says it in the same words, and offers no change.
    meeting = words_shown(qa.get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    said = (
        "This audit has moved past writing up (it is at the stage ‘Closed’), "
        "so its meeting record can no longer be changed."
    )
    assert said in meeting and said in shown and "You can still read it." not in meeting
    # Someone whose role does not record meetings is still told so.
    board = client_for(world["board"])
    refused = board.get(reverse(name, args=[audit.pk]))
    assert refused.status_code == 403 and "Your role does not include" in words_shown(refused.content.decode())


def test_before_its_meeting_an_audit_says_when_recording_opens(world, client_for):
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world)
    response = client_for(world["qa"]).get(reverse("findings:meeting_edit", args=[audit.pk]))
    shown = words_shown(response.content.decode())
    assert response.status_code == 403
    said = "The meeting is recorded when the audit reaches the stage ‘Meeting’. This audit is at ‘Agencies auditing’."
    assert said in shown


def test_a_findings_paragraphs_are_shown_as_typed(world, audit, client_for):
    qa = client_for(world["qa"])
    case = audit.audit_cases.order_by("number").first()
    response = qa.post(
        reverse("findings:finding_new", args=[audit.pk, case.pk]),
        {"kind": "finding", "text": TWO_PARAGRAPHS, "polarity": "concern", "agency": str(world.police.pk)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    finding = Finding.objects.get(text=TWO_PARAGRAPHS)
    for url in (reverse("findings:case", args=[audit.pk, case.pk]),):
        body = qa.get(url).content.decode()
        assert '<p class="govuk-body govuk-!-margin-bottom-2">Fathers were not seen at home.</p>' in body
        assert "Nobody asked &lt;b&gt;why&lt;/b&gt;." in body and "<b>why</b>" not in body
    services.finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity="concern",
        theme_keys=["think_family"],
        expected_version=finding.version,
    )
    board = client_for(world["board"]).get(reverse("findings:audit_findings", args=[audit.pk])).content.decode()
    assert "Fathers were not seen at home.</p>" in board and "Nobody asked &lt;b&gt;why&lt;/b&gt;." in board
