"""The "take case out" page, opened while the audit selected its cases and
sent after it moved on, says why a case can no longer be taken out: no error
about a reason box the page no longer has, and nothing is changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_a_case_sent_to_be_taken_out_after_selection_is_told_why_not(world, client_for):
    audit = audit_with_returns(world, cases=1)
    audit_case = audit.audit_cases.current().get()

    response = client_for(world["qa"]).post(
        reverse("selection:remove_case", args=[audit.pk, audit_case.pk]), {"reason": ""}
    )

    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert "Cases can be taken out while the audit is at" in words
    assert "There is a problem" not in words and "Enter why the case is being taken out" not in words
    audit_case.refresh_from_db()
    assert audit_case.removed_at is None
