"""A summative report tool's pages call what agencies send on it "summative
reports", as the deep dive's own pages do (``tools.models.returns_called``);
a case audit tool's say "returns", word for word as before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.programme.models import AuditKind, tool_kind_for
from maca.programme.models import returns_called as audit_returns_called
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.models import ToolKind, returns_called

pytestmark = pytest.mark.django_db


def _publish_a_new_version(world, client_for, audit) -> str:
    draft = services.version_new_draft(actor=world["qa"].user, tool=audit.tool)
    draft.refresh_from_db()
    qa = client_for(world["qa"])
    response = qa.post(reverse("tools:publish", args=[draft.pk]), {"version": draft.version, "notes": ""}, follow=True)
    assert response.status_code == 200
    return words_shown(response.content.decode())


def test_publishing_a_summative_report_tool_says_summative_reports_moved(world, client_for):
    audit = audit_with_returns(
        world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police, world.health]
    )
    assert Return.objects.filter(audit=audit).count() == 2

    words = _publish_a_new_version(world, client_for, audit)
    assert (
        "New summative reports and summative reports not yet started use it; "
        "summative reports already started keep the version they began with." in words
    )
    assert "2 summative reports not yet started have moved to version 2." in words
    assert "returns" not in words.replace("summative reports", "")


def test_one_summative_report_moved_is_said_as_one(world, client_for):
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    words = _publish_a_new_version(world, client_for, audit)
    assert "1 summative report not yet started has moved to version 2." in words


def test_publishing_a_case_audit_tool_still_says_returns_word_for_word(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    words = _publish_a_new_version(world, client_for, audit)
    assert (
        "New returns and returns not yet started use it; returns already started keep the version they began with."
        in words
    )
    assert "2 returns not yet started have moved to version 2." in words


def test_the_summative_tool_kind_does_not_call_a_report_a_return(world, client_for):
    assert "return" not in ToolKind.SUMMATIVE.label
    qa = client_for(world["qa"])
    words = words_shown(qa.get(reverse("tools:new")).content.decode())
    assert "Summative report: one summative report per agency, across all its cases" in words


@pytest.mark.parametrize(
    ("kind", "count", "called"),
    [
        (AuditKind.DEEP_DIVE, None, "summative reports"),
        (AuditKind.DEEP_DIVE, 1, "summative report"),
        (AuditKind.THEMED, 2, "returns"),
        (AuditKind.THEMED, 1, "return"),
        (AuditKind.EXTERNAL, None, "returns"),
    ],
)
def test_an_audit_and_its_tool_kind_call_what_agencies_send_the_same(kind, count, called):
    assert returns_called(tool_kind_for(kind), count) == audit_returns_called(kind, count) == called


def test_a_summative_report_draft_says_what_publishing_it_does_to_summative_reports(world, client_for):
    audit = audit_with_returns(world, cases=1, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    draft = services.version_new_draft(actor=world["qa"].user, tool=audit.tool)
    words = words_shown(client_for(world["qa"]).get(reverse("tools:version", args=[draft.pk])).content.decode())
    assert (
        "new summative reports and summative reports not yet started use it; "
        "summative reports already started keep the version they began with." in words
    )


def test_the_list_of_tools_says_what_publishing_does_to_either_kind(world, client_for):
    """The list holds both kinds of tool: it names returns and summative reports."""
    page = words_shown(client_for(world["qa"]).get(reverse("tools:index")).content.decode())
    assert (
        "published: new returns or summative reports and those not yet started use it; "
        "those already started keep the version they began with." in page
    )
