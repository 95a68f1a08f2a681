"""The list of case lists reads the same number of queries however many
uploads are waiting for their columns to be matched."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.cases.tests.factories import uploaded_case_import
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_the_case_lists_page_does_not_get_slower_with_more_uploads_waiting(world, client_for):
    client = client_for(world["qa"])
    names = []

    def add(n):
        for _ in range(n):
            names.append(f"case-list-{len(names) + 1}.csv")
            uploaded_case_import(partnership=world.partnership, actor=world["qa"].user, name=names[-1])

    assert_queries_do_not_grow(lambda: client.get(reverse("cases:imports")), add)
    assert names[-1] in words_shown(client.get(reverse("cases:imports")).content.decode())
