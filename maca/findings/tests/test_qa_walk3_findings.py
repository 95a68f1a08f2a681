"""What the QA officer read on a third walk of the meeting: the page that
removes a finding names its case, as the finding's other pages do; the
e-mail about an immediate concern writes its apostrophe as every other
e-mail does; a case of an imported past audit links to no chronology, as it
has none."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.notifications.models import SentEmail
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_the_remove_page_names_the_case_the_finding_is_about(world, audit, case, qa):
    finding = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=case, text="A plan, no dates.")
    across = services.finding_create(actor=world["qa"].user, audit=audit, audit_case=None, text="No agency asked.")

    page = words_of(qa.get(reverse("findings:finding_remove", args=[audit.pk, finding.pk])).content.decode())
    assert f"{audit.title} – case {case.number} Remove this finding?" in page
    page = words_of(qa.get(reverse("findings:finding_remove", args=[audit.pk, across.pk])).content.decode())
    assert f"{audit.title} – across cases Remove this finding?" in page


def test_the_immediate_concern_email_writes_a_curly_apostrophe(world, case):
    services.concern_raise(actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="A bruise.")
    body = SentEmail.objects.get(kind="immediate_concern").body
    assert "For the child’s privacy this e-mail does not say what was found." in body
    assert "'" not in body


def test_a_case_of_an_imported_past_audit_offers_no_chronology_to_open(world, audit, case, qa):
    from maca.findings.tests.past_audits import past_audit
    from maca.findings.tests.recurrence_builders import imported

    # A case of maca's own audit links to its multi-agency chronology...
    page = words_of(qa.get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode())
    assert f"Multi-agency chronology of case {case.number}" in page

    # ...an imported one has none (the file brings no chronology): no link to an empty page.
    past = imported(world.partnership, past_audit())
    past_case = past.audit_cases.order_by("number").first()
    page = words_of(qa.get(reverse("findings:case", args=[past.pk, past_case.pk])).content.decode())
    assert f"Case {past_case.number}" in page
    assert "Multi-agency chronology" not in page
