"""An audit's actions page lists that audit's actions only: it has no "Audit"
column naming the page's own audit on every row. The plan, listing every
audit's actions, keeps it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.actions.tests.builders import audit_with_recommendations, raise_action
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

COLUMNS = ["Ref", "Action", "Agency", "Owner", "Due", "Status", "RAG"]


def test_an_audits_actions_table_does_not_repeat_the_audit(world, client_for):
    audit, _finding, _recommendations, _theme = audit_with_recommendations(world)
    action = raise_action(world, audit=audit, title="Fathers seen at every visit")
    qa = client_for(world["qa"])

    table = read_tables(qa.get(reverse("actions:audit", args=[audit.pk])).content.decode())["Actions from this audit"]
    assert table.head == COLUMNS
    assert table.cell(action.reference, "Action") == "Fathers seen at every visit"
    assert len(table.rows[0]) == len(COLUMNS)

    plan = read_tables(qa.get(reverse("actions:plan")).content.decode())["Actions"]
    assert plan.head == [*COLUMNS, "Audit"]
    assert plan.cell(action.reference, "Audit") == audit.title
