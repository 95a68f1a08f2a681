"""A draft keeps the theme names it was drafted with (its chart, its summary,
its text), not the themes' keys: when the partnership renames a theme after
it was drafted, the draft's page tells the QA officer, old name to new, so
they can correct it before it is published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Theme
from maca.publications.document import Document
from maca.publications.models import Kind, PublicationVersion
from maca.publications.services import publication_create
from maca.publications.tests.builders import audit_with_findings, rename_theme
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_a_draft_made_before_a_theme_was_renamed_says_which_names_changed(world, client_for):
    audit = audit_with_findings(world)
    briefing = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    url = reverse("publications:detail", args=[briefing.pk])
    qa = client_for(world["qa"])
    assert "Theme names have changed" not in words_of(qa.get(url).content.decode())
    draft = PublicationVersion.objects.get(publication=briefing)
    assert any(text == "Think family" for _a, text in Document.from_json(draft.document).fields())

    rename_theme(world, "think_family", "Whole family")
    page = words_of(qa.get(url).content.decode())
    assert "Theme names have changed since this was drafted: ‘Think family’ is now ‘Whole family’." in page
    assert "This version still uses the old name." in page
    # Its writers change the names with the button beside these words, not by drafting it again.
    assert "‘Use the new theme names’ changes the old name to the new throughout" in page
    assert "discard this draft and draft it again" not in page

    # A briefing drafted after the rename has the new name: nothing to say.
    later = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SEVEN_MINUTE, audit=audit
    )
    page = words_of(qa.get(reverse("publications:detail", args=[later.pk])).content.decode())
    assert "Theme names have changed" not in page


def test_a_theme_renamed_that_the_draft_does_not_use_is_not_mentioned(world, client_for):
    audit = audit_with_findings(world)
    briefing = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.SIX_STEP, audit=audit
    )
    used = {
        text for _a, text in Document.from_json(PublicationVersion.objects.get(publication=briefing).document).fields()
    }
    unused = next(
        t for t in Theme.objects.filter(partnership=world.partnership) if not any(t.name in text for text in used)
    )
    rename_theme(world, unused.key, f"{unused.name} (renamed)")
    page = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[briefing.pk])).content.decode())
    assert "Theme names have changed" not in page
