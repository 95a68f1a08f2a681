"""What a QA walk of the programme year, planning and home pages found."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.programme.models import Audit
from maca.programme.tests.factories import AuditFactory
from maca.tests.page import Page

pytestmark = pytest.mark.django_db


def _key_labels(body: str) -> list[str]:
    key = re.search(r'<ul class="maca-chart__key".*?</ul>', body, flags=re.S).group(0)
    return re.findall(r"<span>([^<]*)</span></li>", key)


def test_an_audit_at_the_meeting_is_drawn_in_the_meeting_stages_pattern_and_the_key_names_both(world, client_for):
    audit = AuditFactory(partnership=world.partnership, title="Fathers in child in need work")
    Audit.objects.filter(pk=audit.pk).update(stage="meeting")
    body = client_for(world["qa"]).get(reverse("programme:year", args=[audit.programme.year])).content.decode()
    # The key has the stage 'Meeting' (a bar) and the day of the meeting (a mark).
    assert _key_labels(body) == ["Meeting", "Cases selected by", "Returns due", "Meeting date"]
    bar = re.search(r'<rect [^>]*data-column="Stage" data-value="Meeting"[^>]*>', body).group(0)
    meeting_day = re.search(r'<rect [^>]*data-column="Meeting"[^>]*>', body).group(0)
    fill = re.compile(r'fill="([^"]+)"')
    assert fill.search(bar).group(1) != fill.search(meeting_day).group(1)
    assert fill.search(bar).group(1).startswith("url(#")  # the stage's horizontal stripes


def test_cancelling_without_a_reason_asks_why_the_audit_is_cancelled(world, client_for):
    from maca.tests.page import words_shown

    audit = AuditFactory(partnership=world.partnership, title="Referrals into the MASH")
    url = reverse("programme:audit_move", args=[audit.pk])
    client = client_for(world["qa"])
    shown = words_shown(
        client.post(url, {"version": audit.version, "to_stage": "cancelled", "reason": " "}).content.decode()
    )
    assert "There is a problem Enter why the audit is being cancelled" in shown
    assert "moving on" not in shown
    # Moving on without a reason still asks why it moves on.
    shown = words_shown(client.post(url, {"version": audit.version, "to_stage": "selecting"}).content.decode())
    assert "There is a problem Enter why the audit is moving on" in shown
    audit.refresh_from_db()
    assert audit.stage == "planned"
    # A reason too long to keep is still said to be too long.
    shown = words_shown(
        client.post(url, {"version": audit.version, "to_stage": "cancelled", "reason": "x" * 2001}).content.decode()
    )
    assert "Enter why the audit is being cancelled" not in shown
    assert "There is a problem Your answer must be 2,000 characters or fewer" in shown


def test_the_planning_pages_back_links_name_the_page_they_lead_to(world, client_for):
    audit = AuditFactory(partnership=world.partnership)
    client = client_for(world["qa"])

    def back_link(url: str) -> tuple[str, str]:
        body = client.get(url).content.decode()
        link = re.search(r'<a href="([^"]+)" class="govuk-back-link">([^<]+)</a>', body)
        return link.group(2), link.group(1)

    year = audit.programme.year
    assert back_link(reverse("programme:audit_new") + f"?year={year}") == (
        "Back to the programme",
        reverse("programme:year", args=[year]),
    )
    assert back_link(reverse("programme:audit_edit", args=[audit.pk])) == (
        "Back to the audit",
        reverse("programme:audit", args=[audit.pk]),
    )
    assert back_link(reverse("programme:programme_new") + f"?year={year + 1}")[0] == "Back to the programme"


def test_each_reminder_box_says_which_it_is_when_wrong(world, client_for):
    from maca.programme.tests.factories import ProgrammeFactory
    from maca.tests.page import words_shown

    ProgrammeFactory(partnership=world.partnership, year=2026)
    response = client_for(world["qa"]).post(
        reverse("programme:audit_new") + "?year=2026",
        {"title": "Neglect", "theme": "Neglect", "kind": "themed", "target_cases": "4"}
        | {"reminder_days_before": "a week", "reminder_days_after": "99"},
    )
    body = response.content.decode()
    summary = words_shown(re.search(r'<div class="govuk-error-summary.*?</ul>', body, re.S).group(0))
    assert "Enter the days before the deadline as a whole number" in summary
    assert "Enter from 0 to 60 days after the deadline" in summary


def test_a_finished_audit_without_a_lead_tool_or_deadline_says_none_was_recorded_not_yet(world, client_for):
    from maca.tests.page import words_shown

    audit = AuditFactory(
        partnership=world.partnership,
        title="Toddlers in households with domestic abuse",
        tool=None,
        planned_selection_date=None,
        return_deadline=None,
    )
    Audit.objects.filter(pk=audit.pk).update(stage="closed")
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Audit lead Not recorded Audit tool Not recorded" in shown
    assert "Reminders None: no deadline was set" in shown
    assert "Not chosen yet" not in shown and "once a deadline is set" not in shown


def test_a_planned_audit_still_says_what_is_not_chosen_yet(world, client_for):
    from maca.tests.page import words_shown

    audit = AuditFactory(partnership=world.partnership, tool=None, return_deadline=None)
    shown = words_shown(client_for(world["qa"]).get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "Audit lead Not chosen yet Audit tool Not chosen yet" in shown
    assert "the deadline, to agencies with returns outstanding, once a deadline is set" in shown


def test_planning_in_a_year_with_no_programme_names_the_year(world, client_for):
    from maca.tests.page import words_shown

    response = client_for(world["qa"]).get(reverse("programme:audit_new") + "?year=2030", follow=True)
    shown = words_shown(response.content.decode())
    assert "There is no 2030–31 programme yet: create it first, then plan its audits." in shown
    assert Page(response.content.decode()).value("year") == "2030"


def test_a_priority_title_taken_is_refused_with_the_title(world, client_for):
    from maca.programme.tests.factories import BoardPriorityFactory
    from maca.tests.page import words_shown

    BoardPriorityFactory(partnership=world.partnership, title="Neglect")
    other = BoardPriorityFactory(partnership=world.partnership, title="Exploitation")
    client = client_for(world["qa"])
    shown = words_shown(client.post(reverse("programme:priority_new"), {"title": "neglect"}).content.decode())
    assert "There is a problem Your partnership already has a board priority called ‘neglect’" in shown
    shown = words_shown(
        client.post(
            reverse("programme:priority", args=[other.pk]),
            {"title": "Neglect", "description": "", "is_active": "on", "version": other.version},
        ).content.decode()
    )
    assert "There is a problem Your partnership already has a board priority called ‘Neglect’" in shown
