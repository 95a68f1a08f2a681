"""What a second QA walk of the tool pages found: notes and descriptions read
as typed, a page met by someone else's change says what became of the
person's own, the publishing says how many returns moved, and the words and
back links are the ones the other pages use."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.models import AuditTool, Question, Section, VersionStatus
from maca.tools.shipped import install_default_tools
from maca.tools.tests.builders import add_question, add_section, draft_tool, published_tool

pytestmark = pytest.mark.django_db


def _form_sent(page: str, **changes) -> dict:
    """What the browser sends from a form page, with ``changes`` typed over it."""
    data = {name: shown.chosen[0] if shown.chosen else "" for name, shown in fields_shown(page).items()}
    return {**data, **changes}


def _back_link(page: str) -> tuple[str, str]:
    match = re.search(r'<a href="([^"]*)" class="govuk-back-link">(.*?)</a>', page, re.S)
    assert match, "the page has no back link"
    return match.group(1), words_shown(match.group(2))


def _pre_wrapped_text_starting_with_space(page: str) -> list[str]:
    """Elements kept "as typed" (white space shown) whose text starts or ends
    with white space: a person sees it as an empty line and an indent."""
    return [
        text
        for text in re.findall(r'class="[^"]*\bmaca-pre-wrap\b[^"]*">([^<]*)<', page)
        if text and text != text.strip()
    ]


# "What changed" and a tool's description ---------------------------------------------------------


def test_what_changed_and_the_description_read_as_typed_without_a_blank_line_above(world, client_for):
    qa = client_for(world["qa"])
    version = draft_tool(world.partnership)
    tool = AuditTool.objects.get(pk=version.tool_id)
    services.tool_update(
        actor=None,
        tool=tool,
        name=tool.name,
        description="For neglect audits.\nAsk every agency.",
        expected_version=tool.version,
    )
    services.version_publish(
        actor=None, version=version, expected_version=version.version, notes="First issue.\nAgreed by the board."
    )

    page = qa.get(reverse("tools:version", args=[version.pk])).content.decode()
    assert "First issue.<br>Agreed by the board." in page
    assert _pre_wrapped_text_starting_with_space(page) == []

    page = qa.get(reverse("tools:tool", args=[tool.pk])).content.decode()
    assert "For neglect audits.<br>Ask every agency." in page  # the summary's Description keeps its lines


def test_the_versions_table_says_maca_published_the_standard_tools_as_the_version_page_does(world, client_for):
    qa = client_for(world["qa"])
    install_default_tools(actor=None, partnership=world.partnership)
    tool = AuditTool.objects.get(partnership=world.partnership, name="Agency case audit tool")
    version = tool.versions.get()

    tool_page = words_shown(qa.get(reverse("tools:tool", args=[tool.pk])).content.decode())
    version_page = words_shown(qa.get(reverse("tools:version", args=[version.pk])).content.decode())
    published = re.search(r"Published (\d+ \w+ \d{4} by maca)", version_page).group(1)
    assert f"Version 1 Published {published}" in tool_page


# Someone else's change ----------------------------------------------------------------------------


def test_both_changing_a_question_says_their_words_are_under_yours(world, client_for):
    quinn, asha = client_for(world["qa"]), client_for(world["admin"])
    version = draft_tool(world.partnership)
    question = Question.objects.get(section__version=version, key="health_in_decisions")
    url = reverse("tools:question_edit", args=[question.pk])
    quinns_page, ashas_page = quinn.get(url).content.decode(), asha.get(url).content.decode()
    assert quinn.post(url, _form_sent(quinns_page, text="Were GPs part of decision-making?")).status_code == 302

    response = asha.post(url, _form_sent(ashas_page, text="Were health visitors part of decision-making?"))
    page = response.content.decode()
    words = words_shown(page)
    assert response.status_code == 200
    assert "Someone else changed this draft while you were editing it, so nothing has been saved yet." in words
    assert "You both changed ‘Question’: yours is shown, with theirs under it." in words
    assert "Your changes have not been saved" not in words
    assert fields_shown(page)["text"].chosen == ["Were health visitors part of decision-making?"]
    assert Question.objects.get(pk=question.pk).text == "Were GPs part of decision-making?"


def test_a_section_changed_meanwhile_says_the_form_keeps_your_change(world, client_for):
    asha = client_for(world["admin"])
    version = draft_tool(world.partnership)
    section = Section.objects.get(version=version, title="Counts")
    url = reverse("tools:section_edit", args=[section.pk])
    ashas_page = asha.get(url).content.decode()
    add_question(section, "How many referrals were there?", "number")  # Quinn's change, elsewhere in the draft

    response = asha.post(url, _form_sent(ashas_page, title="Numbers"))
    words = words_shown(response.content.decode())
    assert "The form now shows what they saved, with your changes kept where you made them." in words
    assert fields_shown(response.content.decode())["title"].chosen == ["Numbers"]
    assert Section.objects.get(pk=section.pk).title == "Counts"


def test_a_publish_met_by_a_change_says_the_version_was_not_published(world, client_for):
    qa = client_for(world["qa"])
    version = draft_tool(world.partnership)
    stale = version.version
    add_question(version.sections.last(), "How many referrals were there?", "number")  # someone else's change

    response = qa.post(reverse("tools:publish", args=[version.pk]), {"version": stale, "notes": "First issue."})
    words = words_shown(response.content.decode())
    assert response.status_code == 200
    assert "Someone else changed this draft before you published it" in words
    assert "Version 1 has not been published. The draft as it is now is shown below" in words
    assert "save again" not in words and "Your changes have not been saved" not in words
    assert "How many referrals were there?" in words
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_a_removal_met_by_a_change_says_nothing_was_removed(world, client_for):
    qa = client_for(world["qa"])
    version = draft_tool(world.partnership)
    stale = version.version
    question = Question.objects.get(section__version=version, key="contacts")
    add_section(version, "Outcomes")  # someone else's change

    response = qa.post(reverse("tools:question_remove", args=[question.pk]), {"version": stale})
    words = words_shown(response.content.decode())
    assert "Nothing has been removed." in words
    assert "then remove the question again if it still needs to go" in words
    assert "save again" not in words
    assert Question.objects.filter(pk=question.pk).exists()


# Publishing: the returns that moved ---------------------------------------------------------------


def test_publishing_says_how_many_returns_not_yet_started_moved_to_the_new_version(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    assert Return.objects.filter(audit=audit).count() == 2
    draft = services.version_new_draft(actor=world["qa"].user, tool=audit.tool)
    draft.refresh_from_db()

    qa = client_for(world["qa"])
    response = qa.post(reverse("tools:publish", args=[draft.pk]), {"version": draft.version, "notes": ""}, follow=True)
    words = words_shown(response.content.decode())
    assert "returns already started keep the version they began with." in words
    assert "2 returns not yet started have moved to version 2." in words


def test_publishing_a_tool_no_return_uses_says_nothing_of_returns_moved(world, client_for):
    version = draft_tool(world.partnership)
    qa = client_for(world["qa"])
    response = qa.post(reverse("tools:publish", args=[version.pk]), {"version": version.version}, follow=True)
    words = words_shown(response.content.decode())
    assert "Version 1 of ‘Neglect audit tool’ has been published." in words
    assert "moved to version" not in words


# Words and back links -----------------------------------------------------------------------------


def test_the_tool_pages_write_apostrophes_as_the_other_pages_do(world, client_for):
    qa = client_for(world["qa"])
    words = words_shown(qa.post(reverse("tools:new"), {"name": "", "kind": "case"}).content.decode())
    assert "Enter the tool’s name" in words

    version = draft_tool(world.partnership)
    words = words_shown(qa.post(reverse("tools:section_new", args=[version.pk]), {"title": ""}).content.decode())
    assert "Enter the section’s title" in words and "Shown under the section’s title" in words

    question = Question.objects.get(section__version=version, key="contacts")
    words = words_shown(qa.get(reverse("tools:question_edit", args=[question.pk])).content.decode())
    assert "The question’s key, contacts , stays the same" in words
    assert "The scales maca ships and your partnership’s own." in words

    words = words_shown(qa.get(reverse("tools:scales")).content.decode())
    assert "you can add your partnership’s own" in words
    words = words_shown(qa.post(reverse("tools:scale_new"), {"name": ""}).content.decode())
    assert "Enter the scale’s name" in words


def test_back_links_say_where_they_go_and_return_to_what_was_being_changed(world, client_for):
    qa = client_for(world["qa"])
    assert _back_link(qa.get(reverse("tools:new")).content.decode()) == (
        reverse("tools:index"),
        "Back to audit tools",
    )
    version = published_tool(world.partnership)
    assert _back_link(qa.get(reverse("tools:tool_edit", args=[version.tool_id])).content.decode()) == (
        reverse("tools:tool", args=[version.tool_id]),
        "Back to the tool",
    )

    draft = services.version_new_draft(actor=None, tool=version.tool)
    question = Question.objects.get(section__version=draft, key="contacts")
    draft_url = reverse("tools:version", args=[draft.pk])
    href, text = _back_link(qa.get(reverse("tools:question_edit", args=[question.pk])).content.decode())
    assert (href, text) == (f"{draft_url}#question-{question.pk}", "Back to the draft")
    href, _ = _back_link(qa.get(reverse("tools:question_remove", args=[question.pk])).content.decode())
    assert href == f"{draft_url}#question-{question.pk}"
    section = question.section
    href, _ = _back_link(qa.get(reverse("tools:section_edit", args=[section.pk])).content.decode())
    assert href == f"{draft_url}#section-{section.pk}"
    href, _ = _back_link(qa.get(reverse("tools:question_new", args=[section.pk])).content.decode())
    assert href == f"{draft_url}#section-{section.pk}"


# An archived tool ---------------------------------------------------------------------------------


def test_an_archived_tools_draft_says_to_restore_it_before_offering_to_publish(world, client_for):
    qa = client_for(world["qa"])
    version = draft_tool(world.partnership)
    services.tool_archive(actor=None, tool=version.tool)

    page = qa.get(reverse("tools:version", args=[version.pk])).content.decode()
    words = words_shown(page)
    assert "Tool Archived Not offered for new audits." in words
    restore = "Before you can publish this version: Restore ‘Neglect audit tool’ on the tool’s page: it is archived."
    assert restore in words
    assert "Publish this version" in words and 'action="' + reverse("tools:publish", args=[version.pk]) not in page

    services.tool_restore(actor=None, tool=version.tool)
    page = qa.get(reverse("tools:version", args=[version.pk])).content.decode()
    assert "Archived" not in words_shown(page)
    assert 'action="' + reverse("tools:publish", args=[version.pk]) in page


# A draft published while a page of it was open ----------------------------------------------------


def test_a_change_sent_after_the_draft_was_published_keeps_what_was_typed_and_says_why(world, client_for):
    qa = client_for(world["qa"])
    version = draft_tool(world.partnership)
    question = Question.objects.get(section__version=version, key="health_in_decisions")
    url = reverse("tools:question_edit", args=[question.pk])
    opened = qa.get(url).content.decode()
    services.version_publish(actor=None, version=version, expected_version=version.version)  # someone else

    response = qa.post(url, _form_sent(opened, text="Were GPs part of decision-making?"))
    page = response.content.decode()
    words = words_shown(page)
    assert response.status_code == 200
    assert "There is a problem" in words
    assert "Version 1 of ‘Neglect audit tool’ is published, so it cannot be changed." in words
    assert fields_shown(page)["text"].chosen == ["Were GPs part of decision-making?"]
    assert Question.objects.get(pk=question.pk).text == "Were health professionals part of decision-making?"

    section = Section.objects.get(version=version, title="Counts")
    response = qa.post(
        reverse("tools:question_new", args=[section.pk]),
        {"version": version.version, "text": "How many referrals?", "kind": "number", "required": "on"},
    )
    assert "is published, so it cannot be changed." in words_shown(response.content.decode())
    assert fields_shown(response.content.decode())["text"].chosen == ["How many referrals?"]
    assert not Question.objects.filter(text="How many referrals?").exists()

    # Opening a change page of the published version still goes back to the version, saying why.
    response = qa.get(url, follow=True)
    assert "Version 1 of ‘Neglect audit tool’ is published, so it cannot be changed." in words_shown(
        response.content.decode()
    )
