"""An audit's strengths and findings are counted one way in every
publication: a 6 Step Briefing of the audit lists and counts the findings
the year's report counts of it (confirmed ones), so a finding nobody has
confirmed is in neither."""

from __future__ import annotations

from django.urls import reverse

from maca.findings.models import Finding
from maca.publications.models import Kind
from maca.publications.services import publication_create
from maca.publications.tests.builders import audit_with_findings, six_step_for

UNCONFIRMED = "The school nurse was not told of the move."


def test_the_briefing_and_the_year_report_give_the_same_numbers_for_an_audit(world, client_for):
    audit = audit_with_findings(world, cases=1)
    Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=audit.audit_cases.get(number=1),
        agency=world.police,
        polarity="concern",
        text=UNCONFIRMED,
    )
    briefing = six_step_for(world, audit)
    report = publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=audit.programme.year
    )
    client = client_for(world["qa"])

    briefing_page = client.get(reverse("publications:detail", args=[briefing.pk])).content.decode()
    year_page = client.get(reverse("publications:detail", args=[report.pk])).content.decode()

    assert "1 strength and 1 finding recorded" in year_page
    assert "The audit found 1 strength and 1 finding" in briefing_page
    # What it counts is what it lists: the finding nobody confirmed is in neither.
    assert UNCONFIRMED not in briefing_page
