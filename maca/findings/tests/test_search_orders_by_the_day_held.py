"""The search lists findings newest audit first by the day each audit's meeting
was held, not the day it was planned for: an audit planned early but held
late comes before one planned late but held early; with no day held, the
planned day places it, and with neither, 1 October of its programme year, as
the recurrence pages place it (not the day the audit was made). The page's
queries do not grow with the audits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from maca.findings.models import Meeting
from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import finding, imported
from maca.programme.models import Audit
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _audit(partnership, title: str, *, planned: dt.date | None, held: dt.date | None):
    data = past_audit(title, 2025)
    data["themes"], data["recommendations"] = [], []
    data["findings"] = [finding(1, "concern", f"Fathers were not asked about ({title}).", "think_family")]
    audit = imported(partnership, data)
    Audit.objects.filter(pk=audit.pk).update(planned_meeting_date=planned)
    Meeting.objects.filter(audit=audit).update(held_on=held)
    return audit


def _titles_in_order(client, titles=("held late", "held early", "not held yet")) -> list[str]:
    said = words_shown(client.get(reverse("findings:search"), {"q": "fathers"}).content.decode())
    found = [(said.index(f"({title})."), title) for title in titles]
    return [title for _, title in sorted(found)]


def test_findings_come_newest_meeting_held_first(world, client_for):
    _audit(world.partnership, "held early", planned=dt.date(2025, 11, 20), held=dt.date(2025, 11, 12))
    _audit(world.partnership, "held late", planned=dt.date(2025, 11, 10), held=dt.date(2025, 12, 1))
    _audit(world.partnership, "not held yet", planned=dt.date(2025, 11, 15), held=None)
    assert _titles_in_order(client_for(world["qa"])) == ["held late", "not held yet", "held early"]


def test_an_audit_with_no_meeting_day_sits_at_1_october_as_on_the_recurrence_pages(world, client_for):
    """Made in February of the programme year (after both others' meetings),
    but with no meeting day it sits at 1 October: between the audit met in
    September and the one met in November."""
    from maca.findings.recurrence import recurrence

    _audit(world.partnership, "met in September", planned=None, held=dt.date(2025, 9, 10))
    _audit(world.partnership, "met in November", planned=None, held=dt.date(2025, 11, 10))
    undated = _audit(world.partnership, "no day yet", planned=None, held=None)
    Audit.objects.filter(pk=undated.pk).update(created_at=dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC))
    order = _titles_in_order(client_for(world["qa"]), ("met in September", "met in November", "no day yet"))
    assert order == ["met in November", "no day yet", "met in September"]
    oldest_first = [point.audit.title for point in recurrence(world.partnership).points]
    assert [title for title in oldest_first if title in order] == list(reversed(order))


def test_the_search_costs_the_same_queries_however_many_audits_were_held(world, client_for):
    client = client_for(world["qa"])
    made = iter(range(1, 29))

    def add(count: int):
        for _ in range(count):
            n = next(made)
            _audit(world.partnership, f"Audit {n}", planned=dt.date(2025, 11, n), held=dt.date(2025, 12, n))

    assert_queries_do_not_grow(lambda: client.get(reverse("findings:search"), {"q": "fathers"}), add)
