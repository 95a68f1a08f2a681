"""What a QA walk of the programme pages found: links only where the page
opens, typed paragraphs kept, hints that say what is true."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.tests.factories import AuditFactory, BoardPriorityFactory
from maca.returns.tests.builders import move
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

TWO_PARAGRAPHS = "Children living with domestic abuse are seen.\n\nTheir <i>own</i> words are written down."


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("admin", True),
        ("qa", True),
        ("board", False),
        ("lead", False),
        ("auditor", False),
        ("scrutineer", False),
    ],
)
def test_a_priority_is_a_link_only_for_those_who_may_change_it(world, client_for, persona, links):
    priority = BoardPriorityFactory(partnership=world.partnership, title="Domestic abuse", description=TWO_PARAGRAPHS)
    client = client_for(world[persona])
    body = client.get(reverse("programme:priorities")).content.decode()
    href = reverse("programme:priority", args=[priority.pk])
    assert "Domestic abuse" in words_shown(body)
    assert (f'href="{href}"' in body) is links
    assert client.get(href).status_code == (200 if links else 403)
    # The description keeps its paragraphs, escaped.
    assert '<p class="govuk-body govuk-!-margin-bottom-2">Children living with domestic abuse are seen.</p>' in body
    assert "Their &lt;i&gt;own&lt;/i&gt; words are written down." in body


def test_the_reason_for_a_stage_move_keeps_its_paragraphs(world, client_for):
    audit = AuditFactory(partnership=world.partnership, lead=world["qa"].user)
    move(audit, "selecting", world["qa"].user, reason="Agreed at the sub-group.\n\nThe <b>board</b> asked for it.")
    body = client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode()
    assert '<p class="govuk-body govuk-!-margin-bottom-2">Agreed at the sub-group.</p>' in body
    assert "The &lt;b&gt;board&lt;/b&gt; asked for it." in body


def test_the_reminders_hint_says_what_the_boxes_already_hold(world, client_for):
    from maca.programme.tests.factories import ProgrammeFactory

    ProgrammeFactory(partnership=world.partnership, year=2026)
    body = client_for(world["qa"]).get(reverse("programme:audit_new") + "?year=2026").content.decode()
    page = Page(body)
    assert (page.value("reminder_days_before"), page.value("reminder_days_after")) == ("7", "3")
    shown = words_shown(body)
    assert "The usual is 7 days before and 3 days after." in shown and "Leave empty" not in shown
