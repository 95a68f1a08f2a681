"""Found reading the audit log as the partnership admin after the QA officer and
a board member searched the findings (December 2026): what a search and
"Findings like this one" read as, and the way back from an event to the list
as it was left."""

from __future__ import annotations

import html as _html
import re

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.tests.page import words_shown


def test_a_search_of_every_audit_is_not_called_a_search_of_past_audits(world, client_for):
    # The search covers every audit from its meeting on, this year's included.
    meeting_audit(world.partnership)
    client_for(world["board"]).get(reverse("findings:search"), {"theme": "think_family"})
    shown = words_shown(client_for(world["admin"]).get(reverse("audit_trail:events")).content.decode())
    name = world["board"].user.full_name
    assert f"{name} searched the findings " in shown + " "
    assert "searched the findings of past audits" not in shown


def test_findings_like_this_one_is_logged_as_a_look_for_findings_like_that_one(world, client_for):
    audit = meeting_audit(world.partnership)
    finding = audit.findings.get(text="The partner was never spoken to.")
    client_for(world["qa"]).get(reverse("findings:search"), {"like": finding.pk})
    event = AuditEvent.objects.filter(action="findings_search.viewed").latest("pk")
    detail = words_shown(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode())
    name = world["qa"].user.full_name
    assert f"{name} looked for findings like the finding ‘{event.object_label}’" in detail
    assert "searched the findings" not in detail
    # What was recorded with it, in words: was "Like 22" and "By words".
    assert f"Findings like finding number {finding.pk} " in detail
    assert "Found by words" in detail or "Found by meaning" in detail


def test_the_way_back_from_an_event_returns_to_the_filtered_list_it_was_opened_from(world, client_for):
    for _n in range(3):
        record(actor=world["qa"].user, action="case_pool.viewed", partnership=world.partnership)
    record(actor=world["qa"].user, action="user.signed_in", partnership=world.partnership)
    client = client_for(world["admin"])
    listing = client.get(reverse("audit_trail:events"), {"action": "case_pool.viewed"}).content.decode()
    opened = re.findall(r'<a class="govuk-link" href="(/manage/audit-log/\d+/[^"]*)">', listing)
    assert len(opened) == 3
    event_page = client.get(_html.unescape(opened[0])).content.decode()
    back = _html.unescape(re.search(r'<a href="([^"]*)" class="govuk-back-link">', event_page).group(1))
    assert back == reverse("audit_trail:events") + "?action=case_pool.viewed"
    # The list the back link opens is the filtered one, as it was left.
    again = words_shown(client.get(back).content.decode())
    assert "3 events" in again


def test_an_event_opened_from_the_unfiltered_list_goes_back_to_it(world, client_for):
    event = record(actor=world["qa"].user, action="case_pool.viewed", partnership=world.partnership)
    page = client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode()
    assert f'<a href="{reverse("audit_trail:events")}" class="govuk-back-link">' in page
