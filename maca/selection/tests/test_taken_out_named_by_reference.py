"""Taking a case out (QA walk): the cases after it each move up a number, so
the cases page said "Case 2 has been taken out of the audit." above a list
that still had a case 2 (another one). It names the case taken out by its
reference too, and says the others moved up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.selection.models import AuditCase
from maca.selection.tests.test_redraws_and_the_pool import draw_on_the_page
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _take_out(qa, audit, audit_case) -> str:
    response = qa.post(
        reverse("selection:remove_case", args=[audit.pk, audit_case.pk]),
        {"reason": "The family moved away"},
        follow=True,
    )
    return words_shown(response.content.decode())


def test_the_case_taken_out_is_named_by_its_reference_and_the_others_moved_up(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit, seed="1")
    second, third = AuditCase.objects.current().filter(audit=audit).select_related("case").order_by("number")[1:3]

    shown = _take_out(qa, audit, second)
    assert (
        f"Case 2 ({second.case.reference}) has been taken out of the audit. The cases after it have moved up a number."
        in shown
    )
    third.refresh_from_db()
    assert third.number == 2


def test_the_last_case_taken_out_moves_no_other(world, audit, police_pool, client_for):
    qa = client_for(world["qa"])
    draw_on_the_page(qa, audit, seed="1")
    last = AuditCase.objects.current().filter(audit=audit).select_related("case").order_by("number").last()

    shown = _take_out(qa, audit, last)
    assert f"Case {last.number} ({last.case.reference}) has been taken out of the audit." in shown
    assert "moved up" not in shown
