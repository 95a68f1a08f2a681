"""The QA officer's home page lists the nominations waiting for a decision
(QA walk: they showed only on each audit's own pages), each linking to its
decision page, in the same number of queries however many there are."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.selection.services import nomination_create
from maca.selection.tests.builders import selecting_audit
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _nominate(world, audit, reference: str, persona: str = "lead"):
    return nomination_create(
        actor=world[persona].user, audit=audit, case_reference=reference, reason="Seen", can_see_pool=False
    )


def test_the_qa_officers_home_page_lists_nominations_to_decide_with_a_link_to_decide(world, client_for):
    audit = selecting_audit(world, title="Babies at risk")
    nomination = _nominate(world, audit, "F-000030")
    client = client_for(world["qa"])

    body = client.get(reverse("home:index")).content.decode()
    page = words_shown(body)
    assert "Nominations to decide" in page
    assert "Case F-000030 for Babies at risk" in page
    assert "Nominated by Lena Lead, Testshire Police," in page
    assert f'href="{reverse("selection:decide_nomination", args=[audit.pk, nomination.pk])}"' in body

    # Decided: it leaves the panel, which says what will appear there.
    client.post(
        reverse("selection:decide_nomination", args=[audit.pk, nomination.pk]),
        {"decision": "decline", "reason": "Not in the case list"},
        follow=True,
    )
    page = words_shown(client.get(reverse("home:index")).content.decode())
    assert "F-000030" not in page
    assert "Cases nominated for an audit will appear here until you accept or decline them." in page


def test_the_panel_does_not_get_slower_with_more_nominations(world, client_for):
    audits = [selecting_audit(world, title="Babies at risk"), selecting_audit(world, title="Neglect")]
    made = []

    def add(n):
        for _ in range(n):
            persona = ("lead", "health_lead")[len(made) % 2]
            made.append(_nominate(world, audits[len(made) % 2], f"F-{len(made):06d}", persona))

    client = client_for(world["qa"])
    assert_queries_do_not_grow(lambda: client.get(reverse("home:index")), add)
    page = words_shown(client.get(reverse("home:index")).content.decode())
    assert "Case F-000000 for Babies at risk" in page and "Case F-000001 for Neglect" in page
    assert "and 2 more, on their audits’ nominations pages" in page
