"""The number of cases an audit plans to look at is not cut below the number
it has already selected: the page says how many are selected, saves nothing,
and the year's page never says "3 of 2"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.services import PLANNING_FIELDS
from maca.returns.tests.builders import audit_with_returns
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _post_plan(client, audit, **changed):
    shown = fields_shown(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode())
    data = {
        name: field.chosen if field.kind == "checkbox" else (field.chosen or [""])[0] for name, field in shown.items()
    }
    data.update(changed)
    return client.post(reverse("programme:audit_edit", args=[audit.pk]), data)


def test_planning_fewer_cases_than_are_selected_is_refused_and_nothing_is_saved(world, client_for):
    audit = audit_with_returns(world, cases=3)
    audit.refresh_from_db()
    planned = audit.target_cases
    assert planned >= 3 and set(PLANNING_FIELDS) >= {"target_cases"}
    client = client_for(world["qa"])

    response = _post_plan(client, audit, target_cases="2", title="Renamed while refused")

    assert response.status_code == 200
    shown = words_shown(response.content.decode())
    assert "There is a problem 3 cases are already selected for this audit: plan at least 3" in shown
    # Agencies are auditing: cases can no longer be taken out, so the page does not say to.
    assert "take cases out" not in shown
    audit.refresh_from_db()
    assert (audit.target_cases, audit.title) != (2, "Renamed while refused")
    assert audit.target_cases == planned
    shown = fields_shown(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode())
    assert shown["target_cases"].chosen == [str(planned)]


def test_planning_exactly_the_cases_selected_is_saved(world, client_for):
    audit = audit_with_returns(world, cases=3)
    client = client_for(world["qa"])

    assert _post_plan(client, audit, target_cases="3").status_code == 302

    audit.refresh_from_db()
    assert audit.target_cases == 3
    shown = fields_shown(client.get(reverse("programme:audit_edit", args=[audit.pk])).content.decode())
    assert shown["target_cases"].chosen == ["3"]
