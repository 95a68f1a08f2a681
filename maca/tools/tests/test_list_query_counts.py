"""The grading scales list and a tool's page read the same number of queries
however many scales and versions they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tools import services
from maca.tools.tests.builders import published_tool

pytestmark = pytest.mark.django_db


def _shown(client, url):
    return words_shown(client.get(url).content.decode())


def test_the_grading_scales_list_does_not_get_slower_with_more_scales(world, client_for):
    names = []

    def add(n):
        for _ in range(n):
            names.append(f"Three-point scale {len(names) + 1}")
            services.scale_create(
                actor=world["qa"].user,
                partnership=world.partnership,
                name=names[-1],
                levels=["Good", "Adequate", "Poor"],
                meeting_standard=2,
            )

    client = client_for(world["qa"])
    assert_queries_do_not_grow(lambda: client.get(reverse("tools:scales")), add)
    assert names[-1] in _shown(client, reverse("tools:scales"))


def test_a_tools_page_does_not_get_slower_with_more_versions(world, client_for):
    qa = world["qa"].user
    tool = published_tool(world.partnership, actor=qa).tool
    published = []

    def add(n):
        for _ in range(n):
            draft = services.version_new_draft(actor=qa, tool=tool)
            draft.refresh_from_db()
            published.append(services.version_publish(actor=qa, version=draft, expected_version=draft.version))

    client = client_for(world["qa"])
    url = reverse("tools:tool", args=[tool.pk])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert f"Version {published[-1].number}" in _shown(client, url)
