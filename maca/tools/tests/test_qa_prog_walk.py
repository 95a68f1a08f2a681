"""What a QA walk of the audit tools found."""

from __future__ import annotations

import pytest

from maca.tools.models import AuditTool
from maca.tools.shipped import install_default_tools

pytestmark = pytest.mark.django_db


def test_the_shipped_tools_words_take_curly_apostrophes(world):
    install_default_tools(actor=None, partnership=world.partnership)
    words = []
    for tool in AuditTool.objects.filter(partnership=world.partnership):
        words.append(tool.description)
        for section in tool.versions.get().sections.all():
            words += [section.title, section.help_text]
            for question in section.questions.all():
                words += [question.text, question.help_text]
    straight = [text for text in words if "'" in text]
    assert straight == []
    assert "The child’s lived experience and voice" in words


@pytest.mark.parametrize(("kind", "said"), [("case", "return"), ("summative", "summative report")])
def test_the_answer_needed_box_names_what_agencies_send_on_the_tool(world, client_for, kind, said):
    from django.urls import reverse

    from maca.tests.page import words_shown
    from maca.tools.tests.builders import draft_tool

    version = draft_tool(world.partnership, name=f"A {kind} tool", kind=kind)
    section = version.sections.order_by("position").first()
    question = section.questions.order_by("position").first()
    client = client_for(world["qa"])
    for url in (reverse("tools:question_new", args=[section.pk]), reverse("tools:question_edit", args=[question.pk])):
        shown = words_shown(client.get(url).content.decode())
        assert f"An answer is needed before the {said} can be submitted" in shown
