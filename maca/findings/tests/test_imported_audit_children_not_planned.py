"""An audit imported from a past year's file (docs/audit-json.md) brings how
many children its cases concerned: its programme page states that count as
the children, never as the children planned. An audit planned in maca keeps
its plan."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import imported
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def test_an_imported_audits_children_are_a_count_not_a_plan(world, client_for):
    data = past_audit("Neglect in families with babies", 2024)
    data["audit"]["children"] = 8
    audit = imported(world.partnership, data)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Children (planned)" not in shown
    assert "Children 8" in shown
    assert "3 cases reviewing 8 children" in shown  # the same figure, by the same rule


def test_an_audit_planned_in_maca_still_says_its_children_are_planned(world, client_for):
    from maca.programme.tests.factories import AuditFactory

    planned = AuditFactory(partnership=world.partnership, target_cases=6, target_children=10)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[planned.pk])).content.decode())
    assert "Children (planned) 10" in shown


def test_an_imported_audit_whose_record_gave_no_children_says_not_recorded(world, client_for):
    data = past_audit("Neglect in families with babies", 2024)
    data["audit"].pop("children", None)
    audit = imported(world.partnership, data)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Children (planned)" not in shown
    assert "Children Not recorded" in shown
    assert "3 cases (number of children not recorded)" in shown  # the same rule as the sentence


def test_an_imported_audits_cases_say_their_children_and_agencies_are_not_recorded(world, client_for):
    """Its cases were never in a case list: the selected cases page says
    "Not recorded" for their children and agencies, not "0" and "None yet"."""
    audit = imported(world.partnership, past_audit("Neglect in families with babies", 2024))
    page = client_for(world["qa"]).get(reverse("selection:cases", args=[audit.pk])).content.decode()
    body = words_shown(page.partition("<tbody")[2].partition("</tbody>")[0])
    assert body.count("Not recorded") == 2 * 3  # children and agencies, for each of its 3 cases
    assert "None yet" not in body
    assert " 0 " not in f" {body} "
