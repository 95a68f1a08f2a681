"""A nominated case whose children a later case list moved to other cases
(QA walk): the decision page said nothing, and accepting it put a case with no
children in the audit, counted as "not recorded"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.cases.models import Case
from maca.cases.tests.factories import child_row, import_rows
from maca.selection.models import Nomination
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_the_decision_page_warns_that_a_nominated_case_has_no_children_left(world, audit, client_for):
    import_rows(world.partnership, [child_row("F-1", "C-1"), child_row("F-2", "C-2")])
    import_rows(world.partnership, [child_row("F-2", "C-1"), child_row("F-2", "C-2")])  # C-1 moved to F-2
    assert Case.objects.get(partnership=world.partnership, reference="F-1").children_count == 0
    client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]), {"case_reference": "F-1", "reason": "Known to us"}
    )
    client_for(world["lead"]).post(
        reverse("selection:nominate", args=[audit.pk]), {"case_reference": "F-2", "reason": "Known to us"}
    )
    qa = client_for(world["qa"])
    emptied, kept = (Nomination.objects.get(audit=audit, case_reference=ref) for ref in ("F-1", "F-2"))

    shown = words_shown(qa.get(reverse("selection:decide_nomination", args=[audit.pk, emptied.pk])).content.decode())
    assert "This case has no children left in the case list: they have all moved to other cases." in shown

    shown = words_shown(qa.get(reverse("selection:decide_nomination", args=[audit.pk, kept.pk])).content.decode())
    assert "no children left" not in shown
