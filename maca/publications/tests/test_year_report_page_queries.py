"""A year's report's page reads the same number of queries however many
audits the year held: its chart is checked against the year's theme figures
(``figures.figures_now``), not against every audit's record."""

from __future__ import annotations

from django.urls import reverse

from maca.findings.models import Finding
from maca.programme.models import Audit, Stage
from maca.publications.models import Kind, PublicationVersion
from maca.publications.practice import practice_report_save
from maca.publications.services import publication_create
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.querycount import assert_queries_do_not_grow


def _waiting(world, *, stage=Stage.MEETING):
    """An audit at ``stage`` whose findings wait for their themes (its strengths are confirmed)."""
    audit = audit_with_findings(world)
    Finding.objects.filter(audit=audit, polarity="concern").update(tags_confirmed_at=None)
    Audit.objects.filter(pk=audit.pk).update(stage=stage)
    return audit


def test_the_year_report_page_does_not_read_more_with_more_audits(world, client_for):
    """Audits whose findings wait for their themes, at the meeting (a link
    each on the draft page) and past it (said in the report, never linked),
    read no more than others."""
    first = _waiting(world)
    _waiting(world, stage=Stage.ACTIONS)
    report = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=first.programme.year
    )
    assert PublicationVersion.objects.filter(publication=report).exists()
    client = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])

    def more_audits(n: int) -> None:
        for i in range(n):
            _waiting(world, stage=Stage.WRITING_UP if i % 2 else Stage.CLOSED)

    assert_queries_do_not_grow(lambda: client.get(url), more_audits)
    page = client.get(url).content.decode()
    # What the page read with the data: a link to each audit whose themes can
    # still be confirmed (the first, then 1 of 2 and 5 of 10 added), and a
    # report that says of the others that they never were.
    assert page.count("whose themes are not confirmed</a>") == 7
    assert "2 strengths and 0 findings recorded. 2 findings recorded were never given confirmed themes" in page


def test_the_year_report_page_does_not_read_more_with_more_published_briefings(world, client_for):
    """Its impact section (how agencies used each published output) is read
    for all the year's published outputs at once."""
    first = audit_with_findings(world)
    publish(world, six_step_for(world, first))
    report = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=first.programme.year
    )
    client = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])

    def more_published_briefings(n: int) -> None:
        for _ in range(n):
            briefing = six_step_for(world)
            publish(world, briefing)
            practice_report_save(
                actor=world["qa"].user,
                publication=briefing,
                agency=world.health,
                meetings_held=2,
                staff_reached=12,
                changes_made="Fathers are asked about at every assessment.",
            )

    assert_queries_do_not_grow(lambda: client.get(url), more_published_briefings)
    assert "Fathers are asked about at every assessment." in client.get(url).content.decode()
