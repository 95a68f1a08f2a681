"""The draw page (QA walk): once a drawn case is also nominated and the
nomination accepted, or a drawn case is taken out, the page no longer says
only that the draw "picked 4 cases at random" as if all 4 were still in the
sample as drawn: it says how many are, and what became of the others."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.selection.models import AuditCase, Nomination
from maca.selection.tests.test_redraws_and_the_pool import draw_on_the_page
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _draw_said(client, audit) -> str:
    words = words_shown(client.get(reverse("selection:draw", args=[audit.pk])).content.decode())
    return re.search(r"The current draw \(seed \d+\) .*? See how balanced it is", words).group(0)


def test_the_draw_page_says_a_drawn_case_is_now_counted_as_nominated(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit, seed="1")
    assert _draw_said(qa, audit) == "The current draw (seed 1) picked 4 cases at random. See how balanced it is"

    drawn = AuditCase.objects.current().filter(audit=audit).select_related("case").order_by("number")[1]
    client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]),
        {"case_reference": drawn.case.reference, "reason": "Three referrals in a year"},
    )
    nomination = Nomination.objects.get(audit=audit)
    qa.post(reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]), {"decision": "accept"})

    assert _draw_said(qa, audit) == (
        "The current draw (seed 1) picked 4 cases at random. 3 of them are still in the sample as drawn. "
        "1 was later nominated as well, so it now counts as a nominated case. See how balanced it is"
    )

    taken_out = AuditCase.objects.current().filter(audit=audit, source="drawn").order_by("number").first()
    qa.post(reverse("selection:remove_case", args=[audit.pk, taken_out.pk]), {"reason": "The family moved away"})
    assert _draw_said(qa, audit) == (
        "The current draw (seed 1) picked 4 cases at random. 2 of them are still in the sample as drawn. "
        "1 was later nominated as well, so it now counts as a nominated case. 1 was taken out of the audit. "
        "See how balanced it is"
    )
