"""A deep dive at its meeting with two agencies' summative reports, and the
QA officer's taking a finding from one, as its pages do: shared by the tests
of a deep dive across the cases and of its proposals."""

from __future__ import annotations

from django.urls import reverse

from maca.findings.models import Finding
from maca.findings.tests.builders import answer_returns
from maca.programme.models import Stage
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns, move
from maca.tests.page import Page

POLICE_WORRY = "Police officers rarely asked who else lived in the home after an incident of domestic abuse."
HEALTH_WORRY = "Health visitors did not ask about domestic abuse when the father was present."


def deep_dive_with_two_reports(world):
    """A deep dive of 2 cases at its meeting; the police and health have each
    sent a summative report with a worry about domestic abuse."""
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative")
    answer_returns(world, audit, agency=world.police, worried=POLICE_WORRY)
    answer_returns(world, audit, agency=world.health, worried=HEALTH_WORRY)
    move(audit, Stage.MEETING, world["qa"].user)
    return audit


def take_across(qa, audit, agency, *, themes=("domestic_abuse",), polarity="concern") -> Finding:
    """The QA officer takes the agency's worry from its summative report on the
    meeting page, then confirms the finding's themes on its page."""
    report = Return.objects.get(audit=audit, agency=agency, audit_case=None)
    response = qa.post(reverse("findings:take_across", args=[audit.pk]), {"return": report.pk, "key": "worried"})
    assert response.status_code == 302
    confirm(qa, response["Location"], themes=themes, polarity=polarity)
    return Finding.objects.current().get(source_return=report)


def confirm(qa, url, *, themes, polarity="concern"):
    version = Page(qa.get(url).content.decode()).value("version")
    assert qa.post(url, {"version": version, "polarity": polarity, "themes": list(themes)}).status_code == 302
