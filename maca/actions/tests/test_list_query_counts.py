"""The action plan's list pages read the same number of queries however many
actions, updates and evidence files they show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.actions.services import progress_post
from maca.actions.tests.builders import raise_action
from maca.programme.tests.factories import AuditFactory
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _shown(client, url):
    return words_shown(client.get(url).content.decode())


def _raise_more(world, raised):
    """Actions for the police, each from its own audit, some overdue."""
    today = dt.date.today()

    def add(n):
        for i in range(n):
            raised.append(
                raise_action(
                    world,
                    audit=AuditFactory(partnership=world.partnership, lead=world["qa"].user),
                    today=today - dt.timedelta(days=30),
                    due_on=today - dt.timedelta(days=1) if i % 2 else today + dt.timedelta(days=20),
                )
            )

    return add


@pytest.mark.parametrize("persona", ["lead", "auditor"])
def test_my_actions_do_not_get_slower_with_more_actions(world, client_for, persona):
    client = client_for(world[persona])
    raised = []
    assert_queries_do_not_grow(lambda: client.get(reverse("actions:mine")), _raise_more(world, raised))
    assert raised[-1].title in _shown(client, reverse("actions:mine"))


@pytest.mark.parametrize("persona", ["lead", "board"])
def test_the_action_plan_does_not_get_slower_with_more_actions(world, client_for, persona):
    client = client_for(world[persona])
    raised = []
    assert_queries_do_not_grow(lambda: client.get(reverse("actions:plan")), _raise_more(world, raised))
    assert raised[-1].title in _shown(client, reverse("actions:plan"))


def test_an_action_page_does_not_get_slower_with_more_updates_and_evidence_files(world, client_for):
    action = raise_action(world)
    notes = []

    def add(n):
        for _ in range(n):
            notes.append(f"Update number {len(notes) + 1}")
            evidence = SimpleUploadedFile(f"minutes-{len(notes)}.txt", b"Minutes of the meeting.", "text/plain")
            progress_post(actor=world["lead"].user, action=action, note=notes[-1], files=[evidence])

    for persona in ("qa", "lead", "board"):
        client = client_for(world[persona])
        assert_queries_do_not_grow(lambda client=client: client.get(reverse("actions:detail", args=[action.pk])), add)
    page = _shown(client_for(world["lead"]), reverse("actions:detail", args=[action.pk]))
    assert notes[-1] in page and f"minutes-{len(notes)}.txt" in page
