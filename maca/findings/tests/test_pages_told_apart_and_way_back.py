"""A scrutineer who opens a return from the meeting's case page goes back to
that case, not to a page they may not use; and the page for a case's finding
and the page for a cross-case finding have titles of their own."""

from __future__ import annotations

import lxml.html
import pytest
from django.urls import reverse

from maca.findings.tests import matrix_fixtures

pytestmark = pytest.mark.django_db


def _doc(response):
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def test_a_scrutineers_back_link_from_a_return_goes_to_the_meetings_case(world, client_for):
    built = matrix_fixtures.build(world)
    client = client_for(world["scrutineer"])
    doc = _doc(client.get(reverse("returns:detail", args=[built["meeting_return"].pk])))

    href = doc.xpath('//a[contains(@class, "govuk-back-link")]/@href')[0]

    assert href == reverse("findings:case", args=[built["meeting_audit"].pk, built["meeting_case"].pk])
    assert client.get(href).status_code == 200


def test_a_cases_finding_and_a_cross_case_finding_have_titles_of_their_own(world, client_for):
    built = matrix_fixtures.build(world)
    audit, case = built["meeting_audit"], built["meeting_case"]
    client = client_for(world["qa"])

    on_case = _doc(client.get(reverse("findings:finding_new", args=[audit.pk, case.pk]))).findtext(".//title")
    across = _doc(client.get(reverse("findings:cross_finding_new", args=[audit.pk]))).findtext(".//title")

    assert on_case.startswith(f"A strength or finding – case {case.number} – {audit.title}")
    assert across.startswith(f"A strength or finding – across cases – {audit.title}")


def test_changing_or_removing_a_finding_says_which_case_it_is_about_in_the_title(world, client_for):
    # Two tabs open on the changes of two findings of one audit can be told apart:
    # each page's title names the case (or says "across cases"), as the finding's own page does.
    from maca.findings.services import finding_create

    built = matrix_fixtures.build(world)
    audit, case, on_case = built["meeting_audit"], built["meeting_case"], built["finding"]
    across = finding_create(
        actor=world["qa"].user, audit=audit, audit_case=None, text="Fathers were not invited to the reviews."
    )
    client = client_for(world["qa"])

    def title(name, finding):
        return _doc(client.get(reverse(name, args=[audit.pk, finding.pk]))).findtext(".//title")

    assert title("findings:finding_edit", on_case).startswith(
        f"Change the finding – Case {case.number} – {audit.title}"
    )
    assert title("findings:finding_edit", across).startswith(
        f"Change the finding – A finding across cases – {audit.title}"
    )
    assert title("findings:finding_remove", on_case).startswith(
        f"Remove this finding? – Case {case.number} – {audit.title}"
    )
    assert title("findings:finding_remove", across).startswith(
        f"Remove this finding? – A finding across cases – {audit.title}"
    )
