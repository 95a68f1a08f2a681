"""An audit's actions page (its recommendations and concerns, each with the
actions raised from it) reads the same number of queries however many
concerns the audit found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.actions.tests.builders import audit_with_recommendations
from maca.findings.models import Finding
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_an_audits_actions_page_queries_do_not_grow_with_its_concerns(world, client_for):
    audit, _finding, _recommendations, _theme = audit_with_recommendations(world)
    cases = list(audit.audit_cases.order_by("number"))
    qa = client_for(world["qa"])

    def find_more(n):
        for i in range(n):
            Finding.objects.create(
                partnership=world.partnership,
                audit=audit,
                audit_case=cases[i % len(cases)],
                agency=world.police,
                polarity="concern",
                text=f"Concern {i}",
            )

    assert_queries_do_not_grow(lambda: qa.get(reverse("actions:audit", args=[audit.pk])), find_more)
    page = qa.get(reverse("actions:audit", args=[audit.pk])).content.decode()
    assert f"Case {cases[0].number}" in page
