"""A year's report's page reads the same number of queries however many
audits the year held: its chart is checked against the year's theme figures
(``figures.figures_now``), not against every audit's record."""

from __future__ import annotations

from django.urls import reverse

from maca.publications.models import Kind, PublicationVersion
from maca.publications.services import publication_create
from maca.publications.tests.builders import audit_with_findings
from maca.tests.querycount import assert_queries_do_not_grow


def test_the_year_report_page_does_not_read_more_with_more_audits(world, client_for):
    first = audit_with_findings(world)
    report = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=first.programme.year
    )
    assert PublicationVersion.objects.filter(publication=report).exists()
    client = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])

    def more_audits(n: int) -> None:
        for _ in range(n):
            audit_with_findings(world)

    assert_queries_do_not_grow(lambda: client.get(url), more_audits)
