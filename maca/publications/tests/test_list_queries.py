"""The publications list a board member or an agency lead sees, and a
publication's page, read the same number of queries however many
publications and versions they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications import services
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_the_publications_list_for_the_board_queries_no_more_for_more_publications(world, client_for):
    board = client_for(world["board"])

    def publish_more(n):
        for _ in range(n):
            publish(world, six_step_for(world, audit_with_findings(world, cases=1, child_names={})))

    assert_queries_do_not_grow(lambda: board.get(reverse("publications:index")), publish_more)


def test_the_publications_list_for_an_agency_lead_queries_no_more_for_more_publications(world, client_for):
    lead = client_for(world["lead"])
    published = []

    def publish_more(n):
        for _ in range(n):
            published.append(six_step_for(world, audit_with_findings(world, cases=1, child_names={})))
            publish(world, published[-1])

    assert_queries_do_not_grow(lambda: lead.get(reverse("publications:index")), publish_more)
    assert published[-1].title in words_shown(lead.get(reverse("publications:index")).content.decode())


def test_a_publications_page_queries_no_more_for_more_corrected_versions(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, cases=1, child_names={}))
    publish(world, publication)
    reasons = []

    def correct_more(n):
        for _ in range(n):
            reasons.append(f"Correct the date in paragraph {len(reasons) + 1}")
            services.correction_start(actor=world["qa"].user, publication=publication, reason=reasons[-1])
            publish(world, publication)

    url = reverse("publications:detail", args=[publication.pk])
    for persona in ("qa", "board", "admin"):
        client = client_for(world[persona])
        assert_queries_do_not_grow(lambda client=client: client.get(url), correct_more)
    assert reasons[-1] in words_shown(client_for(world["qa"]).get(url).content.decode())
