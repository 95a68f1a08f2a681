"""The message after "Refresh the figures from the year’s findings" on the
year's report reads as sentences.

QA walk: it listed the refreshed tables' raw cells ("…, 21 January 2026, 5,
10, Actions.") and ended lines that had their own full stop with another
("in supervision.."). Now each section says in words what changed in it,
row by row, each audit's lines with the audit's title, and no sentence
ends with two full stops."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings.models import Finding
from maca.findings.services.findings import finding_remove
from maca.publications.practice import practice_report_save
from maca.publications.tests.builders import publish, six_step_for, version_on
from maca.publications.tests.test_year_figures_as_at import _cancel, _report, _year_with_actions
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_the_message_after_the_refresh_says_what_changed_in_words(world, client_for):
    audit, second = _year_with_actions(world)
    briefing = six_step_for(world, audit)
    publish(world, briefing)
    report = _report(world, audit)
    # Since the report was drafted: an action cancelled, a finding removed, an agency's use of the briefing.
    _cancel(world, second.__class__.objects.get(pk=second.pk))
    finding = Finding.objects.filter(audit=audit, polarity="concern").first()
    finding_remove(actor=world["qa"].user, finding=finding, reason="Recorded twice", expected_version=finding.version)
    practice_report_save(
        actor=world["qa"].user,
        publication=briefing,
        agency=world.police,
        meetings_held=2,
        staff_reached=9,
        changes_made="Fathers are now asked about in supervision.",
    )
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    page = qa.get(url).content.decode()
    after = qa.post(reverse("publications:figures", args=[report.pk]), {"version": version_on(page)}, follow=True)
    words = words_of(after.content.decode())
    message = words[words.index("The figures in ‘What each audit found") :].split(" Version 1 Draft", 1)[0]

    assert (
        f"The figures in ‘What each audit found and what changed’ were refreshed from the year’s record: "
        f"‘{audit.title}’: 2 strengths and 1 finding recorded; ‘{audit.title}’: Changed: "
    ) in message
    assert (
        "The figures in ‘The action plan’ were refreshed from the year’s record: "
        "2 actions raised: 1 not yet closed (0 red, 0 amber and 1 green) and 1 cancelled; "
        "‘Not started’ in ‘Actions by status’: actions now 1 (it was 2); "
        "‘Cancelled’ in ‘Actions by status’: actions now 1 (it was 0)."
    ) in message
    assert (
        "The figures in ‘Impact: learning into practice’ were refreshed from the year’s record: "
        f"{world.police.name}: Fathers are now asked about in supervision; "
        f"‘{briefing.title}’ in ‘Briefings used in practice’: "
    ) in message
    assert "team meetings now 2 (it was 0) and staff reached now 9 (it was 0)." in message
    assert message.endswith("Check that the sections’ text agrees with them.")
    # Words, never a table's cells one after another, and never two full stops.
    assert ".." not in message
    assert ", 2, 9" not in message
