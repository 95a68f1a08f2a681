"""A logo that only starts like a PNG (cut short, or not a picture at all).

The settings page refuses it, naming the logo in the error summary, and keeps
the logo it had. One saved before the page checked this is left out of the
files rather than stop every Word download of every publication."""

from __future__ import annotations

import base64
import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as WordDocument
from PIL import Image

from maca.publications.models import PublicationSettings
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.forms_shown import fields_shown
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db

DAMAGED = "The logo must be a PNG file that can be opened: this one is damaged or incomplete"


def _png(width: int = 60, height: int = 20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (29, 112, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


LOGO = _png()
# Only the PNG's first 8 bytes, then words.
NOT_A_PICTURE = b"\x89PNG\r\n\x1a\n" + b"this is not an image at all" * 10
# A real PNG whose last 20 bytes were lost: its end, and part of its picture.
CUT_SHORT = LOGO[:-20]


def _error_summary(page: str) -> list[tuple[str, str]]:
    """The links of the page's error summary: where each goes, and its words."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', page, flags=re.S)
    assert match, "no error summary on the page"
    return [
        (href, words_shown(text))
        for href, text in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', match.group(0), flags=re.S)
    ]


def _current_logo_shown(page: str) -> str:
    """The picture the settings page shows as the current logo ("" if none)."""
    return next((img["src"] for img in Page(page).all("img") if "current logo" in img.get("alt", "")), "")


def _sent(fields) -> dict:
    """What pressing Save sends for the page's form as shown (no file chosen)."""
    return {name: shown.chosen[0] for name, shown in fields.items() if shown.chosen and shown.kind != "file"}


@pytest.mark.parametrize("damaged", [CUT_SHORT, NOT_A_PICTURE], ids=["cut-short", "not-a-picture"])
def test_the_settings_refuse_a_logo_that_only_starts_like_a_png_and_keep_the_logo_they_had(world, client_for, damaged):
    admin = client_for(world["admin"])
    url = reverse("publications:settings")
    opened = fields_shown(admin.get(url).content.decode())
    assert admin.post(url, {**_sent(opened), "logo": SimpleUploadedFile("logo.png", LOGO)}).status_code == 302
    opened = fields_shown(admin.get(url).content.decode())

    refused = admin.post(
        url, {**_sent(opened), "approver_role": "board_member", "logo": SimpleUploadedFile("logo.png", damaged)}
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "There is a problem" in words_shown(page)
    assert _error_summary(page) == [("#id_logo", DAMAGED)]
    # Nothing saved: re-opened, the page shows the logo and the approver as they were.
    reopened = admin.get(url).content.decode()
    assert _current_logo_shown(reopened) == "data:image/png;base64," + base64.b64encode(LOGO).decode()
    assert fields_shown(reopened)["approver_role"].chosen == ["qa_officer"]
    assert bytes(PublicationSettings.objects.get(partnership=world.partnership).logo_png) == LOGO


def test_the_settings_refuse_a_logo_too_many_pixels_across_and_take_a_whole_png(world, client_for):
    admin = client_for(world["admin"])
    url = reverse("publications:settings")
    opened = _sent(fields_shown(admin.get(url).content.decode()))

    refused = admin.post(url, {**opened, "logo": SimpleUploadedFile("logo.png", _png(4_001, 1))})

    assert _error_summary(refused.content.decode()) == [
        ("#id_logo", "The logo must be no more than 4,000 pixels wide and 4,000 pixels high")
    ]
    assert _current_logo_shown(admin.get(url).content.decode()) == ""

    assert admin.post(url, {**opened, "logo": SimpleUploadedFile("logo.png", LOGO)}).status_code == 302
    assert _current_logo_shown(admin.get(url).content.decode()).endswith(base64.b64encode(LOGO).decode())


def test_a_damaged_logo_saved_before_does_not_stop_the_board_downloading_a_briefing_in_word(world, client_for, caplog):
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    publish(world, publication)
    # As saved before the settings checked that a logo can be read.
    PublicationSettings.objects.update_or_create(partnership=world.partnership, defaults={"logo_png": CUT_SHORT})
    board = client_for(world["board"])

    with caplog.at_level(logging.WARNING, logger="maca.publications.rendering"):
        word = board.get(reverse("publications:download", args=[publication.pk, 1, "docx"]))

    assert word.status_code == 200
    opened = WordDocument(io.BytesIO(word.content))
    words = [paragraph.text for paragraph in opened.paragraphs]
    assert world.partnership.name in words and publication.title in words
    assert len(opened.inline_shapes) == 0  # the logo left out, the rest as it was
    assert "cannot be read: it is left out of the document" in caplog.text
    # The briefing's page shows no broken picture where the logo would be.
    page = board.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert publication.title in words_shown(page)
    assert not [img for img in Page(page).all("img") if img.get("alt", "").startswith("Logo of")]


def test_the_settings_page_says_a_logo_saved_before_cannot_be_opened_and_takes_a_new_one(world, client_for):
    """Not an empty "current logo" with a broken picture: the page says the
    saved file is damaged and left out, and offers to replace or remove it."""
    PublicationSettings.objects.update_or_create(partnership=world.partnership, defaults={"logo_png": CUT_SHORT})
    admin = client_for(world["admin"])
    url = reverse("publications:settings")
    page = admin.get(url).content.decode()
    shown = words_shown(page)
    assert "The current logo cannot be opened: the file saved is damaged or incomplete" in shown
    assert "The current logo:" not in shown
    assert not [img for img in Page(page).all("img") if "current logo" in img.get("alt", "")]
    assert "remove_logo" in fields_shown(page)

    assert (
        admin.post(url, {**_sent(fields_shown(page)), "logo": SimpleUploadedFile("logo.png", LOGO)}).status_code == 302
    )
    page = admin.get(url).content.decode()
    assert "cannot be opened" not in words_shown(page)
    assert [img for img in Page(page).all("img") if img.get("alt") == "The partnership’s current logo"]
