"""Archiving and restoring a tool from its page: the button says which it
asks for, and a request that says neither changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.models import AuditTool

REFUSED = "has not been changed: the request did not say whether to archive or restore it."


@pytest.fixture
def qa_client(world, client_for):
    return client_for(world["qa"])


def _archive_form_sent(page: str) -> dict:
    """What the archive or restore button sends (its form has the only hidden ``archive`` field)."""
    return {"archive": fields_shown(page)["archive"].chosen[0]}


def test_an_archived_tool_stays_archived_when_the_request_does_not_ask_to_restore_it(world, qa_client):
    tool = services.tool_create(actor=None, partnership=world.partnership, name="Neglect tool", kind="case")
    services.tool_archive(actor=None, tool=tool)
    url = reverse("tools:tool_archive", args=[tool.pk])

    response = qa_client.post(url, {}, follow=True)
    words = words_shown(response.content.decode())
    assert f"‘Neglect tool’ {REFUSED}" in words
    assert "has been restored" not in words and "Restore the tool" in words
    assert AuditTool.objects.get(pk=tool.pk).is_archived

    # The page's own restore button says what it asks for, and restores it.
    page = qa_client.get(reverse("tools:tool", args=[tool.pk])).content.decode()
    response = qa_client.post(url, _archive_form_sent(page), follow=True)
    words = words_shown(response.content.decode())
    assert "‘Neglect tool’ has been restored." in words and "Archive the tool" in words
    assert not AuditTool.objects.get(pk=tool.pk).is_archived


def test_a_tool_is_not_archived_nor_restored_by_a_value_the_page_never_sends(world, qa_client):
    tool = services.tool_create(actor=None, partnership=world.partnership, name="Neglect tool", kind="case")
    url = reverse("tools:tool_archive", args=[tool.pk])

    response = qa_client.post(url, {"archive": "maybe"}, follow=True)
    words = words_shown(response.content.decode())
    assert f"‘Neglect tool’ {REFUSED}" in words and "Archive the tool" in words
    assert not AuditTool.objects.get(pk=tool.pk).is_archived

    page = qa_client.get(reverse("tools:tool", args=[tool.pk])).content.decode()
    response = qa_client.post(url, _archive_form_sent(page), follow=True)
    words = words_shown(response.content.decode())
    assert "‘Neglect tool’ has been archived." in words and "Restore the tool" in words
    assert AuditTool.objects.get(pk=tool.pk).is_archived
