"""What an agency's auditor and lead see first: when each return is due, and
the feedback to practitioners still to give."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.urls import reverse
from django.utils import timezone

from maca.programme.tests.factories import replan
from maca.returns.tests.builders import audit_with_returns


def _home(client) -> str:
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _panel_text(page: str, title: str) -> str:
    sections = re.findall(r"<section\b.*?</section>", page, flags=re.S)
    found = [s for s in sections if re.search(rf">{re.escape(title)}</h2>", s)]
    assert found, f"no panel {title!r}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[0]))


def _due(audit, deadline):
    replan(
        audit,
        planned_selection_date=deadline - dt.timedelta(days=30),
        return_deadline=deadline,
        planned_meeting_date=deadline + dt.timedelta(days=14),
    )


def test_the_auditor_sees_when_each_return_is_due_and_which_are_late_as_their_lead_does(world, client_for):
    today = timezone.localdate()
    late = audit_with_returns(world, cases=1, agencies=[world.police])
    _due(late, today - dt.timedelta(days=3))
    on_time = audit_with_returns(world, cases=1, agencies=[world.police])
    _due(on_time, today + dt.timedelta(days=10))
    auditor = _panel_text(_home(client_for(world["auditor"])), "Your audits")
    assert f"Late: due {today - dt.timedelta(days=3):%-d %B %Y}" in auditor
    assert f"Due {today + dt.timedelta(days=10):%-d %B %Y}" in auditor
    # The same words as on the lead's home page.
    lead = _panel_text(_home(client_for(world["lead"])), "Not started yet")
    assert f"Late: due {today - dt.timedelta(days=3):%-d %B %Y}" in lead


def test_the_lead_sees_the_cases_to_feed_back_on_until_the_feedback_is_recorded(world, client_for):
    from maca.findings import services as findings_services
    from maca.findings.tests.builders import audit_at_meeting

    audit = audit_at_meeting(world, cases=2, agencies=[world.police])
    first, _second = audit.audit_cases.order_by("number")
    lead = client_for(world["lead"])
    panel = _panel_text(_home(lead), "Feedback to give to practitioners")
    assert f"{audit.title}: Case 1" in panel and f"{audit.title}: Case 2" in panel
    page = _home(lead)
    first_assignment = world.police.assignments.get(audit_case=first, removed_at__isnull=True)
    assert reverse("findings:feedback_new", args=[first_assignment.pk]) in page
    assert reverse("findings:feedback_cases") in page
    findings_services.feedback_record(
        actor=world["lead"].user,
        audit_case=first,
        agency=world.police,
        what_was_fed_back="Seeing fathers.",
        given_to="The team",
        given_on=timezone.localdate(),
    )
    panel = _panel_text(_home(lead), "Feedback to give to practitioners")
    assert f"{audit.title}: Case 1" not in panel and f"{audit.title}: Case 2" in panel
    # An agency that audited nothing is told what will appear there.
    health = _panel_text(_home(client_for(world["health_lead"])), "Feedback to give to practitioners")
    assert "will appear here" in health and audit.title not in health


def test_a_parent_agencys_lead_sees_which_practice_each_case_to_feed_back_on_is_for(world, client_for):
    from maca.findings.tests.builders import audit_at_meeting
    from maca.partnerships.presenters import agency_name

    audit = audit_at_meeting(world, cases=1, agencies=[world.health, world.gp_practice])
    panel = _panel_text(_home(client_for(world["health_lead"])), "Feedback to give to practitioners")
    # One line for the care board's own return, one for its practice's: told apart.
    assert f"{audit.title}: Case 1 ({agency_name(world.gp_practice)})" in panel
    assert panel.count(f"{audit.title}: Case 1") == 2
