"""A null character (invisible; it comes with pasted text) in a box is refused
with a GOV.UK message naming the box, not Django's "Null characters are not
allowed.", and nothing is saved."""

from __future__ import annotations

import html

import pytest
from django import forms
from django.urls import reverse

from maca.core.forms import GovukTextField
from maca.publications.document import Document
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.page import words_shown
from maca.tools.models import AuditTool

pytestmark = pytest.mark.django_db

DJANGO_WORDS = "Null characters are not allowed"


def _errors(field: forms.Field, value: str) -> list[str]:
    class OneBox(forms.Form):
        box = field

    form = OneBox({"box": value})
    assert not form.is_valid()
    return form.errors["box"]


def test_the_message_names_the_box_from_its_label():
    assert _errors(GovukTextField(label="Description (optional)", required=False), "a\x00b") == [
        "Remove the hidden character (a null character) from the description"
    ]


def test_the_message_uses_the_error_name_and_a_question_is_your_answer():
    assert _errors(GovukTextField(label="Title", error_name="The title"), "a\x00b") == [
        "Remove the hidden character (a null character) from the title"
    ]
    assert _errors(GovukTextField(label="Why?"), "\x00") == [
        "Remove the hidden character (a null character) from your answer"
    ]


def test_a_section_box_of_a_publication(world, client_for):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    section = Document.from_json(version.document).section("theme")
    response = client_for(world["qa"]).post(
        reverse("publications:section_edit", args=[publication.pk, "theme"]),
        {"heading": section.heading, "text": "Pasted\x00 text.", "version": version.version},
    )
    shown = words_shown(html.unescape(response.content.decode()))
    assert response.status_code == 200
    assert "Remove the hidden character (a null character) from the text" in shown
    assert DJANGO_WORDS not in shown
    version.refresh_from_db()
    assert Document.from_json(version.document).section("theme").text == section.text


def test_a_tool_name(world, client_for):
    response = client_for(world["qa"]).post(
        reverse("tools:new"), {"name": "Neglect\x00 audit tool", "kind": "case", "description": ""}
    )
    shown = words_shown(html.unescape(response.content.decode()))
    assert "Remove the hidden character (a null character) from the name" in shown
    assert DJANGO_WORDS not in shown
    assert not AuditTool.objects.filter(partnership=world.partnership).exists()


def test_the_sign_in_e_mail_address(world, client):
    response = client.post(reverse("account_login"), {"login": "qa\x00@example.org", "password": "wrong password"})
    shown = words_shown(html.unescape(response.content.decode()))
    assert "Remove the hidden character (a null character) from the e-mail address" in shown
    assert DJANGO_WORDS not in shown


def test_a_form_that_names_its_boxes_words_it_its_own_way():
    """The meeting's forms name their boxes ("The notes"); a box's label does not win over that."""
    from maca.findings.forms import CALLED, WordedErrors

    assert CALLED["notes"] == "The notes"

    class Notes(WordedErrors, forms.Form):
        notes = GovukTextField(label="Discussion notes (optional)", required=False)

    form = Notes({"notes": "a\x00b"})
    assert not form.is_valid()
    assert form.errors["notes"] == ["Remove the hidden character (a null character) from the notes"]
