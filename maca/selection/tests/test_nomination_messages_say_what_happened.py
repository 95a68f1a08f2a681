"""What the nominations page says after a nomination (QA walk): the audit lead
who nominated a case was told it "has been sent to the audit lead"; and a
nominated case accepted after a draw is numbered before the drawn ones, so
"added to the audit as case 1" left unsaid that the drawn case 1 is now case 2."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.selection.models import AuditCase, Nomination
from maca.selection.tests.test_redraws_and_the_pool import draw_on_the_page
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _nominate(client, audit, reference: str) -> str:
    response = client.post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": reference, "reason": "Three referrals in a year"},
        follow=True,
    )
    return words_shown(response.content.decode())


def _outside_the_sample(audit, police_pool) -> str:
    drawn = set(AuditCase.objects.current().filter(audit=audit).values_list("case__reference", flat=True))
    return next(case.reference for case in police_pool if case.reference not in drawn)


def test_the_audit_lead_who_nominates_is_not_told_it_went_to_the_audit_lead(world, audit, police_pool, client_for):
    assert audit.lead == world["qa"].user
    shown = _nominate(client_for(world["qa"]), audit, police_pool[0].reference)
    assert "sent to the audit lead" not in shown
    assert "Your nomination has been added. As the audit lead, you decide whether to include it." in shown

    # Anyone else's still goes to the audit lead.
    assert "Your nomination has been sent to the audit lead." in _nominate(
        client_for(world["lead"]), audit, police_pool[1].reference
    )


def test_accepting_a_nomination_after_a_draw_says_the_drawn_cases_moved_down(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit, seed="1")
    first_drawn = AuditCase.objects.current().get(audit=audit, number=1)
    reference = _outside_the_sample(audit, police_pool)
    _nominate(client_for(world["lead"]), audit, reference)
    nomination = Nomination.objects.get(audit=audit)

    response = qa.post(
        reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]), {"decision": "accept"}, follow=True
    )
    assert (
        f"{reference} has been added to the audit as case 1. The cases after it have moved down a number."
        in words_shown(response.content.decode())
    )
    first_drawn.refresh_from_db()
    assert first_drawn.number == 2
