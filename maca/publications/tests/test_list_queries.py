"""The publications list a board member sees reads the same number of
queries however many publications it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_the_publications_list_for_the_board_queries_no_more_for_more_publications(world, client_for):
    board = client_for(world["board"])

    def publish_more(n):
        for _ in range(n):
            publish(world, six_step_for(world, audit_with_findings(world, cases=1, child_names={})))

    assert_queries_do_not_grow(lambda: board.get(reverse("publications:index")), publish_more)
