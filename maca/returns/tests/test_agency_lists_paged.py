"""An agency's returns and cases over years of audits: open audits first,
one page at a time, and the audit log records what the page showed."""

import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.programme.models import Stage
from maca.programme.tests.factories import replan
from maca.returns.tests.builders import audit_with_returns, move


def _close(audit, actor):
    for stage in (Stage.MEETING, Stage.WRITING_UP, Stage.ACTIONS, Stage.CLOSED):
        move(audit, stage, actor)


@pytest.fixture
def years_of_audits(world):
    """An audit closed long ago (31 police cases) and an open one (25)."""
    qa = world["qa"].user
    old = audit_with_returns(world, cases=31, agencies=[world.police])
    replan(old, actor=qa, title="An audit from years ago")
    _close(old, qa)
    current = audit_with_returns(world, cases=25, agencies=[world.police])
    replan(current, actor=qa, title="The audit this year")
    return old, current


def _rows_by_audit(html: str) -> list[str]:
    body = html.partition("<tbody")[2].partition("</tbody>")[0]
    return re.findall(r"(?:An audit from years ago|The audit this year)(?!,)", body)


@pytest.mark.parametrize(
    ("url_name", "action", "key"),
    [("returns:mine", "agency_returns.viewed", "returns"), ("selection:my_cases", "agency_cases.viewed", "cases")],
)
def test_open_audits_come_first_fifty_to_a_page(years_of_audits, world, client_for, url_name, action, key):
    client = client_for(world["lead"])
    first = client.get(reverse(url_name)).content.decode()
    rows = _rows_by_audit(first)
    assert len(rows) == 50
    assert all("this year" in r for r in rows[:25]) and all("years ago" in r for r in rows[25:])
    assert 'rel="next"' in first

    second = client.get(reverse(url_name), {"page": 2}).content.decode()
    assert len(_rows_by_audit(second)) == 6
    assert 'rel="prev"' in second

    # What was seen is logged page by page: the second page's six, not all 56.
    event = AuditEvent.objects.filter(action=action).latest("id")
    assert len(event.changes[key]) == 6


def test_the_returns_page_says_when_an_audits_cases_are_on_cases_to_audit(world, client_for):
    """Cases to audit lists an audit's cases from 'Agencies auditing' on, as
    the returns do: the returns page never says it holds audits not started."""
    from maca.tests.test_words_on_pages import words_of

    words = words_of(client_for(world["lead"]).get(reverse("returns:mine")).content.decode())
    assert "has not started yet" not in words
    assert "The same cases, audit by audit, are on Cases to audit" in words
